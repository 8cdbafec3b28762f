"""The access log is append-only and hash-chained; the verifier finds any tampering."""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from lots.audit import services
from lots.audit.chain import canonical, row_hash
from lots.audit.models import AuditEntry
from lots.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def write(n: int, actor=None) -> list[AuditEntry]:
    accesses = [
        services.Access(action="view", record_type="people.child", record_id=str(i), child_id=i) for i in range(n)
    ]
    return services.record(actor, accesses)


def tamper(sql: str, params=()) -> None:
    """Change the table behind the triggers' back, as someone with database access might."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")  # gone after a first tamper
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
            cursor.execute(sql, params)
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update")


def test_rows_chain_to_the_row_before():
    rows = write(3)
    assert rows[0].prev_hash == "0" * 64
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    more = write(1)
    assert more[0].prev_hash == rows[2].hash
    assert verify_chain() == (4, [])


def test_the_database_refuses_update():
    (row,) = write(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=row.pk).update(detail="changed")


def test_the_database_refuses_delete():
    (row,) = write(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=row.pk).delete()


def test_the_verifier_finds_a_changed_row():
    rows = write(5)
    tamper("UPDATE audit_auditentry SET record_id = '999' WHERE id = %s", [rows[2].pk])
    checked, breaks = verify_chain()
    assert checked == 5
    assert [(b.entry_id, "changed" in b.problem) for b in breaks] == [(rows[2].pk, True)]


def test_the_verifier_finds_a_removed_row():
    rows = write(5)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [rows[2].pk])
    checked, breaks = verify_chain()
    assert checked == 4
    assert len(breaks) == 1
    assert breaks[0].entry_id == rows[3].pk
    assert f"row {rows[1].pk}" in breaks[0].problem and "removed or inserted" in breaks[0].problem


def test_the_verifier_finds_a_row_appended_without_the_key():
    rows = write(3)
    forged = AuditEntry(
        action="view",
        record_type="people.child",
        record_id="x",
        prev_hash=rows[2].hash,
        at=rows[2].at,
        chain=rows[2].chain,
    )
    forged.hash = hashlib.sha256(canonical(forged)).hexdigest()  # no key: a plain hash
    forged.save()
    checked, breaks = verify_chain()
    assert checked == 4
    assert [b.entry_id for b in breaks] == [forged.pk, forged.pk]
    assert "forged" in breaks[0].problem
    assert "recorded head" in breaks[1].problem, "the writers' head still names the last true row"


def test_the_verifier_finds_a_row_put_in_place_of_another():
    """Even a forger holding the key breaks the link from the next row."""
    rows = write(3)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [rows[1].pk])
    forged = AuditEntry(
        pk=rows[1].pk,
        action="view",
        record_type="people.child",
        record_id="x",
        prev_hash=rows[0].hash,
        at=rows[1].at,
        chain=rows[1].chain,
    )
    forged.hash = row_hash(forged)
    forged.save(force_insert=True)
    checked, breaks = verify_chain()
    assert checked == 3
    assert [b.entry_id for b in breaks] == [rows[2].pk]


def test_the_command_reports_the_break_and_fails(capsys):
    rows = write(3)
    call_command("verify_audit_log")
    assert "3 rows checked" in capsys.readouterr().out
    tamper("UPDATE audit_auditentry SET username = 'someone' WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match="broken in 1 place"):
        call_command("verify_audit_log")
    assert f"row {rows[1].pk}" in capsys.readouterr().err


def test_a_failing_audit_write_rolls_back_the_change_that_caused_it(world, monkeypatch):
    """No unlogged read or write: the service's change and its log row commit together."""
    from lots.access import services as access_services
    from lots.access.models import Consent
    from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(DatabaseError):
        access_services.record_consent(
            actor=world.actor(world.kim),
            child=world.elin,
            purpose=Purpose.SIP,
            agencies=[
                access_services.AgencyScope(agency=world.school),
                access_services.AgencyScope(agency=world.bup),
            ],
            information_kinds=ALL_INFORMATION_KINDS,
            form=Consent.Form.DIGITAL,
        )
    assert not Consent.objects.exists()


def _statements(call):
    """The append's own statements: taking the chain, the INSERT, moving the head (queries_of
    leaves SQLite's move out)."""
    from django.test.utils import CaptureQueriesContext

    from lots.core.testing import appends_to_the_log

    with CaptureQueriesContext(connection) as captured:
        call()
    own = ('SELECT "chain", "hash"', 'UPDATE "audit_chainhead"')
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(own) or appends_to_the_log(q["sql"])]


def _takes(statements: list[str]) -> list[str]:
    """The statements that take a chain and read its head."""
    return [sql for sql in statements if sql.startswith('SELECT "chain", "hash"')]


@pytest.fixture
def heads():
    """Every chain's head, as a migrated database has them (an earlier test's flush empties them)."""
    services.add_chain_heads(16)


def test_a_second_write_in_the_same_transaction_does_not_lock_or_read_the_head_again(heads):
    with transaction.atomic():
        first = _statements(lambda: write(2))
        second = _statements(lambda: write(3))
    # PostgreSQL: take the chain and read its head; insert and move the head in one statement.
    # SQLite: read the head; insert; move the head.
    assert len(first) == (2 if connection.vendor == "postgresql" else 3) and len(_takes(first)) == 1
    assert len(second) == len(first) - 1 and not _takes(second)
    assert verify_chain() == (5, [])


def test_after_a_rolled_back_write_the_next_one_reads_the_head_again(heads):
    write(2)
    with transaction.atomic():
        try:
            with transaction.atomic():
                write(2)
                raise RuntimeError("the service fails after logging")
        except RuntimeError:
            pass
        again = _statements(lambda: write(1))
    assert len(_takes(again)) == 1
    assert verify_chain() == (3, [])


def test_a_second_write_in_one_transaction_reuses_the_held_head():
    from lots.core.testing import queries_of

    with transaction.atomic():
        write(1)
        second = queries_of(lambda: write(1))
    assert len(second) == 1, "only the INSERT: the lock is held and the head is known"
    assert verify_chain()[1] == []


def test_a_rolled_back_write_does_not_leave_the_next_row_chained_to_it():
    class Undo(Exception):
        pass

    with transaction.atomic():
        (first,) = write(1)
        try:
            with transaction.atomic():
                write(1)
                raise Undo
        except Undo:
            pass
        (third,) = write(1)
    assert third.prev_hash == first.hash
    assert verify_chain() == (2, [])


def test_the_verifier_finds_a_head_that_is_not_the_chains_last_row():
    rows = write(2)
    tamper("UPDATE audit_chainhead SET hash = %s WHERE chain = %s", [rows[0].hash, rows[0].chain])
    (found,) = verify_chain()[1]
    assert (found.entry_id, found.chain) == (rows[1].pk, rows[1].chain)
    assert "recorded head" in found.problem


def test_missing_heads_are_made_from_each_chains_last_row():
    """A new database or more chains configured: the head starts where the log's chain ends."""
    from lots.audit.models import ChainHead

    rows = write(2)
    ChainHead.objects.all().delete()
    services._HEADS_KNOWN.clear()
    connection._lots_audit_chain_head = None  # as a new transaction would
    (after,) = write(1)
    assert (after.chain, after.prev_hash) == (rows[1].chain, rows[1].hash)
    assert ChainHead.objects.get(chain=after.chain).hash == after.hash
    assert verify_chain() == (3, [])
