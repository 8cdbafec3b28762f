"""The API's list of children at scale: a client acting as a kurator with 2 000 assigned children
among 100 000, paged by cursor (first page and a page deep in the list), and the public list of
interventions.

Creates its own PostgreSQL database (lots_bench_api), bulk-inserts the data set, then measures
server time in-process with Django's test client (warm-up, then timed requests) and the number of
queries one call costs. Writes benchmarks/results/api.md.

    .venv/bin/python -m benchmarks.bench_api [--total 100000] [--assigned 2000] [--requests 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from benchmarks.bench_intake import SERVER
from benchmarks.inprocess import time_get

BENCH_DB = "lots_bench_api"


def _prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("LOTS_API_RATE", "1000000/min")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lots.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(total: int, assigned: int) -> str:
    """The data set; returns the bearer token of the client."""
    from lots.access.models import Assignment
    from lots.api import services
    from lots.api.models import ApiClient, Scope
    from lots.catalogue.models import Intervention
    from lots.organisations.models import Agency, Membership, Principal, Unit, User
    from lots.organisations.roles import Role
    from lots.people.models import Child

    town = Principal.objects.create(name="Storstad", kind="municipality", organisation_number="212000-0142")
    school = Agency.objects.create(principal=town, name="Utbildning", kind="school")
    unit = Unit.objects.create(agency=school, name="Storskolan", kind="school")
    user = User.objects.create(username="kurator", first_name="Kim", last_name="Kuratorsson")
    Membership.objects.create(user=user, unit=unit, role=Role.KURATOR, valid_from=dt.date(2024, 1, 1))
    Child.objects.bulk_create(
        (
            Child(
                first_name=f"Barn{n}",
                last_name=f"Efternamn{n % 977}",
                reserve_number=f"B{n:08d}",
                protected_identity=n % 500 == 0,
            )
            for n in range(total)
        ),
        batch_size=5000,
    )
    child_ids = list(Child.objects.order_by("pk").values_list("pk", flat=True)[: total : max(total // assigned, 1)])
    Assignment.objects.bulk_create(
        [Assignment(user=user, unit=unit, child_id=pk, reason="student_health", created_by=user) for pk in child_ids],
        batch_size=5000,
    )
    Intervention.objects.bulk_create(
        [
            Intervention(
                agency=school, name=f"Insats {n}", summary="Stöd i skolan.", access_route="free", published=True
            )
            for n in range(500)
        ]
    )
    client = ApiClient.objects.create(name="Elevhälsans journal", principal=town, acting_as=user, scope=Scope.READ)
    client.agencies.set([school])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _token, presented = services.issue_token(client=client, created_by=user)
    return presented


def _measure(presented: str, n_requests: int) -> dict:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {presented}")
    deep = "/api/v1/children/?page_size=50"
    for _ in range(20):  # walk 20 pages in, to time a page deep in the list
        deep = client.get(deep).json()["next"]
    urls = {
        "children, first page (50)": "/api/v1/children/?page_size=50",
        "children, page 21 (cursor)": deep,
        "interventions, first page (50)": "/api/v1/interventions/",
    }
    results = {}
    for label, url in urls.items():
        results[label] = time_get(client, url, n_requests)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--assigned", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    _prepare_database()
    _setup_django()
    started = time.perf_counter()
    presented = _build(args.total, args.assigned)
    built = time.perf_counter() - started
    results = _measure(presented, args.requests)
    lines = [
        "# API: a list endpoint at scale",
        "",
        f"{args.total:,} children, {args.assigned:,} of them assigned to the kurator the API client acts as; "
        f"500 published interventions. PostgreSQL, in-process Django test client with a bearer token, "
        f"{args.requests} timed requests per call after 5 warm-up requests. Data built in {built:.0f} s. "
        "Each call of the children's list writes one audit row per child shown (50).",
        "",
        "| call | median ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]
    for label, r in results.items():
        lines.append(f"| {label} | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} |")
    lines.append("")
    lines.append(f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on a 2-core machine shared with other work.")
    out = Path(__file__).parent / "results" / "api.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
