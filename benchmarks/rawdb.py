"""How close a page is to the floor: the SQL of one request, run directly with the driver.

The request runs in-process (Django's test client, inside a transaction that is rolled back,
so its log rows leave no trace); its statements are captured and then replayed on a plain
driver connection, each replay in a transaction that is rolled back. The ratio is the page's
median server time over the median time of its statements alone.
"""

from __future__ import annotations

import sqlite3
import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.load import Prepared
from benchmarks.pages import Request

_SKIP = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def capture(request: Request, prepared: Prepared) -> list[str]:
    extra = {"HTTP_AUTHORIZATION": prepared.headers["Authorization"]} if "Authorization" in prepared.headers else {}
    client = Client(SERVER_NAME="127.0.0.1", **extra)
    cookie = prepared.headers.get("Cookie", "")
    for part in filter(None, (p.strip() for p in cookie.split(";"))):
        name, _, value = part.partition("=")
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        if request.method == "POST":
            client.post(request.path, data=prepared.body, content_type="application/x-www-form-urlencoded")
        else:
            client.get(request.path)
        transaction.set_rollback(True)
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(_SKIP)]


def replay(statements: list[str], *, rounds: int = 30) -> float:
    """Median milliseconds to run the statements once, on a driver connection of their own."""
    settings = connection.settings_dict
    timings = []
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"],
            password=settings["PASSWORD"] or None,
        ) as raw:
            for _ in range(rounds + 3):
                with raw.cursor() as cursor:
                    started = time.perf_counter()
                    for sql in statements:
                        cursor.execute(sql.encode())
                        if cursor.description:
                            cursor.fetchall()
                    timings.append((time.perf_counter() - started) * 1000)
                raw.rollback()
    else:
        from django.db.backends.sqlite3._functions import register

        raw = sqlite3.connect(settings["NAME"], isolation_level=None, timeout=60)
        register(raw)  # the SQL functions Django's SQLite backend adds (date truncation, …)
        try:
            for _ in range(rounds + 3):
                raw.execute("BEGIN IMMEDIATE")  # as Lots does: a read that later writes cannot fail
                started = time.perf_counter()
                for sql in statements:
                    raw.execute(sql).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
                raw.execute("ROLLBACK")
        finally:
            raw.close()
    return statistics.median(timings[3:])
