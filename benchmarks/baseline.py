"""This checkout against another, side by side in one run: `make bench BENCH_ARGS=--baseline=PATH`.

Machines here differ by up to three times in speed, and one machine by tens of percent from one
minute to the next, so figures from two runs do not compare. Here a second gunicorn serves the
same database from another checkout of Lots (a `git worktree` of an earlier commit, say) with
this checkout's virtual environment, and every page is sent to the two servers in turn
(`load.interleaved`): a slow minute falls on both alike.

By default the baseline runs against the database this checkout migrated; where the schema has
changed (a column dropped), give it a copy of the database made before migrating
(`--baseline-database`, e.g. `CREATE DATABASE lots_bench_100000_before TEMPLATE lots_bench_100000`):
the same data on each side, each in its own schema. The signed-in sessions the requests carry
are copied into it. A page that fails on the baseline shows it in its statuses.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from benchmarks import load
from benchmarks.pages import all_pages

MEASURED = ("server_median_ms", "server_p95_ms", "cpu_median_ms", "db_median_ms", "queries", "statuses")


def _cpu_and_db(measured: dict) -> float | None:
    if measured["cpu_median_ms"] is None or measured["db_median_ms"] is None:
        return None
    return measured["cpu_median_ms"] + measured["db_median_ms"]


def compare(args, env: dict, fixture: dict, *, start_server, free_port) -> list[dict]:
    """Each page (of `args.pages`, else all), interleaved between this checkout and the baseline;
    the ratio is this checkout's median over the baseline's (below 1: faster now)."""
    baseline = Path(args.baseline).resolve()
    if not (baseline / "lots" / "wsgi.py").is_file():
        raise SystemExit(f"{baseline} is not a checkout of Lots (no lots/wsgi.py)")
    ports = {"current": free_port(), "baseline": free_port()}
    servers = [start_server(env, ports["current"], args.workers)]
    baseline_env = {**env, "PYTHONPATH": str(baseline)}
    database = getattr(args, "baseline_database", None)
    if database:
        baseline_env["DATABASE_URL"] = database
    servers.append(start_server(baseline_env, ports["baseline"], args.workers, cwd=baseline))
    rows, sessions = [], {}
    try:
        for page in all_pages():
            if args.pages and page.name not in args.pages:
                continue
            prepared = load.prepare(page.build(fixture), sessions)
            if database:
                copy_sessions(sessions.values(), database)
            measured = load.interleaved(ports, prepared, count=args.requests)
            row = {"name": page.name, **{side: {k: measured[side][k] for k in MEASURED} for side in ports}}
            now, before = measured["current"]["server_median_ms"], measured["baseline"]["server_median_ms"]
            row["server_ratio"] = round(now / before, 3) if now and before else None
            now, before = _cpu_and_db(measured["current"]), _cpu_and_db(measured["baseline"])
            row["cpu_db_ratio"] = round(now / before, 3) if now and before else None
            rows.append(row)
            print(
                f"  {page.name:<16} {row['baseline']['server_median_ms'] or float('nan'):.1f} → "
                f"{row['current']['server_median_ms'] or float('nan'):.1f} ms (× {row['server_ratio']})"
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return rows


def copy_sessions(keys, database: str) -> None:
    """The sessions made in this checkout's database, written into the baseline's (same users)."""
    import psycopg
    from django.contrib.sessions.models import Session

    rows = list(
        Session.objects.filter(session_key__in=list(keys)).values_list("session_key", "session_data", "expire_date")
    )
    with psycopg.connect(database) as connection:
        connection.cursor().executemany(
            "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (%s, %s, %s) "
            "ON CONFLICT (session_key) DO NOTHING",
            rows,
        )


def describe(path: str) -> dict:
    """Which commit the baseline is, for the results file."""
    found = subprocess.run(  # noqa: S603 (our own arguments)
        ["git", "-C", path, "rev-parse", "HEAD"],  # noqa: S607 (git from PATH, as make finds it)
        capture_output=True,
        text=True,
        check=False,
    )
    return {"path": os.fspath(Path(path).resolve()), "commit": found.stdout.strip() or None}
