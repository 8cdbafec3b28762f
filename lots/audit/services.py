"""Writing the access log. Rows are written in the caller's transaction, so a read whose log
row cannot be written is rolled back with it: there is no unlogged read.

The log is LOTS_AUDIT_CHAINS hash chains; a transaction appends to one it holds alone, so
concurrent requests do not wait for each other (docs/decisions/0005-audit-chain-slots.md)."""

from __future__ import annotations

import datetime as dt
import functools
import random
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit.chain import FIELDS, GENESIS, link
from lots.audit.models import Action, AuditEntry, ChainHead, Flag, Review
from lots.core import context

if TYPE_CHECKING:
    from lots.organisations.actor import Actor

_TABLE = connection.ops.quote_name(AuditEntry._meta.db_table)
_COLUMNS = (*FIELDS, "prev_hash", "hash", "chain")
_MODEL_FIELDS = ("id", *_COLUMNS)
_AT, _IP, _SHOWN = FIELDS.index("at"), FIELDS.index("ip_address"), FIELDS.index("shown")
_MAX_ROWS = 1000
_VALUES_UP_TO = 10  # PostgreSQL: rows written with a VALUES list; more go through unnest
_ROW_PLACEHOLDERS = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
_INSERT_INTO = f"INSERT INTO {_TABLE} ({', '.join(map(connection.ops.quote_name, _COLUMNS))})"
#: The chain's number is written into the statement, not passed as a parameter: a prepared statement's
#: plan, made without knowing the chain, walked the primary key of every monthly partition (200 ms for
#: a chain with few rows among a million); with the number, the plan walks the (chain, id) index.
_HEAD_SQL = 'SELECT "hash" FROM ' + _TABLE + ' WHERE "chain" = {chain:d} ORDER BY "id" DESC LIMIT 1'  # noqa: S608 (an int, formatted with :d)


@dataclass(frozen=True)
class Access:
    """One access to person data, as the log records it."""

    action: str
    record_type: str
    record_id: str
    child_id: int | None = None
    ground: str = ""
    ground_id: int | None = None
    detail: str = ""
    protected_identity: bool = False
    child_last_name: str = ""
    #: The records a list or search showed, on the one row that names them all (`one_row_per_list`).
    shown: tuple[dict, ...] | None = None


#: Actions that show records in a list: several shown at once are logged by one row naming them.
LISTING = frozenset({Action.LIST, Action.SEARCH})


def _working_hours(at: dt.datetime) -> bool:
    local = timezone.localtime(at)
    start, end = settings.LOTS_WORKING_HOURS
    return local.weekday() < 5 and start <= local.hour < end


def _flags(actor: Actor | None, access: Access, *, outside_hours: bool) -> int:
    flags = 0
    if access.ground == "break_glass" or access.action == Action.BREAK_GLASS:
        flags |= Flag.BREAK_GLASS
    if access.protected_identity:
        flags |= Flag.PROTECTED_IDENTITY
    if (
        actor is not None
        and access.child_last_name
        and actor.user.last_name
        and access.child_last_name.casefold() == actor.user.last_name.casefold()
    ):
        flags |= Flag.SAME_SURNAME
    if outside_hours:
        flags |= Flag.OUTSIDE_WORKING_HOURS
    if access.action == Action.DENIED:
        flags |= Flag.DENIED
    return flags


def one_row_per_list(actor: Actor | None, accesses: Sequence[Access]) -> list[Access]:
    """The accesses of one list or search as the log writes them: one row naming every record
    shown, in the order shown, with its child and ground; and a row of its own for each record
    whose access is flagged for that person (break the glass, protected identity, same surname),
    so that the flagged report names it as before. Writing one row instead of fifty keeps a
    page of fifty children as cheap to log as a page about one (decision 0007)."""
    named = [a for a in accesses if a.action in LISTING and not _flags(actor, a, outside_hours=False)]
    if len(named) < 2 or len({(a.action, a.record_type, a.detail) for a in named}) > 1:
        return list(accesses)
    first = named[0]
    row = Access(
        action=first.action,
        record_type=first.record_type,
        record_id="",
        detail=first.detail,
        shown=tuple(
            {"child": a.child_id, "record": str(a.record_id), "ground": a.ground, "ground_id": a.ground_id}
            for a in named
        ),
    )
    folded = {id(a) for a in named}
    return [row, *(a for a in accesses if id(a) not in folded)]


