"""Writing the access log. Rows are written in the caller's transaction, so a read whose log
row cannot be written is rolled back with it: there is no unlogged read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lots.audit.chain import GENESIS, row_hash
from lots.audit.models import Action, AuditEntry, Flag, Review
from lots.core import context

if TYPE_CHECKING:
    from lots.access.actor import Actor

_CHAIN_LOCK_KEY = 7_305_001  # PostgreSQL advisory lock that serialises appends to the chain


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


def _working_hours(at: dt.datetime) -> bool:
    local = timezone.localtime(at)
    start, end = settings.LOTS_WORKING_HOURS
    return local.weekday() < 5 and start <= local.hour < end


def _flags(actor: Actor | None, access: Access, at: dt.datetime) -> int:
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
    if not _working_hours(at):
        flags |= Flag.OUTSIDE_WORKING_HOURS
    if access.action == Action.DENIED:
        flags |= Flag.DENIED
    return flags


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so one writer holds the database.


class _ChainHead:
    """Marks, in Django's on-commit list, the transaction that holds the chain's lock: Django
    drops the mark when that transaction ends or a savepoint around the write is rolled back
    (and the lock and the rows go with it), so a mark still in the list means both are held."""

    def __init__(self, last_hash: str):
        self.last_hash = last_hash

    def __call__(self) -> None:
        """Nothing to do at commit; the mark only has to be there until then."""


def _hold_chain_head(last_hash: str) -> None:
    mark = _ChainHead(last_hash)
    transaction.on_commit(mark)
    connection._lots_audit_chain_head = mark


def _held_chain_head() -> str | None:
    """The last hash this transaction wrote, while it still holds the lock: a page that writes
    twice (the child and a panel's list) locks and reads the chain's head once."""
    mark = getattr(connection, "_lots_audit_chain_head", None)
    if mark is None or not connection.in_atomic_block:
        return None
    if any(callback is mark for _sids, callback, _robust in connection.run_on_commit):
        return mark.last_hash
    return None


def _last_hash() -> str:
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS


def record(actor: Actor | None, accesses: Iterable[Access]) -> list[AuditEntry]:
    """Append one row per access, chained, in the current transaction."""
    accesses = list(accesses)
    if not accesses:
        return []
    ctx = context.current()
    now = timezone.now()
    user = actor.user if actor else None
    membership = actor.membership if actor else None
    with transaction.atomic():
        prev = _held_chain_head()
        if prev is None:
            _lock_chain()
            prev = _last_hash()
        rows = []
        for access in accesses:
            entry = AuditEntry(
                at=now,
                user_id=user.pk if user else None,
                username=user.get_username() if user else "",
                membership_id=membership.pk if membership else None,
                agency_id=membership.unit.agency_id if membership else None,
                role=membership.role if membership else "",
                api_client_id=actor.api_client_id if actor else None,
                action=access.action,
                child_id=access.child_id,
                record_type=access.record_type,
                record_id=str(access.record_id),
                ground=access.ground,
                ground_id=access.ground_id,
                flags=_flags(actor, access, now),
                request_id=ctx.request_id if ctx else "",
                ip_address=ctx.ip_address if ctx else None,
                detail=access.detail[:300],
                prev_hash=prev,
            )
            entry.hash = row_hash(entry)
            prev = entry.hash
            rows.append(entry)
        created = AuditEntry.objects.bulk_create(rows)
        _hold_chain_head(prev)
        return created


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


def mark_reviewed(*, reviewer, entry_ids: Sequence[int], comment: str) -> list[Review]:
    with transaction.atomic():
        return Review.objects.bulk_create(
            [Review(entry_id=entry_id, reviewed_by=reviewer, comment=comment) for entry_id in entry_ids]
        )
