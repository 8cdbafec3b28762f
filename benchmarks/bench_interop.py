"""Benchmark of the interop app: a SIP exported as FHIR, and a pupil file of 10 000 rows imported.

    .venv/bin/python -m benchmarks.bench_interop [--rows 10000] [--exports 30] [--postgres]

Loads the demo into a fresh database (a temporary SQLite file, or with --postgres the database
`lots_bench_interop` on the local PostgreSQL), then measures in process:

- the FHIR export (`sip_bundle`) of the demo SIP with the most actions, read by a member of
  staff taking part in it: median and p95 of the timed calls after a warm-up, and its queries;
- the import of a CSV file of `--rows` new pupils, each with two guardians, by the head teacher
  of Åsens skola, the whole path (reading, checking every row, writing, audit log): rows per
  second, then the same file again (every pupil already there: all updates or unchanged).

Writes benchmarks/results/interop-<database>.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@localhost:5432")
NAME = "lots_bench_interop"
RESULTS = Path(__file__).resolve().parent / "results"


def _setup(postgres: bool) -> str:
    var = tempfile.mkdtemp(prefix="lots-bench-interop-")
    if postgres:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{NAME}"')
        os.environ["DATABASE_URL"] = f"{SERVER}/{NAME}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ["LOTS_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lots.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from demo import loader as demo

    demo.build(seed=2026)
    from django.db import connection

    return connection.vendor


def _actor(username: str):
    from lots.organisations.actor import Actor
    from lots.organisations.models import User
    from lots.organisations.selectors import current_memberships

    user = User.objects.get(username=username)
    return Actor(user=user, membership=current_memberships(user).first())


def _export(count: int) -> dict:
    from django.db.models import Count

    from lots.core.testing import queries_of
    from lots.interop.fhir.export import sip_bundle
    from lots.organisations.actor import Actor
    from lots.organisations.selectors import current_memberships
    from lots.plans.models import Sip, SipParticipant

    sip = Sip.objects.annotate(n=Count("actions")).order_by("-n", "pk").first()
    participant = SipParticipant.objects.filter(sip=sip, kind="staff", removed_at__isnull=True).first()
    membership = current_memberships(participant.user).filter(unit__agency=participant.agency).first()
    actor = Actor(user=participant.user, membership=membership)
    for _ in range(3):
        sip_bundle(actor=actor, plan=sip)
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        bundle = sip_bundle(actor=actor, plan=sip)
        timings.append((time.perf_counter() - start) * 1000)
    queries = queries_of(lambda: sip_bundle(actor=actor, plan=sip))
    timings.sort()
    return {
        "actions": sip.n,
        "entries": len(bundle["entry"]),
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": len(queries),
    }


def _pupil_file(rows: int) -> bytes:
    from lots.people.identity import make_identity_number

    lines = [
        "personnummer;fornamn;efternamn;skolenhetskod;arskurs;"
        "vh1_personnummer;vh1_fornamn;vh1_efternamn;vh1_vardnad;"
        "vh2_personnummer;vh2_fornamn;vh2_efternamn;vh2_vardnad"
    ]
    for n in range(rows):
        day, serial = divmod(n, 900)
        child = make_identity_number(dt.date(2009, 1, 1) + dt.timedelta(days=day), serial + 1)
        mother = make_identity_number(dt.date(1975, 1, 1) + dt.timedelta(days=day), serial + 1)
        father = make_identity_number(dt.date(1974, 1, 1) + dt.timedelta(days=day), serial + 1)
        lines.append(
            f"{child};Elev{n};Bänksson;90000001;{n % 9 + 1};{mother};Mor{n};Bänksson;ja;{father};Far{n};Bänksson;ja"
        )
    return "\n".join(lines).encode()


def _import(data: bytes) -> tuple[float, object]:
    from lots.interop.imports import run
    from lots.interop.models import ChildImport

    actor = _actor("rektor.asen")
    job = ChildImport.objects.create(
        uploaded_by=actor.user, membership=actor.membership, file_kind="csv", content=data, dry_run=False
    )
    start = time.perf_counter()
    run.process(job)
    elapsed = time.perf_counter() - start
    assert not job.errors, job.errors[:3]
    return elapsed, job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--exports", type=int, default=30)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    vendor = _setup(args.postgres)
    export = _export(args.exports)
    data = _pupil_file(args.rows)
    first, _first_job = _import(data)
    again, second = _import(data)
    lines = [
        "# Interop benchmark",
        "",
        f"Database: {vendor}; demo data; `python -m benchmarks.bench_interop --rows {args.rows}"
        f" --exports {args.exports}{' --postgres' if args.postgres else ''}`.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| FHIR export of one SIP ({export['actions']} actions, {export['entries']} entries), median | "
        f"{export['median']:.1f} ms |",
        f"| FHIR export, p95 of {args.exports} | {export['p95']:.1f} ms |",
        f"| FHIR export, queries | {export['queries']} |",
        f"| CSV import of {args.rows} new pupils | {first:.1f} s, {args.rows / first:.0f} rows/s |",
        f"| the same file again ({second.updated} updated, {second.unchanged} unchanged) | "
        f"{again:.1f} s, {args.rows / again:.0f} rows/s |",
        "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"interop-{vendor}.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
