"""The reception queue at scale: 10 000 open concern reports in a municipality of 400 000.

Creates its own PostgreSQL database (lots_bench_intake), bulk-inserts the data set, then measures
server time in-process with Django's test client (warm-up, then timed requests) and the number of
queries one page costs. Writes benchmarks/results/intake.md.

    .venv/bin/python -m benchmarks.bench_intake [--total 400000] [--open 10000] [--requests 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from benchmarks.inprocess import signed_in_client, time_get

BENCH_DB = "lots_bench_intake"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@localhost:5432")


def _prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lots.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(total: int, open_count: int) -> object:
    import random

    from django.utils import timezone

    from lots.intake import deadlines
    from lots.intake.models import ConcernReport
    from lots.organisations.models import Agency, Membership, Principal, Unit, User
    from lots.organisations.roles import Role
    from lots.people.models import Child

    rng = random.Random(400)
    town = Principal.objects.create(name="Storstad", kind="municipality", organisation_number="212000-0142")
    social = Agency.objects.create(principal=town, name="Socialförvaltningen", kind="social_services")
    school = Agency.objects.create(principal=town, name="Utbildning", kind="school")
    reception = Unit.objects.create(agency=social, name="Mottagningen", kind="social_services_reception")
    school_unit = Unit.objects.create(agency=school, name="Storskolan", kind="school")
    user = User.objects.create(username="mottagning", first_name="Eva", last_name="Lundqvist")
    Membership.objects.create(user=user, unit=reception, role=Role.SOCIAL_WORKER_INTAKE, valid_from=dt.date(2024, 1, 1))
    reporter = User.objects.create(username="larare", first_name="Ida", last_name="Nordin")

    children_count = max(total // 4, 1)
    Child.objects.bulk_create(
        (
            Child(
                first_name=f"Barn{n}",
                last_name=f"Efternamn{n % 977}",
                reserve_number=f"B{n:08d}",
                protected_identity=n % 500 == 0,
            )
            for n in range(children_count)
        ),
        batch_size=5000,
    )
    child_ids = list(Child.objects.values_list("pk", flat=True))
    now = timezone.now()
    today = timezone.localdate()
    batch: list[ConcernReport] = []
    for n in range(total):
        is_open = n < open_count
        received = now - dt.timedelta(days=rng.randint(0, 20) if is_open else rng.randint(30, 3000), minutes=n % 1440)
        report = ConcernReport(
            receiving_agency=social,
            receiving_unit=reception,
            child_id=rng.choice(child_ids) if n % 20 else None,
            child_name_given="Okänt barn" if n % 20 == 0 else "",
            reporter=reporter,
            reporter_unit=school_unit,
            reporter_kind="school",
            reporter_name="Ida Nordin",
            reporter_phone="070-174 06 10",
            observed="Eleven har berättat om oro hemma.",
            observed_on=received.date(),
            violence="subjected" if n % 7 == 0 else "none",
            guardians_informed="yes",
            received_at=received,
            status="received" if is_open else "not_opened",
            decided_at=None if is_open else received + dt.timedelta(days=5),
            protection_assessed_at=received + dt.timedelta(hours=2) if (n % 3 or not is_open) else None,
            feedback_given_at=None if is_open else received + dt.timedelta(days=6),
        )
        upcoming = deadlines.next_open(deadlines.report_deadlines(report))
        report.next_deadline_on = upcoming.due if upcoming else None
        report.next_deadline_rule = upcoming.rule.key if upcoming else ""
        batch.append(report)
        if len(batch) == 5000:
            ConcernReport.objects.bulk_create(batch)
            batch = []
    ConcernReport.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert ConcernReport.objects.filter(next_deadline_on__isnull=False).count() == open_count
    del today
    return user


def _measure(user, n_requests: int) -> dict:
    client = signed_in_client(user)
    urls = ["/ingang/mottagning/", "/ingang/mottagning/?status=overdue", "/ingang/mottagning/?page=50"]
    results = {}
    for url in urls:
        results[url] = time_get(client, url, n_requests)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total", type=int, default=400_000)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    _prepare_database()
    _setup_django()
    started = time.perf_counter()
    user = _build(args.total, args.open)
    built = time.perf_counter() - started
    results = _measure(user, args.requests)
    lines = [
        "# Intake: the reception queue at scale",
        "",
        f"{args.total:,} concern reports in one municipality, {args.open:,} of them open "
        f"(a deadline still running); {args.total // 4:,} children. PostgreSQL, in-process Django test client, "
        f"{args.requests} timed requests per page after 5 warm-up requests. Data built in {built:.0f} s.",
        "",
        "| page | median ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]
    for url, r in results.items():
        lines.append(f"| `{url}` | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} |")
    lines.append("")
    lines.append(f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on a 2-core machine shared with other work.")
    out = Path(__file__).parent / "results" / "intake.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
