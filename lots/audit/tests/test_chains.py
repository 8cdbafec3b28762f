"""The log is several independent chains; one canonical form serves writer, verifier and generator."""

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.conf import settings
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from lots.audit import chain, services
from lots.audit.models import AuditEntry
from lots.audit.tests.test_chain import tamper, write
from lots.audit.verify import verify_chain
from lots.core.testing import appends_to_the_log

pytestmark = pytest.mark.django_db


def old_canonical(entry: AuditEntry) -> bytes:
    """The canonical form as it was first written (json.dumps): rows hashed so must keep verifying."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    values = {}
    for name in chain.CHAINED_FIELDS:
        value = getattr(entry, name)
        if name == "shown" and value is None:  # added later, left out where empty
            continue
        if name == "at":
            value = (value - epoch) // dt.timedelta(microseconds=1)
        values[name] = value
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def old_row_hash(entry: AuditEntry) -> str:
    return hmac.new(settings.LOTS_AUDIT_KEY.encode("utf-8"), old_canonical(entry), hashlib.sha256).hexdigest()


def write_in(chain_number: int, n: int, monkeypatch) -> list[AuditEntry]:
    """Rows appended to a chosen chain, as by a new transaction (which forgets the held head)."""
    monkeypatch.setattr(services, "_take_chain", lambda: (chain_number, services.chain_head(chain_number)))
    connection._lots_audit_chain_head = None
    return write(n)


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)))
def test_the_fast_canonical_values_are_the_json_the_chain_writes(value):
    assert chain.json_value(value) == json.dumps(value, default=str)


texts = st.text(max_size=30)
numbers = st.one_of(st.none(), st.integers(min_value=0, max_value=2**62))


@given(
    at=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)),
    username=texts,
    user_id=numbers,
    record_id=texts,
    detail=texts,
    ground_id=numbers,
    flags=st.integers(min_value=0, max_value=31),
    ip_address=st.one_of(st.none(), st.ip_addresses().map(str)),
)
def test_the_canonical_form_is_the_one_old_rows_were_hashed_with(
    at, username, user_id, record_id, detail, ground_id, flags, ip_address
):
    entry = AuditEntry(
        at=at,
        user_id=user_id,
        username=username,
        action="view",
        record_type="people.child",
        record_id=record_id,
        ground="assignment",
        ground_id=ground_id,
        flags=flags,
        ip_address=ip_address,
        detail=detail,
        prev_hash=chain.GENESIS,
    )
    assert chain.canonical(entry) == old_canonical(entry)
    assert chain.row_hash(entry) == old_row_hash(entry)


def test_rows_written_in_the_old_way_still_verify_and_the_chain_goes_on_from_them(monkeypatch):
    prev = chain.GENESIS
    for i, detail in enumerate(["plain", 'quote " and back\\slash', "åäö – Malmö", "tab\there"]):
        entry = AuditEntry(
            action="view",
            record_type="people.child",
            record_id=str(i),
            child_id=i,
            ip_address="10.0.0.1",
            detail=detail,
            prev_hash=prev,
        )
        entry.hash = old_row_hash(entry)
        entry.save()  # as the ORM wrote them before: chain 0, the only chain there was
        prev = entry.hash
    services.move_chain_head(0, services.last_row_hash(0))  # as audit.0010 set the heads of rows before it
    assert verify_chain() == (4, [])
    new = write_in(0, 2, monkeypatch)
    assert new[0].prev_hash == prev
    assert verify_chain() == (6, [])


@pytest.mark.parametrize("n", [3, 50], ids=["a VALUES list", "unnest on PostgreSQL"])
def test_the_entries_returned_are_the_rows_in_the_database(world, n):
    from lots.core import context

    token = context.activate(context.RequestContext(request_id="f" * 32, ip_address="192.0.2.7"))
    try:
        rows = services.record(
            world.actor(world.kim),
            [
                services.Access(action="view", record_type="people.child", record_id=str(i), child_id=i, ground_id=i)
                for i in range(n)
            ],
        )
    finally:
        context.deactivate(token)
    assert rows[0].ip_address == "192.0.2.7" and rows[0].username == world.kim.username
    stored = {e.pk: e for e in AuditEntry.objects.filter(pk__in=[r.pk for r in rows])}
    fields = [f.attname for f in AuditEntry._meta.concrete_fields]
    assert fields == list(services._MODEL_FIELDS), "record() builds entries positionally in this order"
    for row in rows:
        assert [getattr(row, name) for name in fields] == [getattr(stored[row.pk], name) for name in fields]
        assert not row._state.adding


def test_each_chain_links_only_its_own_rows(monkeypatch):
    first = write_in(3, 2, monkeypatch)
    other = write_in(5, 2, monkeypatch)
    then = write_in(3, 1, monkeypatch)
    assert {r.chain for r in first + then} == {3} and {r.chain for r in other} == {5}
    assert other[0].prev_hash == chain.GENESIS
    assert then[0].prev_hash == first[1].hash
    assert services.chain_head(3) == then[0].hash and services.chain_head(5) == other[1].hash
    assert verify_chain() == (5, [])


def test_the_head_read_names_its_chain_in_the_statement_not_as_a_parameter(monkeypatch):
    """The last row read from the log itself (for new heads and the verifier): a prepared
    statement's plan does not know its parameters: with the chain as a parameter,
    PostgreSQL kept a plan that walked every partition's primary key (200 ms at a million rows,
    on every page that logs). With the number in the statement, each chain's plan is its own."""
    sent = []

    def capture(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    write_in(3, 1, monkeypatch)
    with connection.execute_wrapper(capture):
        services.last_row_hash(3)
    ((sql, params),) = sent
    assert '"chain" = 3 ' in sql and not params


def test_a_second_write_in_a_transaction_stays_in_the_chain_it_holds(monkeypatch):
    (first,) = write_in(7, 1, monkeypatch)
    monkeypatch.setattr(services, "_take_chain", lambda: pytest.fail("the held chain is not taken again"))
    (second,) = write(1)
    assert (second.chain, second.prev_hash) == (7, first.hash)


def test_a_row_moved_to_another_chain_is_reported_in_both(monkeypatch):
    three = write_in(3, 3, monkeypatch)
    five = write_in(5, 2, monkeypatch)
    tamper("UPDATE audit_auditentry SET chain = 5 WHERE id = %s", [three[1].pk])
    checked, breaks = verify_chain()
    assert checked == 5
    assert {(b.entry_id, b.chain) for b in breaks} == {(three[2].pk, 3), (three[1].pk, 5), (five[0].pk, 5)}
    assert all("removed or inserted" in b.problem for b in breaks), "no hash changed: only the links show it"
    assert any(str(b).startswith(f"row {three[1].pk} (chain 5): does not follow the start") for b in breaks)


def test_a_removed_row_is_named_with_its_chain(monkeypatch):
    write_in(2, 1, monkeypatch)
    four = write_in(4, 3, monkeypatch)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [four[1].pk])
    checked, breaks = verify_chain()
    assert checked == 3
    assert [str(b) for b in breaks] == [
        f"row {four[2].pk} (chain 4): does not follow row {four[0].pk}: "
        "a row was removed or inserted here, or moved between chains"
    ]


def test_a_list_of_fifty_is_one_insert():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        rows = write(50)
    inserts = [q["sql"] for q in captured.captured_queries if appends_to_the_log(q["sql"])]
    assert len(inserts) == 1
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    assert verify_chain() == (50, [])