def _take_chain() -> tuple[int, str]:
    """Lock a chain no other transaction holds, until this transaction ends, and read where it
    ends: one statement on its row of `audit_chainhead` (PostgreSQL, FOR UPDATE SKIP LOCKED).

    The connection tries the chain it wrote to last first, then the others in turn from there;
    only when every chain is busy does it wait, for its first choice (and then reads the head its
    holder left). SQLite: transactions begin IMMEDIATE (settings), so one writer holds the whole
    database and chain 0 is enough.
    """
    count = max(1, settings.LOTS_AUDIT_CHAINS)
    first: int | None
    if connection.vendor != "postgresql":
        count, first = 1, 0
    else:
        first = getattr(connection, "_lots_audit_chain", None)
        if first is None or first >= count:
            first = random.randrange(count)
    for _attempt in range(2):
        if (connection.alias, count) not in _HEADS_KNOWN:
            add_chain_heads(count)
            _HEADS_KNOWN.add((connection.alias, count))
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute(_READ_HEAD_SQL, [0])
            else:
                cursor.execute(_TAKE_SQL, [count, count, first, count])
                if cursor.rowcount == 0:
                    cursor.execute(_WAIT_SQL, [first])
            row = cursor.fetchone()
        if row is not None:
            chain, head = row
            _kept()._lots_audit_chain = chain
            return chain, head
        _HEADS_KNOWN.discard((connection.alias, count))  # the heads were emptied (a test database flushed)
    raise RuntimeError("the access log's chain heads are missing and could not be made")


#: (database alias, chain count) for which this process has seen every chain's head row.
_HEADS_KNOWN: set[tuple[str, int]] = set()
_HEAD_TABLE = connection.ops.quote_name(ChainHead._meta.db_table)
_READ_HEAD_SQL = f'SELECT "chain", "hash" FROM {_HEAD_TABLE} WHERE "chain" = %s'  # noqa: S608 (a table name)
#: The first chain in the connection's order of preference that no other transaction holds.
_TAKE_SQL = (
    f'SELECT "chain", "hash" FROM {_HEAD_TABLE} WHERE "chain" < %s '  # noqa: S608 (a table name)
    'ORDER BY ("chain" + %s - %s) %% %s LIMIT 1 FOR UPDATE SKIP LOCKED'
)
_WAIT_SQL = _READ_HEAD_SQL + " FOR UPDATE"
_MOVE_HEAD_SQL = f'UPDATE {_HEAD_TABLE} SET "hash" = %s WHERE "chain" = %s'  # noqa: S608 (a table name)


def last_row_hash(chain: int) -> str:
    """The hash of the chain's last row in the log itself (an index lookup on (chain, id) in
    every partition), or the genesis hash."""
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_SQL.format(chain=int(chain)))
        row = cursor.fetchone()
    return row[0] if row else GENESIS


def chain_head(chain: int) -> str:
    """Where the chain ends, as its row of `audit_chainhead` says (without locking it)."""
    with connection.cursor() as cursor:
        cursor.execute(_READ_HEAD_SQL, [int(chain)])
        row = cursor.fetchone()
    return row[1] if row else last_row_hash(chain)


