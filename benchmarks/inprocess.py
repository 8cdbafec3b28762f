"""What the standalone benchmarks (bench_<app>.py) share: a database of their own, and the timing
of one page in process with Django's test client."""

from __future__ import annotations

import os
import statistics
import tempfile
import time


def configure_database(engine: str, postgres_url: str, prefix: str) -> None:
    """Point Django at a fresh PostgreSQL database (dropped and made anew) or a new SQLite file."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lots.settings")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    var = tempfile.mkdtemp(prefix=prefix)
    os.environ["LOTS_VAR_DIR"] = var
    if engine == "postgresql":
        import psycopg

        base, name = postgres_url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = postgres_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"


def signed_in_client(user):
    """A test client signed in as the user, past the one-time code step as a sign-in with the
    code leaves it (benchmarks/load.py makes its sessions the same way): pages, not sign-in, are
    measured."""
    from django.test import Client

    from lots.organisations.services import OTP_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[OTP_SESSION_KEY] = False
    session.save()
    return client


def time_get(client, url: str, n_requests: int, *, warm_up: int = 5) -> dict:
    """Median and 95th percentile (ms) of `n_requests` GETs after a warm-up, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(n_requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": len(captured.captured_queries),
    }
