"""Where one page's time goes: its SQL statements with their times (and EXPLAIN ANALYZE of the
slowest), and a pyinstrument profile of the request, in-process against a benchmark database.

    .venv/bin/python -m benchmarks.profile --scale 100000 --page child_overview [--explain]

pyinstrument is not a dependency of Lots: `.venv/bin/pip install pyinstrument` to get the
profile; without it the SQL is still shown.
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks.run import ROOT, _database_url, _environment, _postgres_answers


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 10_000)))
    parser.add_argument("--page", required=True)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the three slowest statements.")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    engine = "postgresql" if _postgres_answers() else "sqlite"
    os.environ.update(_environment(_database_url(args.scale, engine)))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks import load
    from benchmarks.pages import all_pages, choose_fixture

    page = next(p for p in all_pages() if p.name == args.page)
    request = page.build(choose_fixture())
    prepared = load.prepare(request, {})
    # An API page carries its bearer token in a header, a page its session in a cookie.
    auth = {"Authorization": prepared.headers["Authorization"]} if "Authorization" in prepared.headers else {}
    client = Client(SERVER_NAME="127.0.0.1", headers=auth)
    for part in filter(None, (p.strip() for p in prepared.headers.get("Cookie", "").split(";"))):
        name, _, value = part.partition("=")
        client.cookies[name] = value

    def call():
        # Not inside a rolled-back transaction: Django would close the connection after each
        # request (autocommit left off), and with it the statements PostgreSQL has prepared.
        # The page's log rows stay in the benchmark database, as they do under `make bench`.
        if request.method == "POST":
            return client.post(request.path, data=prepared.body, content_type="application/x-www-form-urlencoded")
        return client.get(request.path)

    for _ in range(3):
        call()
    with CaptureQueriesContext(connection) as captured:
        response = call()
    print(f"{page.name}: {response.status_code}, {len(captured.captured_queries)} statements")
    timed = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    for query in captured.captured_queries:
        print(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:160]}")
    if args.explain and connection.vendor == "postgresql":
        for query in timed[:3]:
            if query["sql"].startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    print("\n".join(row[0] for row in cursor.fetchall()))
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("(pip install pyinstrument for a profile of the Python side)")
        return
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            call()
    print(f"{(time.perf_counter() - started) * 1000 / args.repeat:.1f} ms per request in-process")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
