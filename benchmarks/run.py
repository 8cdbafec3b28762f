"""`make bench`: Lots through the real HTTP stack at a chosen scale.

    .venv/bin/python -m benchmarks.run --scale 100000

Against PostgreSQL when one answers at BENCH_POSTGRES (a database of its own per scale,
`lots_bench_<N>`, or BENCH_DATABASE's name, created, migrated and filled by `generate_scale_data` the first time),
SQLite otherwise. gunicorn serves Lots on a loopback port with `benchmarks.settings` (the
Server-Timing header on); a sequential client reads the server's own time per request and wrk
measures requests per second at 1 and 8 clients. Results: benchmarks/results/<db>-<N>.json,
and the tables and the chart over every result there (benchmarks/results/README.md, .svg).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BENCH_POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@localhost:5432")
#: The PostgreSQL database's name, `lots_bench_<N>` unless BENCH_DATABASE names another (one's own
#: copy, where several checkouts share a server).
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "")


def _postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{BENCH_POSTGRES}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def _database_url(scale: int, engine: str) -> str:
    if engine == "postgresql":
        return f"{BENCH_POSTGRES}/{BENCH_DATABASE or f'lots_bench_{scale}'}"
    return f"sqlite:///{ROOT / 'var' / 'bench' / f'lots-{scale}.sqlite3'}"


def _create_postgres_database(name: str, *, drop: bool) -> None:
    import psycopg

    with psycopg.connect(f"{BENCH_POSTGRES}/postgres", autocommit=True) as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "LOTS_SERVER_TIMING": "1",
        "LOTS_VAR_DIR": str(ROOT / "var" / "bench"),
        "LOG_LEVEL": "WARNING",
    }


def _prepare_database(args, url: str, engine: str) -> dict:
    """Migrate, and generate the data set unless this database already holds it."""
    from django.core.management import call_command

    from lots.people.models import Child

    call_command("migrate", verbosity=0)
    count = Child.objects.count()
    if count == args.scale:
        return {"generated": False}
    if count:
        raise SystemExit(f"{url} holds {count} children, not {args.scale}: run with --rebuild")
    started = time.monotonic()
    call_command("generate_scale_data", children=args.scale, seed=args.seed, quiet=not sys.stderr.isatty())
    return {"generated": True, "build_seconds": round(time.monotonic() - started, 1)}


def _start_server(env: dict, port: int, workers: int, *, cwd: Path = ROOT) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 (our own arguments)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "lots.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz within a minute")


def _measure_pages(args, port: int, fixture: dict) -> list[dict]:
    from benchmarks import load, rawdb
    from benchmarks.pages import all_pages

    sessions: dict[str, str] = {}
    results = []
    for page in all_pages():
        if args.pages and page.name not in args.pages:
            continue
        request = page.build(fixture)
        prepared = load.prepare(request, sessions)
        print(f"  {page.name:<16} sequential…", end="", flush=True)
        result = {"name": page.name, "label": page.label, "kind": page.kind, "method": request.method}
        result.update(load.sequential(port, prepared, count=args.requests))
        result["target_median_ms"], result["target_p95_ms"] = page.target_median_ms, page.target_p95_ms
        result["throughput"] = []
        for clients in args.clients:
            print(f" wrk×{clients}…", end="", flush=True)
            result["throughput"].append(load.throughput(port, prepared, clients=clients, seconds=args.seconds))
        statements = rawdb.capture(request, prepared)
        result["captured_queries"] = len(statements)
        result["raw_db_ms"] = round(rawdb.replay(statements), 3)
        if result["server_median_ms"] and result["raw_db_ms"]:
            result["ratio_to_raw_db"] = round(result["server_median_ms"] / result["raw_db_ms"], 2)
        if result["server_median_ms"] is None:
            print(f" no answer measured within the time bound ({result['statuses']})")
        else:
            print(f" {result['server_median_ms']:.1f} ms, {result['queries']:.0f} queries")
        results.append(result)
    return results


#: The pages whose cost of the policy and the log is measured (issue 3), by page name.
POLICY_COST_PAGES = ("child_overview", "my_children", "sip_page")
MEASURED = ("server_median_ms", "server_p95_ms", "cpu_median_ms", "db_median_ms", "queries", "statuses")
VARIANTS = (
    ("policy_and_log", "benchmarks.settings"),
    ("policy_only", "benchmarks.settings_policy_only"),
    ("bare", "benchmarks.settings_bare"),
)


def _policy_cost(args, env: dict, fixture: dict) -> list[dict]:
    """Issue 3: the same pages served with the policy and the log, the policy alone, and neither
    (a gunicorn per variant, benchmarks/variants.py), each request sent to the three in turn."""
    from benchmarks import load
    from benchmarks.pages import all_pages

    pages = [page for page in all_pages() if page.name in POLICY_COST_PAGES]
    rows = {page.name: {"name": page.name} for page in pages}
    sessions: dict[str, str] = {}
    servers, ports = [], {}
    try:
        for variant, settings_module in VARIANTS:
            ports[variant] = _free_port()
            servers.append(
                _start_server({**env, "DJANGO_SETTINGS_MODULE": settings_module}, ports[variant], args.workers)
            )
        for page in pages:
            prepared = load.prepare(page.build(fixture), sessions)
            for variant, measured in load.interleaved(ports, prepared, count=args.requests).items():
                rows[page.name][variant] = {k: measured[k] for k in MEASURED}
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    for row in rows.values():
        bare, full = row["bare"], row["policy_and_log"]
        row["policy_and_log_overhead"] = round(full["server_median_ms"] / bare["server_median_ms"] - 1, 3)
        bare_cpu_db = bare["cpu_median_ms"] + bare["db_median_ms"]
        full_cpu_db = full["cpu_median_ms"] + full["db_median_ms"]
        row["policy_and_log_overhead_cpu_db"] = round(full_cpu_db / bare_cpu_db - 1, 3)
        row["policy_overhead"] = round(row["policy_only"]["server_median_ms"] / bare["server_median_ms"] - 1, 3)
        row["log_ms_per_request"] = round(full["server_median_ms"] - row["policy_only"]["server_median_ms"], 3)
        print(
            f"  {row['name']:<16} +{row['policy_and_log_overhead']:.0%} policy and log"
            f" (+{row['policy_overhead']:.0%} policy)"
        )
    return list(rows.values())


def _write_rate(args) -> list[dict]:
    from benchmarks.auditrate import write_rate

    runs = []
    for processes in (1, 8):
        for rows in (1, 50):
            runs.append(write_rate(processes=processes, rows=rows, seconds=args.seconds))
            print(f"  {processes} writers × {rows} rows: {runs[-1]['rows_per_s']:,.0f} rows/s")
    return runs


def _import_rate(args, engine: str) -> dict:
    """The attendance import of a file of `--import-rows` lesson rows, in a process and database
    of its own (benchmarks/bench_attendance.py): issue 24's target is a million in under two minutes."""
    url = None
    if engine == "postgresql":
        _create_postgres_database("lots_bench_attendance", drop=False)
        url = f"{BENCH_POSTGRES}/lots_bench_attendance"
    command = [sys.executable, "-m", "benchmarks.bench_attendance", "--rows", str(args.import_rows), "--json"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "LOTS_VAR_DIR")}
    if url:
        command += ["--database-url", url]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    for run in measured["imports"]:
        print(f"  {run['label']}: {run['seconds']:.1f} s, {run['rows_per_s']:,.0f} rows/s")
    return measured


