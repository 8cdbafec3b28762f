"""Search over a catalogue of 5 000 interventions: median and p95 server time, query count.

    .venv/bin/python -m benchmarks.bench_catalogue            # PostgreSQL, then SQLite
    .venv/bin/python -m benchmarks.bench_catalogue --engine sqlite

PostgreSQL: a database of its own (lots_bench_catalogue on localhost, or BENCH_POSTGRES_URL),
dropped, created and migrated here. SQLite: a file in a temporary directory. The catalogue is the
demo's vocabulary and entries, varied to 5 000 (names, units, ages, words from other entries), with
its search documents written as the services write them. Requests go through Django's test Client
(the public search page, the whole stack), after a warm-up; the selector alone is timed too.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.inprocess import configure_database

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "catalogue.md"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@localhost:5432/lots_bench_catalogue")
SIZE = 5000
WARM_UP = 20
TIMED = 100
QUERIES = [
    {"q": "föräldrastöd"},
    {"q": "frånvaro"},
    {"q": "ADHD", "alder": "13"},
    {"q": "korttidsvistelse"},
    {"q": "ångest nedstämdhet"},
    {"q": "stöd", "vag": "free"},
    {"q": "samtal för föräldrar", "sprak": "ar"},
    {"behov": ["school-absence", "anxiety-depression"], "alder": "14"},
]


def _configure(engine: str) -> None:
    configure_database(engine, POSTGRES_URL, "lots-bench-catalogue-")


def _populate(rng: random.Random) -> int:
    from django.core.management import call_command
    from django.db import connection, transaction

    from demo.catalogue import ENTRIES, build_needs
    from demo.organisations import build_organisations
    from lots.catalogue.models import Intervention
    from lots.catalogue.search import index
    from lots.organisations.models import Agency, Unit

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        build_organisations()
        tags = build_needs()
        agencies = {a.name: a for a in Agency.objects.all()}
        units = {u.name: u for u in Unit.objects.all()}
        sentences = [s.strip() + "." for e in ENTRIES for s in e.summary.split(".") if s.strip()]
        entries, needs = [], []
        for i in range(SIZE):
            spec = ENTRIES[i % len(ENTRIES)]
            low = rng.randint(0, 14)
            entries.append(
                Intervention(
                    agency=agencies[spec.agency],
                    unit=units[spec.unit] if spec.unit else None,
                    name=f"{spec.name} {i // len(ENTRIES) + 1}",
                    name_en=spec.name_en,
                    summary=" ".join([spec.summary, *rng.sample(sentences, 2)]),
                    summary_en=spec.summary_en,
                    professional_description=spec.prof,
                    age_min=low,
                    age_max=rng.randint(low, 20),
                    access_route=spec.route,
                    how_to_get=spec.how,
                    legal_basis=spec.law,
                    cost=spec.cost,
                    languages=f",{','.join(spec.languages.split())},",
                    published=rng.random() < 0.9,
                )
            )
            needs.append(spec.needs.split())
        entries = Intervention.objects.bulk_create(entries, batch_size=1000)
        through = Intervention.needs.through
        through.objects.bulk_create(
            [
                through(intervention_id=e.pk, needtag_id=tags[slug].pk)
                for e, slugs in zip(entries, needs, strict=True)
                for slug in slugs
            ],
            batch_size=2000,
        )
        loaded = list(Intervention.objects.select_related("agency", "unit"))
        for start in range(0, len(loaded), 500):
            index.refresh(loaded[start : start + 500])
    # As autovacuum would: statistics, and the GIN index's pending list merged into the index
    # (before that, each search reads the list linearly).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return Intervention.objects.count()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _measure(engine: str) -> dict:
    _configure(engine)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from lots.catalogue import selectors

    rng = random.Random(2026)
    started = time.perf_counter()
    count = _populate(rng)
    populate_seconds = time.perf_counter() - started
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    page_times, selector_times, hits = [], [], []
    with override_settings(STORAGES=storages):
        for i in range(WARM_UP):
            client.get("/insatser/", QUERIES[i % len(QUERIES)])
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/insatser/", QUERIES[0])
        assert response.status_code == 200
        queries = len(captured.captured_queries)
        for i in range(TIMED):
            params = QUERIES[i % len(QUERIES)]
            t0 = time.perf_counter()
            response = client.get("/insatser/", params)
            page_times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        for i in range(TIMED):
            params = QUERIES[i % len(QUERIES)]
            t0 = time.perf_counter()
            result = selectors.search(
                text=params.get("q", ""),
                needs=params.get("behov", []),
                age=int(params["alder"]) if "alder" in params else None,
                access_route=params.get("vag", ""),
                language=params.get("sprak", ""),
                public=True,
            )
            selector_times.append((time.perf_counter() - t0) * 1000)
            hits.append(len(result.hits))
    return {
        "engine": engine,
        "entries": count,
        "populate_s": populate_seconds,
        "page_median": statistics.median(page_times),
        "page_p95": _percentile(page_times, 0.95),
        "selector_median": statistics.median(selector_times),
        "selector_p95": _percentile(selector_times, 0.95),
        "queries": queries,
        "hits": statistics.mean(hits),
    }


def _row(r: dict) -> str:
    return (
        f"| {r['engine']} | {r['entries']} | {r['page_median']:.1f} | {r['page_p95']:.1f} | "
        f"{r['selector_median']:.1f} | {r['selector_p95']:.1f} | {r['queries']} | {r['hits']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print one result as a Python literal (internal)")
    args = parser.parse_args()
    if args.engine != "both":
        result = _measure(args.engine)
        print(repr(result) if args.json else _row(result))
        return
    results = []
    for engine in ("postgresql", "sqlite"):
        out = (
            subprocess.run(  # noqa: S603 - this script, run again with fixed arguments
                [sys.executable, "-m", "benchmarks.bench_catalogue", "--engine", engine, "--json"],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        results.append(eval(out, {"__builtins__": {}}))  # noqa: S307 - our own subprocess's repr of a dict
    table = "\n".join(_row(r) for r in results)
    text = f"""# Catalogue search benchmark

`python -m benchmarks.bench_catalogue` — {SIZE} interventions (the demo's entries varied), the
public search page `/insatser/` through Django's test Client in-process, {WARM_UP} warm-up requests
then {TIMED} timed requests cycling over {len(QUERIES)} searches (words, synonyms, compounds, needs,
filters); the selector `catalogue.selectors.search` is timed alone as well. Times in milliseconds.
Target: median under 30 ms on PostgreSQL.

| engine | entries | page median | page p95 | search median | search p95 | queries per page | hits (mean) |
|---|---|---|---|---|---|---|---|
{table}

Machine: shared 2-core development box, PostgreSQL {_pg_version()}, SQLite with FTS5. Load average
while measuring: {os.getloadavg()[0]:.1f}; a fixed Python loop (3 M squares summed) took {_calibration():.0f} ms,
about 150 ms on an idle core: divide the figures by the ratio for an unloaded server.
Measured {time.strftime("%Y-%m-%d")}.
"""
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


def _calibration() -> float:
    started = time.perf_counter()
    sum(i * i for i in range(3_000_000))
    return (time.perf_counter() - started) * 1000


def _pg_version() -> str:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception:  # a figure for the report only
        return "?"


if __name__ == "__main__":
    main()
