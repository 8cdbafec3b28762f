"""Monthly partitions of the access log on PostgreSQL (on SQLite the log is one table).

The table is range-partitioned by `at` (migration 0004): one partition per calendar month
(UTC), created ahead of time by `manage.py create_audit_partitions`, and a default partition
that catches a row no monthly partition covers. Old months can be detached and archived
whole when the retention period ends, and searches by period touch only their months.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

TABLE = "audit_auditentry"
DEFAULT_PARTITION = f"{TABLE}_default"


def is_partitioned(table: str = TABLE) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relkind FROM pg_class WHERE relname = %s AND relnamespace = current_schema()::regnamespace", [table]
        )
        row = cursor.fetchone()
    return bool(row and row[0] == "p")


def month_start(moment: dt.datetime | dt.date) -> dt.datetime:
    return dt.datetime(moment.year, moment.month, 1, tzinfo=dt.UTC)


def next_month(start: dt.datetime) -> dt.datetime:
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


def partition_name(start: dt.datetime) -> str:
    return f"{TABLE}_{start:%Y_%m}"


def existing_partitions(table: str = TABLE) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def ensure_months(first: dt.datetime, last: dt.datetime, *, table: str = TABLE) -> list[str]:
    """Create the monthly partitions covering [first, last]; returns those created (none on SQLite)."""
    if not is_partitioned(table):
        return []
    have = set(existing_partitions(table))
    created = []
    start = month_start(first.astimezone(dt.UTC))
    while start <= last.astimezone(dt.UTC):
        name = partition_name(start)
        if name not in have:
            _create(table, name, start, next_month(start))
            created.append(name)
        start = next_month(start)
    return created


def ensure_ahead(*, months: int = 3, now: dt.datetime | None = None) -> list[str]:
    """This month's partition and the next `months` ones (run daily or monthly, it is idempotent)."""
    now = now or timezone.now()
    last = month_start(now)
    for _ in range(months):
        last = next_month(last)
    return ensure_months(now, last)


def _create(table: str, name: str, start: dt.datetime, end: dt.datetime) -> None:
    """One month's partition. Rows that fell into the default partition for that month are
    moved into it in the same transaction (moved, not changed: the hash chain is untouched)."""
    bounds = f"FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
    default = DEFAULT_PARTITION
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {default} WHERE at >= %s AND at < %s)", [start, end])  # noqa: S608
        if not cursor.fetchone()[0]:
            cursor.execute(f"CREATE TABLE {name} PARTITION OF {table} FOR VALUES {bounds}")
            return
        cursor.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        cursor.execute(f"INSERT INTO {name} SELECT * FROM {default} WHERE at >= %s AND at < %s", [start, end])  # noqa: S608
        cursor.execute(f"ALTER TABLE {default} DISABLE TRIGGER audit_entry_no_update")
        cursor.execute(f"DELETE FROM {default} WHERE at >= %s AND at < %s", [start, end])  # noqa: S608
        cursor.execute(f"ALTER TABLE {default} ENABLE TRIGGER audit_entry_no_update")
        cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES {bounds}")
