"""Access-log rows: about ten per child over the last twelve months, hash-chained in bulk.

Rows follow the assignments (a mentor opens the pupil now and then, a caseworker often), most
in working hours; reads of protected children, accesses outside working hours and break the
glass carry their flags. They go into chain 0, continuing from its last row already in the
database, so `manage.py verify_audit_log` accepts the result. Rows are written month by month
in time order, each month into its own partition on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings

from lots.audit import chain, partitions, services
from lots.audit.models import Action, AuditEntry, Flag

ROWS_PER_CHILD = 10
MONTHS = 12
STOCKHOLM = ZoneInfo("Europe/Stockholm")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: The row as a step hands it over, in this order; the writer adds id, prev_hash, hash and chain.
FIELDS = chain.FIELDS
COLUMNS = ["id", *FIELDS, "prev_hash", "hash", "chain"]
#: The generated history goes into one chain (the live log spreads over LOTS_AUDIT_CHAINS).
CHAIN = 0


class AuditWriter:
    """Appends rows to one of the access log's hash chains, continuing from its last row."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.prev: str | None = None
        self._mac = chain.keyed_mac()
        self.written = 0
        self._months: set[tuple[int, int]] = set()

    def chained(self, rows: Iterable[tuple], first_id: int):
        """Yield full rows with id, prev_hash, hash and chain, hashed by `lots.audit.chain`."""
        prev, mac, hash_row = self.prev, self._mac, chain.hash_row
        for row_id, row in enumerate(rows, start=first_id):
            digest = hash_row(row, prev, mac)
            yield (row_id, *row, prev, digest, CHAIN)
            prev = digest
        self.prev = prev

    def append(self, rows: list[tuple], *, label: str = "audit") -> None:
        """Write `rows` (tuples in FIELDS order, oldest first) as the next links of the chain."""
        if rows:
            self.append_stream(rows, count=len(rows), first=rows[0][0], last=rows[-1][0], label=label)

    def append_stream(
        self, rows: Iterable[tuple], *, count: int, first: dt.datetime, last: dt.datetime, label: str = "audit"
    ) -> None:
        """As `append`, for rows produced on the fly: `count` of them, from `first` to `last`."""
        months = {(first.year, first.month), (last.year, last.month)}
        if not months <= self._months:
            partitions.ensure_months(first, last)
            self._months |= months
        self.start()  # read before COPY starts: the connection is busy during it
        first_id = self.ctx.sink.allocate(AuditEntry._meta.db_table, count)
        self.ctx.sink.write(AuditEntry._meta.db_table, COLUMNS, self.chained(rows, first_id), total=count, label=label)
        services.move_chain_head(CHAIN, self.prev)
        self.written += count

    def start(self) -> None:
        """Read where the chain ends, from its recorded head (moved after every append)."""
        if self.prev is None:
            self.prev = services.chain_head(CHAIN)


def _month_starts(now: dt.datetime) -> list[dt.datetime]:
    local = now.astimezone(STOCKHOLM)
    year, month = local.year, local.month
    starts = []
    for _ in range(MONTHS):
        starts.append(dt.datetime(year, month, 1, tzinfo=STOCKHOLM))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(starts)


def _outside_hours(moment: dt.datetime) -> bool:
    start, end = settings.LOTS_WORKING_HOURS
    return moment.weekday() >= 5 or not start <= moment.hour < end


def generate(ctx) -> None:
    rng = ctx.rng("audit")
    now = ctx.plan.now
    kids, made = ctx.shared["children"], ctx.shared["assignments"]
    months = _month_starts(now)
    ends = [*months[1:], now.astimezone(STOCKHOLM)]
    windows = [(int(a.timestamp()), int(b.timestamp())) for a, b in zip(months, ends, strict=True)]
    active_months = 0
    for i in range(len(made)):
        s, e = made.starts[i], made.ends[i] or 2**62
        active_months += sum(1 for a, b in windows if s < b and e > a)
    rate = ROWS_PER_CHILD * kids.count / max(active_months, 1)
    whole, fraction = int(rate), rate - int(rate)
    protected = kids.protected
    ctx.audit.start()
    with ctx.sink.deferred_indexes(AuditEntry._meta.db_table, constraints=True):
        for (a, b), start in zip(windows, months, strict=True):
            _month(ctx, rng, a, b, start, whole, fraction, protected)


def _month(ctx, rng, a: int, b: int, start: dt.datetime, whole: int, fraction: float, protected: set[int]) -> None:
    made, staff = ctx.shared["assignments"], ctx.shared["staff"]
    compact = []  # (epoch µs, assignment index or -1 - break-glass index, action code)
    for i in range(len(made)):
        s, e = max(made.starts[i], a), min(made.ends[i] or b, b)
        if s >= e:
            continue
        for _ in range(whole + (rng.random() < fraction)):
            compact.append((_moment_in(rng, s, e), i, rng.random()))
    for g, (_gid, _user, _child, gs, _ge) in enumerate(made.break_glass):
        if a <= gs < b:
            compact.extend((gs * 1_000_000 + k * 60_000_000, -1 - g, 0.0 if k == 0 else 0.5) for k in range(4))
    compact.sort()
    if compact:
        first, last = (_EPOCH + dt.timedelta(microseconds=compact[i][0]) for i in (0, -1))
        rows = _expand(rng, compact, made, staff, protected)
        ctx.audit.append_stream(rows, count=len(compact), first=first, last=last, label=f"audit {start:%Y-%m}")


def _moment_in(rng, start: int, end: int) -> int:
    """A moment in [start, end) (epoch s), in working hours nine times in ten."""
    moment = start + rng.random() * (end - start)
    if rng.random() < 0.9:
        local = dt.datetime.fromtimestamp(moment, tz=STOCKHOLM)
        if local.weekday() < 5:
            moment = local.replace(hour=rng.randint(8, 16)).timestamp()
            moment = min(max(moment, start), end - 1)
    return int(moment * 1_000_000)


def _expand(rng, compact, made, staff, protected):
    for micros, index, draw in compact:
        at = _EPOCH + dt.timedelta(microseconds=micros)
        if index >= 0:
            user, child = made.user[index], made.child[index]
            ground, ground_id = "assignment", made.first_id + index
            action, detail = (
                (Action.VIEW, "overview")
                if draw < 0.7
                else (Action.LIST, "my_children")
                if draw < 0.95
                else (Action.SEARCH, "")
            )
        else:
            gid, user, child, _s, _e = made.break_glass[-1 - index]
            ground, ground_id = "break_glass", gid
            action, detail = (Action.BREAK_GLASS, "") if draw == 0.0 else (Action.VIEW, "overview")
        flags = 0
        if ground == "break_glass":
            flags |= Flag.BREAK_GLASS
        if child in protected:
            flags |= Flag.PROTECTED_IDENTITY
        if _outside_hours(at.astimezone(STOCKHOLM)):
            flags |= Flag.OUTSIDE_WORKING_HOURS
        yield (
            at, user, staff.username[user], staff.membership[user], staff.agency[user], staff.role[user], None,
            str(action), child, "people.child", str(child), ground, ground_id, int(flags),
            f"{rng.getrandbits(128):032x}", f"10.{user % 200}.{user // 200 % 250}.{user % 250 + 1}", detail, None,
        )  # fmt: skip
