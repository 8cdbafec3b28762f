"""Helpers for tests that assert how many queries a page costs (never how long it takes)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

_TRANSACTION_CONTROL = (
    # SQLite moves the access log's chain head with an UPDATE of its own (PostgreSQL, inside the
    # INSERT): bookkeeping of the append, so that a page costs the same count on both databases.
    'UPDATE "audit_chainhead"',
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


def appends_to_the_log(sql: str) -> bool:
    """Whether a statement appends rows to the access log (PostgreSQL writes them inside a WITH
    that also moves the chain's head)."""
    return 'INSERT INTO "audit_auditentry"' in sql


def main_of(response) -> str:
    """The page's own content (its `<main>`), without the header that names the viewer's unit."""
    assert response.status_code == 200, response.status_code
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
