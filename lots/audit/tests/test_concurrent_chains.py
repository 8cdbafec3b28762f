"""On PostgreSQL, transactions that log at the same time take different chains instead of waiting.

Each test holds a chain in a second connection (a thread with its own transaction) and writes
from the test's connection while that transaction is still open.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from lots.audit import services
from lots.audit.models import AuditEntry
from lots.audit.tests.test_chain import write
from lots.audit.verify import verify_chain
from lots.core.testing import appends_to_the_log, queries_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time"),
]


@pytest.fixture(autouse=True)
def heads():
    """Every chain's head, committed, as a migrated database has them: the flush after an earlier
    transactional test empties the table, and a head made inside the holder's open transaction
    would make the second writer wait for it."""
    services.add_chain_heads(16)


class Holder(threading.Thread):
    """Logs a row in its own connection and keeps that transaction, and its chain, open until released."""

    def __init__(self):
        super().__init__(daemon=True)
        self.holding = threading.Event()
        self.release = threading.Event()
        self.row = None

    def run(self) -> None:
        try:
            with transaction.atomic():
                (self.row,) = write(1)
                self.holding.set()
                self.release.wait(timeout=60)
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        assert self.holding.wait(timeout=30), "the holder did not write"
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.join(timeout=30)


def write_without_waiting(n: int, *, lock_timeout: str = "2s"):
    """Log n rows; a wait for a lock longer than `lock_timeout` fails instead of blocking."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{lock_timeout}'")
        return write(n)


def test_two_open_transactions_write_to_different_chains_without_waiting():
    with Holder() as holder:
        mine = write_without_waiting(3)
        assert holder.is_alive(), "the other transaction was still open while this one wrote"
    assert {r.chain for r in mine} != {holder.row.chain}
    assert len({r.chain for r in mine}) == 1
    assert verify_chain() == (4, [])


def test_with_one_chain_the_second_writer_would_wait(settings):
    """The check above can fail: with a single chain the second writer blocks on the holder."""
    settings.LOTS_AUDIT_CHAINS = 1
    with Holder(), pytest.raises(OperationalError, match="lock timeout"):
        write_without_waiting(1, lock_timeout="100ms")
    assert verify_chain() == (1, [])


def _waiting_for_a_chain() -> bool:
    """Another connection waits for a lock on a chain's head row (or for the row to be made)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE %s AND pid <> pg_backend_pid())",
            ['%"audit_chainhead"%'],
        )
        return cursor.fetchone()[0]


def test_when_every_chain_is_busy_the_writer_waits_and_links_after_the_holder(settings):
    settings.LOTS_AUDIT_CHAINS = 1
    written = []

    def second_writer():
        try:
            written.extend(write(2))
        finally:
            connection.close()

    with Holder() as holder:
        waiter = threading.Thread(target=second_writer, daemon=True)
        waiter.start()
        deadline = time.monotonic() + 30
        while not _waiting_for_a_chain():
            assert time.monotonic() < deadline, "the second writer never queued for the chain"
            time.sleep(0.01)
        assert not written
    waiter.join(timeout=30)
    assert [r.chain for r in written] == [0, 0]
    assert written[0].prev_hash == holder.row.hash
    assert verify_chain() == (3, [])


def _takes_a_chain(sql: str) -> bool:
    return sql.startswith('SELECT "chain", "hash" FROM "audit_chainhead"')


def _committed(n: int):
    with transaction.atomic():
        return write(n)


def test_a_connection_appends_after_the_head_it_committed_without_reading_it_first():
    (first,) = _committed(1)
    statements = queries_of(lambda: _committed(2))
    assert not any(map(_takes_a_chain, statements))
    assert sum(map(appends_to_the_log, statements)) == 1
    second, third = AuditEntry.objects.order_by("pk")[1:]
    assert (second.chain, second.prev_hash, third.prev_hash) == (first.chain, first.hash, second.hash)
    assert services.chain_head(first.chain) == third.hash
    assert verify_chain() == (3, [])


def test_after_another_writer_moved_the_head_the_append_takes_a_chain_as_before():
    (first,) = _committed(1)

    def another_writer():
        try:
            connection._lots_audit_chain = first.chain  # the same chain, first
            _committed(1)
        finally:
            connection.close()

    other = threading.Thread(target=another_writer, daemon=True)
    other.start()
    other.join(timeout=30)
    statements = queries_of(lambda: _committed(1))
    assert any(map(_takes_a_chain, statements)), "the known head was stale: the chain is taken and read"
    assert AuditEntry.objects.filter(chain=first.chain).count() >= 2
    assert verify_chain() == (3, [])


def test_a_rolled_back_append_leaves_the_chain_where_the_last_commit_left_it():
    (first,) = _committed(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _committed(1)
        raise RuntimeError
    (after,) = _committed(1)
    assert (after.chain, after.prev_hash) == (first.chain, first.hash)
    assert verify_chain() == (2, [])
