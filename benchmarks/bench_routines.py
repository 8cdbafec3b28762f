"""The process view of one routine over 200 000 journeys: median and p95 server time, queries.

    .venv/bin/python -m benchmarks.bench_routines            # PostgreSQL, then SQLite
    .venv/bin/python -m benchmarks.bench_routines --engine sqlite --journeys 20000

PostgreSQL: a database of its own (lots_bench_routines on localhost, or BENCH_POSTGRES_URL),
dropped, created and migrated here. SQLite: a file in a temporary directory. The routine is the
demo's "Problematisk skolfrånvaro" (seven steps, a loop back, branches); journeys are spread over
20 000 children and reach a random step (done ones with days spent drawn per step), written with
bulk_create. The page `/rutiner/<id>/processvy/` is requested through Django's test Client as a
steering-group member, after a warm-up; the grouped query (`selectors.process_figures`) is timed
alone as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.inprocess import configure_database

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "routines.md"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@localhost:5432/lots_bench_routines")
CHILDREN = 20_000
WARM_UP = 5
TIMED = 30


def _configure(engine: str) -> None:
    configure_database(engine, POSTGRES_URL, "lots-bench-routines-")


def _populate(rng: random.Random, journeys: int):
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from demo.organisations import build_organisations
    from demo.routine_texts import ROUTINES
    from demo.routines import _steps
    from lots.organisations.models import Membership, Principal, Unit, User
    from lots.organisations.roles import Role
    from lots.people.models import Child
    from lots.routines.models import Journey, JourneyStep, Routine, RoutineVersion, StepStatus, VersionStatus

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        build_organisations()
        school = Unit.objects.get(name="Åsens skola")
        staff = Unit.objects.filter(kind=Unit.Kind.ADMINISTRATION, agency__principal=school.agency.principal).first()
        user = User.objects.create_user("styrgrupp", password="bench-lots-2026")  # noqa: S106 - a throwaway database
        Membership.objects.create(user=user, unit=staff, role=Role.STEERING_GROUP_MEMBER)
        spec = ROUTINES[0]
        routine = Routine.objects.create(
            name=spec["name"], scenario=spec["scenario"], principal=Principal.objects.get(name="Åskärs kommun")
        )
        version = RoutineVersion.objects.create(
            routine=routine,
            number=1,
            status=VersionStatus.PUBLISHED,
            concerns_roles=spec["roles"],
            published_at=timezone.now(),
        )
        _steps(version, spec["steps"])
        steps = list(version.steps.order_by("order"))
        children = Child.objects.bulk_create(
            [
                Child(first_name="Barn", last_name=str(i), reserve_number=f"B{i}", school_unit=school)
                for i in range(CHILDREN)
            ],
            batch_size=5000,
        )
        today, now = timezone.localdate(), timezone.now()
        for start in range(0, journeys, 10_000):
            batch = Journey.objects.bulk_create(
                [
                    Journey(
                        child=children[rng.randrange(CHILDREN)],
                        version=version,
                        routine=routine,
                        unit=school,
                        agency_id=school.agency_id,
                        started_by=user,
                        started_on=today - dt.timedelta(days=rng.randint(0, 700)),
                    )
                    for _ in range(min(10_000, journeys - start))
                ]
            )
            rows = []
            for journey in batch:
                reached = rng.randint(1, len(steps))
                for i, step in enumerate(steps):
                    done = i < reached - 1
                    rows.append(
                        JourneyStep(
                            journey=journey,
                            step=step,
                            routine=routine,
                            step_key=step.key,
                            status=StepStatus.COMPLETED
                            if done
                            else (StepStatus.OPEN if i == reached - 1 else StepStatus.PENDING),
                            owner_agency_id=school.agency_id,
                            owner_unit=school,
                            entered_at=now if i < reached else None,
                            days_in_step=rng.randint(0, 40) if done else None,
                            due_on=journey.started_on + dt.timedelta(days=10 * (i + 1)),
                        )
                    )
            JourneyStep.objects.bulk_create(rows, batch_size=10_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return routine, JourneyStep.objects.count()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _measure(engine: str, journeys: int) -> dict:
    _configure(engine)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from lots.organisations.models import User
    from lots.routines import selectors

    started = time.perf_counter()
    routine, journey_steps = _populate(random.Random(2026), journeys)
    populate_seconds = time.perf_counter() - started
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    url = f"/rutiner/{routine.pk}/processvy/"
    client = Client()
    client.force_login(User.objects.get(username="styrgrupp"))
    page_times, query_times = [], []
    with override_settings(STORAGES=storages):
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200
        statements: list[str] = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        for _ in range(TIMED):
            t0 = time.perf_counter()
            response = client.get(url)
            page_times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        for _ in range(TIMED):
            t0 = time.perf_counter()
            selectors.process_figures(routine.pk)
            query_times.append((time.perf_counter() - t0) * 1000)
    return {
        "engine": engine,
        "journeys": journeys,
        "journey_steps": journey_steps,
        "populate_s": populate_seconds,
        "page_median": statistics.median(page_times),
        "page_p95": _percentile(page_times, 0.95),
        "query_median": statistics.median(query_times),
        "queries": len(statements),
    }


def _row(r: dict) -> str:
    return (
        f"| {r['engine']} | {r['journeys']} | {r['journey_steps']} | {r['page_median']:.0f} | {r['page_p95']:.0f} | "
        f"{r['query_median']:.0f} | {r['queries']} | {r['populate_s']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--journeys", type=int, default=200_000)
    parser.add_argument("--json", action="store_true", help="print one result as a Python literal (internal)")
    args = parser.parse_args()
    if args.json:
        print(repr(_measure(args.engine, args.journeys)))
        return
    results = []
    for engine in ("postgresql", "sqlite") if args.engine == "both" else (args.engine,):
        out = subprocess.run(  # noqa: S603 - this script, run again with fixed arguments
            [
                sys.executable,
                "-m",
                "benchmarks.bench_routines",
                "--engine",
                engine,
                "--json",
                "--journeys",
                str(args.journeys),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        results.append(eval(out.splitlines()[-1], {"__builtins__": {}}))  # noqa: S307 - our own subprocess's repr
    table = "\n".join(_row(r) for r in results)
    text = f"""# Routines process view benchmark

`python -m benchmarks.bench_routines` — the process view of one routine (seven steps) over
{args.journeys} journeys, through Django's test Client in-process as a steering-group member,
{WARM_UP} warm-up requests then {TIMED} timed; the grouped query alone is timed as well. Times in
milliseconds. Target: the page under 500 ms.

| engine | journeys | journey steps | page median | page p95 | grouped query median | queries per page | populate (s) |
|---|---|---|---|---|---|---|---|
{table}

Machine: shared 2-core development box; load average while measuring: {os.getloadavg()[0]:.1f}.
Measured {time.strftime("%Y-%m-%d")}.
"""
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
