"""The write rate the access log sustains: processes appending through `audit.services.record`,
each append its own transaction (as a request is), one row (a child's page) or fifty (a list).

Each row carries the hash of the one before it in its chain. On PostgreSQL the log is
LOTS_AUDIT_CHAINS chains and each transaction takes a free one (an advisory lock per chain), so
up to that many writers append without waiting for each other: with 8 processes this measures
how far appends run in parallel (the CPU, the INSERT and the commit's WAL flush are what is
left). On SQLite one transaction writes at a time, so there it measures the single writer.
"""

from __future__ import annotations

import multiprocessing
import time

from django.db import connections, transaction

from lots.audit import services

DETAIL = "benchmark"


def _worker(rows: int, seconds: float, max_appends: int, queue) -> None:
    import django

    django.setup()
    accesses = [
        services.Access(action="view", record_type="people.child", record_id=str(i), child_id=i, detail=DETAIL)
        for i in range(rows)
    ]
    appends = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and appends < max_appends:
        with transaction.atomic():
            services.record(None, accesses)
        appends += 1
    connections.close_all()
    queue.put(appends)


def write_rate(*, processes: int, rows: int, seconds: float = 5.0, max_appends: int = 20_000) -> dict:
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_worker, args=(rows, seconds, max_appends, queue)) for _ in range(processes)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    appends = sum(queue.get(timeout=seconds + 60) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    elapsed = time.monotonic() - started
    return {
        "processes": processes,
        "rows_per_append": rows,
        "appends_per_s": round(appends / elapsed, 1),
        "rows_per_s": round(appends * rows / elapsed, 1),
    }