def add_chain_heads(count: int) -> None:
    """A head row for each of chains 0…count-1 that has none, from its last row in the log: for a
    new database, or more chains configured than before. Rows already there are kept."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "chain" FROM {_HEAD_TABLE} WHERE "chain" < %s', [count])  # noqa: S608
        present = {chain for (chain,) in cursor.fetchall()}
    missing = [chain for chain in range(count) if chain not in present]
    if missing:
        ChainHead.objects.bulk_create(
            [ChainHead(chain=chain, hash=last_row_hash(chain)) for chain in missing], ignore_conflicts=True
        )


def move_chain_head(chain: int, head: str) -> None:
    """Set where a chain ends, for a writer that appended to it without `record` (the generator);
    it must hold the chain (or the whole log) while it writes."""
    with connection.cursor() as cursor:
        cursor.execute(_MOVE_HEAD_SQL, [head, int(chain)])


class _ConnectionState(Protocol):
    """What this module keeps on Django's connection object (so per connection, and per thread):
    the chain it wrote to last, the head its last commit left, and the mark of the chain head the
    current transaction holds. A new connection has none of them yet: they are read with getattr."""

    _lots_audit_chain: int | None
    _lots_audit_known_head: tuple[int, str] | None
    _lots_audit_chain_head: _ChainHead | None


def _kept() -> _ConnectionState:
    """The connection, to set the state above on (the stubs know only Django's own attributes)."""
    return cast("_ConnectionState", connection)


class _ChainHead:
    """Marks, in Django's on-commit list, the transaction that holds a chain's lock: Django drops
    the mark when that transaction ends or a savepoint around the write is rolled back (and the
    lock and the rows go with it), so a mark still in the list means both are held."""

    def __init__(self, chain: int, last_hash: str):
        self.chain = chain
        self.last_hash = last_hash

    def __call__(self) -> None:
        """At commit: the chain ends here, unless another writer appends to it after us."""
        _kept()._lots_audit_known_head = (self.chain, self.last_hash)


def _hold_chain_head(chain: int, last_hash: str) -> None:
    mark = _ChainHead(chain, last_hash)
    transaction.on_commit(mark)
    _kept()._lots_audit_chain_head = mark


def _held_chain_head() -> _ChainHead | None:
    """The chain this transaction wrote to and its last hash, while it still holds the lock: a
    page that writes twice (the child and a panel's list) locks and reads the chain's head once."""
    mark = getattr(connection, "_lots_audit_chain_head", None)
    if mark is None or not connection.in_atomic_block:
        return None
    # django-stubs types run_on_commit as (savepoints, callback); Django 5 adds `robust`.
    if any(callback is mark for _sids, callback, _robust in connection.run_on_commit):  # type: ignore[misc]
        return mark
    return None


def record(actor: Actor | None, accesses: Iterable[Access]) -> list[AuditEntry]:
    """Append one row per access to a chain, in the current transaction.

    The rows go in with one INSERT (no model instances on the way in, no ORM per row); the
    entries returned are built from the same values and the ids the INSERT returned.
    """
    accesses = list(accesses)
    if not accesses:
        return []
    ctx = context.current()
    now = timezone.now()
    user = actor.user if actor else None
    membership = actor.membership if actor else None
    common = (
        user.pk if user else None,
        user.get_username() if user else "",
        membership.pk if membership else None,
        membership.unit.agency_id if membership else None,
        membership.role if membership else "",
        actor.api_client_id if actor else None,
    )
    outside_hours = not _working_hours(now)
    request_id = ctx.request_id if ctx else ""
    ip_address = ctx.ip_address if ctx else None
    rows = [
        (
            now,
            *common,
            access.action,
            access.child_id,
            access.record_type,
            str(access.record_id),
            access.ground,
            access.ground_id,
            _flags(actor, access, outside_hours=outside_hours),
            request_id,
            ip_address,
            access.detail[:300],
            list(access.shown) if access.shown is not None else None,
        )
        for access in accesses
    ]
    # No savepoint of its own: a failed append fails the transaction of the read or change it
    # logs (no unlogged read), and a page's appends save two round trips each.
    with transaction.atomic(savepoint=False):
        held = _held_chain_head()
        written = None if held else _append_after_known_head(rows)
        if written is not None:
            chain, links, ids = written
        else:
            chain, prev = (held.chain, held.last_hash) if held else _take_chain()
            links = list(link(rows, prev))
            ids = _insert(chain, rows, links)
        _hold_chain_head(chain, links[-1][1])
    return [
        AuditEntry.from_db(connection.alias, _MODEL_FIELDS, (pk, *row, prev_hash, digest, chain))
        for pk, row, (prev_hash, digest) in zip(ids, rows, links, strict=True)
    ]


def _insert(chain: int, rows: list[tuple], links: list[tuple[str, str]]) -> list[int]:
    """Write the rows and move the chain's head, and return the rows' ids in order.

    PostgreSQL: one statement, the head moved by a data-modifying WITH around the INSERT; the
    rows as a VALUES list for a few (a page), as arrays through unnest for more: measured, the
    VALUES list is ~0.5 ms faster for one row and ~2 ms slower for fifty. SQLite: as few INSERTs
    as its limit on parameters allows (one for fifty rows), then an UPDATE of the head.
    """
    head = links[-1][1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql, params = (
                _unnest(chain, rows, links) if len(rows) > _VALUES_UP_TO else next(_values(chain, rows, links))
            )
            cursor.execute(_moving_head(sql), [*params, head, chain])
            return [pk for (pk,) in cursor.fetchall()]
        ids: list[int] = []
        for sql, params in _values(chain, rows, links):
            cursor.execute(sql, params)
            ids += [pk for (pk,) in cursor.fetchall()]
        cursor.execute(_MOVE_HEAD_SQL, [head, chain])
        return ids


def _append_after_known_head(rows: list[tuple]) -> tuple[int, list[tuple[str, str]], list[int]] | None:
    """PostgreSQL: append a page's rows to the chain this connection last committed to, if its head
    is still where that commit left it and no one holds it; else write nothing and return None.

    One statement locks the head, checks it, writes and moves it: the round trip that reads the
    head first (`_take_chain`) is saved whenever no other writer came between, which is the rule
    for a worker that keeps its connection. When one did, the connection starts again from a
    chain chosen at random, so that two connections that chose the same chain part."""
    known = getattr(connection, "_lots_audit_known_head", None)
    if known is None or connection.vendor != "postgresql" or len(rows) > _VALUES_UP_TO:
        return None
    _kept()._lots_audit_known_head = None  # the commit tells it again
    chain, prev = known
    if chain >= max(1, settings.LOTS_AUDIT_CHAINS):  # fewer chains configured since
        return None
    links = list(link(rows, prev))
    sql, params = next(_values(chain, rows, links, guarded=True))
    with connection.cursor() as cursor:
        cursor.execute(_after_known_head(sql), [chain, prev, *params, links[-1][1], chain])
        ids = [pk for (pk,) in cursor.fetchall()]
    if len(ids) != len(rows):  # none: the head has moved, or another transaction holds it
        _kept()._lots_audit_chain = None
        return None
    return chain, links, ids


@functools.cache
def _after_known_head(guarded_insert_sql: str) -> str:
    return (
        f'WITH head AS (SELECT "chain" FROM {_HEAD_TABLE} WHERE "chain" = %s AND "hash" = %s '  # noqa: S608
        f"FOR UPDATE SKIP LOCKED), written AS ({guarded_insert_sql}), "
        f"moved AS ({_MOVE_HEAD_SQL} AND EXISTS (SELECT 1 FROM head)) SELECT id FROM written"
    )


@functools.cache
def _typed_row_placeholders() -> str:
    """A row's placeholders with their columns' types, which a VALUES list inside a SELECT needs."""
    return "(" + ", ".join(f"%s::{AuditEntry._meta.get_field(name).db_type(connection)}" for name in _COLUMNS) + ")"


@functools.cache
def _moving_head(insert_sql: str) -> str:
    moved = _MOVE_HEAD_SQL
    return f"WITH written AS ({insert_sql}), moved AS ({moved}) SELECT id FROM written"  # noqa: S608 (our own SQL)


@functools.cache
def _unnest_sql() -> str:
    """INSERT … SELECT FROM unnest(one array per column) RETURNING id: a statement as short for
    fifty rows as for one, which psycopg need not parse again each time (a VALUES list of a
    thousand placeholders cost more than the insert itself)."""
    arrays = ", ".join(f"%s::{AuditEntry._meta.get_field(name).db_type(connection)}[]" for name in _COLUMNS)
    return f"{_INSERT_INTO} SELECT * FROM unnest({arrays}) RETURNING id"  # noqa: S608 (names and types only)


def _unnest(chain: int, rows: list[tuple], links: list[tuple[str, str]]) -> tuple[str, list]:
    columns = [list(column) for column in zip(*rows, strict=True)]
    adapt_json = connection.ops.adapt_json_value
    columns[_SHOWN] = [None if value is None else adapt_json(value, None) for value in columns[_SHOWN]]
    prev_hashes, hashes = zip(*links, strict=True)
    return _unnest_sql(), [*columns, list(prev_hashes), list(hashes), [chain] * len(rows)]


def _values(
    chain: int, rows: list[tuple], links: list[tuple[str, str]], *, guarded: bool = False
) -> Iterator[tuple[str, list]]:
    """INSERT … VALUES (…), (…) RETURNING id, in as few statements as the database's limit on
    parameters allows. Values are adapted as the ORM would store them (SQLite keeps `at` as UTC
    text). `guarded`: the rows are written only where the statement's `head` has a row
    (`_append_after_known_head`)."""
    ops = connection.ops
    at = ops.adapt_datetimefield_value(rows[0][_AT])
    adapt_json = ops.adapt_json_value
    ip_address = ops.adapt_ipaddressfield_value(rows[0][_IP])
    per_statement = _VALUES_UP_TO
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # 32 766 today, not Django's 999
        per_statement = min(_MAX_ROWS, limit // len(_COLUMNS))
    for start in range(0, len(rows), per_statement):
        batch = range(start, min(start + per_statement, len(rows)))
        params: list = []
        for i in batch:
            row = list(rows[i])
            row[_AT], row[_IP] = at, ip_address
            if row[_SHOWN] is not None:
                row[_SHOWN] = adapt_json(row[_SHOWN], None)
            params += (*row, *links[i], chain)
        if guarded:
            values = ", ".join([_typed_row_placeholders()] * len(batch))
            where = "WHERE EXISTS (SELECT 1 FROM head)"
            yield f"{_INSERT_INTO} SELECT * FROM (VALUES {values}) AS v {where} RETURNING id", params  # noqa: S608
        else:
            values = ", ".join([_ROW_PLACEHOLDERS] * len(batch))
            yield f"{_INSERT_INTO} VALUES {values} RETURNING id", params


def note_denied(actor: Actor | None, record_type: str, record_id: str) -> None:
    """A denied attempt. Inside a request it is written after the request's transaction has
    ended (a 404 rolls that transaction back); elsewhere it is written at once."""
    access = Access(action=Action.DENIED, record_type=record_type, record_id=str(record_id)[:64])
    ctx = context.current()
    if ctx is not None:
        ctx.pending_denied.append((actor, access))
    else:
        record(actor, [access])


def flush_denied() -> None:
    ctx = context.current()
    if ctx is None or not ctx.pending_denied:
        return
    pending, ctx.pending_denied[:] = list(ctx.pending_denied), []
    with transaction.atomic():
        for actor, access in pending:
            record(actor, [access])


def own_entries(user_id: int) -> Q:
    """A reviewer's own accesses: nobody reviews them but another auditor."""
    return Q(user_id=user_id)


def mark_reviewed(*, actor: Actor, entry_ids: Sequence[int], comment: str) -> list[Review]:
    """The auditor's mark on flagged accesses, logged. Refused, and nothing marked, if any of them
    is the auditor's own access."""
    with transaction.atomic():
        if AuditEntry.objects.filter(own_entries(actor.user.pk), pk__in=entry_ids).exists():
            raise ValidationError({"entries": _("You do not review your own access: another auditor does.")})
        reviews = Review.objects.bulk_create(
            [Review(entry_id=entry_id, reviewed_by=actor.user, comment=comment) for entry_id in entry_ids]
        )
        record(
            actor,
            [
                Access(
                    action=Action.LOG_REVIEW,
                    record_type="audit.auditentry",
                    record_id="",
                    detail=f"marked reviewed: {', '.join(map(str, sorted(entry_ids)))}"[:300],
                )
            ],
        )
        return reviews