def _counts() -> dict:
    from django.apps import apps

    counted = {}
    for label in (
        "people.Child",
        "people.RelatedPerson",
        "organisations.User",
        "access.Assignment",
        "access.Consent",
        "audit.AuditEntry",
    ):
        counted[label] = apps.get_model(label).objects.count()
    return counted


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 10_000)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=["auto", "postgresql", "sqlite"], default="auto")
    parser.add_argument("--rebuild", action="store_true", help="Drop and generate the data set again.")
    parser.add_argument("--requests", type=int, default=200, help="Timed sequential requests per page.")
    parser.add_argument("--seconds", type=int, default=5, help="Seconds of each wrk run and write-rate run.")
    parser.add_argument("--clients", type=lambda s: [int(c) for c in s.split(",")], default=[1, 8])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
    parser.add_argument("--pages", type=lambda s: s.split(","), default=None, help="Only these pages (names).")
    parser.add_argument(
        "--skip", type=lambda s: s.split(","), default=[], help="search,policy_cost,write_rate,import_rate"
    )
    parser.add_argument(
        "--import-rows", type=int, default=1_000_000, help="Lesson rows of the attendance import's file."
    )
    parser.add_argument(
        "--baseline", default=None, help="Another checkout of Lots to measure against, interleaved (baseline.py)."
    )
    parser.add_argument(
        "--baseline-database", default=None, help="The baseline's own copy of the data set (a URL; baseline.py)."
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops gunicorn

    engine = args.engine if args.engine != "auto" else ("postgresql" if _postgres_answers() else "sqlite")
    url = _database_url(args.scale, engine)
    if engine == "postgresql":
        _create_postgres_database(url.rsplit("/", 1)[1], drop=args.rebuild)
    elif args.rebuild:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    Path(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    env = _environment(url)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks import report
    from benchmarks.pages import choose_fixture

    print(f"Lots benchmark: {args.scale:,} children on {engine} ({url.split('@')[-1]})")
    built = _prepare_database(args, url, engine)
    call_command("collectstatic", interactive=False, verbosity=0)
    port = _free_port()
    server = _start_server(env, port, args.workers)
    try:
        fixture = choose_fixture(args.pages)
        result = {
            "scale": args.scale,
            "engine": engine,
            "seed": args.seed,
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
            "gunicorn_workers": args.workers,
            "data": {**built, "rows": _counts()},
            "pages": _measure_pages(args, port, fixture),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.baseline:
        from benchmarks import baseline

        print(f"Against the baseline {args.baseline} (interleaved):")
        result["baseline"] = {
            **baseline.describe(args.baseline),
            "pages": baseline.compare(args, env, fixture, start_server=_start_server, free_port=_free_port),
        }
    if "search" not in args.skip:
        from benchmarks.search import search_times

        result["search"] = search_times(fixture)
        print("Search itself: " + ", ".join(f"{k} {v['median_ms']:.1f} ms" for k, v in result["search"].items()))
    if "policy_cost" not in args.skip:
        print("Policy and log cost (issue 3):")
        result["policy_cost"] = _policy_cost(args, env, fixture)
    if "write_rate" not in args.skip:
        print("Access-log write rate:")
        result["audit_write_rate"] = _write_rate(args)
    if "import_rate" not in args.skip:
        print(f"Attendance import ({args.import_rows:,} rows):")
        result["attendance_import"] = _import_rate(args, engine)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{engine}-{args.scale}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    report.write_all(RESULTS)
    print(f"Results: {path.relative_to(ROOT)}, benchmarks/results/README.md, benchmarks/results/time-vs-scale.svg")


if __name__ == "__main__":
    main()
