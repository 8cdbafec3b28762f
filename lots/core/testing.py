"""Helpers for tests that assert how many queries a page costs (never how long it takes)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

_TRANSACTION_CONTROL = (
    # PostgreSQL's advisory lock that serialises appends to the access log (SQLite needs none):
    # a lock, not a read, so that a page costs the same count on both databases.
    "SELECT pg_advisory_xact_lock",
    "SAVEPOINT",
    "RELEASE SAVEPOINT",
    "ROLLBACK TO SAVEPOINT",
    "BEGIN",
    "COMMIT",
)


def queries_of(call) -> list[str]:
    """The SQL statements `call()` runs, leaving out transaction control."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(_TRANSACTION_CONTROL)]
