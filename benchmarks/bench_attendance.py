"""Benchmark of the attendance import: a file of a million lesson rows, the whole path.

    .venv/bin/python -m benchmarks.bench_attendance [--rows 1000000] [--pupils 1000]
        [--database-url postgres://postgres@localhost:5432/lots_attendance]

Migrates the database named by `--database-url` (default: a temporary SQLite file), adds one
municipality with a school, its head teacher and `--pupils` pupils (through the ORM in bulk),
writes a CSV file of `--rows` rows (the pupils' lessons, six a day on school days, about one in
ten absent, valid or not, going back from today), then measures through `importing.start`
exactly as `manage.py import_absence` runs it (reading and checking every row, looking up the
pupils, staging with COPY / executemany, judging, writing): first into an empty table, then the
same file again (every row unchanged), then the school's reckoning of early warning
(`services.raise_signals`) and the head teacher's list (`selectors.school_overview`).

Writes benchmarks/results/attendance-<database>.md. The rows are removed again at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
LESSONS = ("08:15", "09:10", "10:05", "11:00", "12:40", "13:35")


def _setup(url: str | None) -> str:
    var = tempfile.mkdtemp(prefix="lots-bench-attendance-")
    os.environ["DATABASE_URL"] = url or f"sqlite:///{var}/bench.sqlite3"
    os.environ["LOTS_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lots.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def _world(pupils: int):
    from lots.core.luhn import luhn_check_digit
    from lots.organisations.actor import Actor
    from lots.organisations.models import Agency, Membership, Principal, Unit, User
    from lots.organisations.roles import Role
    from lots.people.models import Child

    principal, _ = Principal.objects.get_or_create(
        name="Bänkby kommun", defaults={"kind": Principal.Kind.MUNICIPALITY, "organisation_number": "2120009999"}
    )
    agency, _ = Agency.objects.get_or_create(principal=principal, name="Utbildning", kind=Agency.Kind.SCHOOL)
    unit, _ = Unit.objects.get_or_create(agency=agency, name="Bänkskolan", kind=Unit.Kind.SCHOOL)
    user, _ = User.objects.get_or_create(username="bench-rektor", defaults={"first_name": "Rut", "last_name": "Rektor"})
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=Role.REKTOR)
    numbers = []
    for index in range(pupils):
        born = dt.date(2010, 1, 1) + dt.timedelta(days=index % 2000)
        body = f"{born:%y%m%d}{800 + index // 2000:03d}"
        numbers.append(f"{born:%Y}{body[2:]}{luhn_check_digit(body)}")
    have = set(Child.objects.filter(identity_number__in=numbers).values_list("identity_number", flat=True))
    Child.objects.bulk_create(
        Child(identity_number=n, first_name="Elev", last_name=f"Bänk{i}", school_unit=unit)
        for i, n in enumerate(numbers)
        if n not in have
    )
    return Actor(user=user, membership=membership), numbers, unit


def _file(numbers: list[str], rows: int, path: Path) -> int:
    rng = random.Random(2026)
    written, day = 0, dt.date.today()
    with path.open("w", encoding="utf-8") as out:
        out.write("personnummer;datum;lektion;schemalagda_minuter;franvaro_minuter;giltig\n")
        while written < rows:
            if day.weekday() < 5:
                for number in numbers:
                    for lesson in LESSONS:
                        absent = 55 if rng.random() < 0.1 else 0
                        out.write(f"{number};{day};{lesson};55;{absent};{'ja' if rng.random() < 0.5 else 'nej'}\n")
                        written += 1
                        if written == rows:
                            return written
            day -= dt.timedelta(days=1)
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true", help="End with the figures as one line of JSON (make bench).")
    args = parser.parse_args()
    vendor = _setup(args.database_url)
    from django.conf import settings
    from django.db import connection

    from lots.attendance import importing, selectors, services
    from lots.attendance.models import Absence, PupilTerm, Signal

    settings.LOTS_ATTENDANCE_MAX_BYTES = 1 << 40
    actor, numbers, unit = _world(args.pupils)
    for model in (Absence, PupilTerm, Signal):
        model.objects.filter(unit=unit).delete()
    path = Path(tempfile.mkdtemp(prefix="lots-bench-attendance-file-")) / "franvaro.csv"
    rows = _file(numbers, args.rows, path)
    data = path.read_bytes()
    timings = {}
    for label in ("first import (all rows added)", "the same file again (all unchanged)"):
        started = time.perf_counter()
        job = importing.start(actor=actor, data=data, dry_run=False, now=True)
        timings[label] = (time.perf_counter() - started, job)
        assert job.status == "done", job.errors[:5]
    started = time.perf_counter()
    raised = services.raise_signals(unit_ids=[unit.pk])
    reckoning = time.perf_counter() - started
    started = time.perf_counter()
    overview = selectors.school_overview(actor)
    listing = time.perf_counter() - started
    lines = [
        f"# Attendance import benchmark ({vendor})",
        "",
        f"{rows:,} lesson rows of {args.pupils:,} pupils, {len(data) / 1e6:.1f} MB of CSV; "
        f"`python -m benchmarks.bench_attendance --rows {args.rows} --pupils {args.pupils}` "
        f"on {dt.date.today()} (PostgreSQL {connection.pg_version if vendor == 'postgresql' else '-'}).",
        "",
        "| step | seconds | rows/s | added | updated | unchanged |",
        "|---|---|---|---|---|---|",
    ]
    for label, (seconds, job) in timings.items():
        lines.append(
            f"| {label} | {seconds:.1f} | {rows / seconds:,.0f} | {job.added} | {job.updated} | {job.unchanged} |"
        )
    lines += [
        "",
        f"Reckoning of early warning for the school (`raise_signals`): {reckoning:.2f} s, {raised} signals raised.",
        f"The head teacher's list (`school_overview`, {len(overview.rows)} pupils over a threshold): {listing:.2f} s.",
        "",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"attendance-{vendor}.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if args.json:
        imports = [
            {"label": label, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}
            for label, (seconds, _job) in timings.items()
        ]
        print(json.dumps({"rows": rows, "imports": imports, "reckoning_s": round(reckoning, 2)}))
    for model in (Absence, PupilTerm, Signal):
        model.objects.filter(unit=unit).delete()
    path.unlink()


if __name__ == "__main__":
    main()
