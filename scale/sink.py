"""Bulk writing for the scale generator: COPY on PostgreSQL, large executemany batches on SQLite.

Rows are plain tuples in the column order given; ids are chosen by the generator (so that
later steps can refer to them without reading anything back) and the sequences are moved
past them at the end.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

SQLITE_BATCH = 20_000
COPY_CHUNK = 2_000
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    return str(value)


class Progress:
    """A one-line progress bar on stderr (or nothing, for tests)."""

    def __init__(self, *, enabled: bool = True, stream=None):
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self._label = ""
        self._total = 0
        self._done = 0
        self._shown = 0.0
        self._step_started = 0.0

    def start(self, label: str, total: int) -> None:
        self._label, self._total, self._done = label, max(total, 1), 0
        self._step_started = time.monotonic()
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self._done += count
        self._draw()

    def finish(self) -> None:
        elapsed = time.monotonic() - self._step_started
        self.timings[self._label] = self.timings.get(self._label, 0.0) + elapsed
        self.counts[self._label] = self.counts.get(self._label, 0) + self._done
        self._done = min(self._done, self._total)
        self._draw(force=True)
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._shown < 0.5:
            return
        self._shown = now
        share = min(self._done / self._total, 1.0)
        bar = "#" * int(share * 30)
        rate = self._done / max(now - self._step_started, 1e-6)
        self.stream.write(
            f"\r{self._label:<28} [{bar:<30}] {self._done:>11,}/{self._total:,} "
            f"{rate:>9,.0f}/s  {now - self.started:7.1f} s"
        )
        self.stream.flush()


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Sink:
    """Writes rows into tables of the default database, as fast as the database allows."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.vendor = connection.vendor
        self.tables: set[str] = set()
        self._next: dict[str, int] = {}

    def allocate(self, table: str, count: int) -> int:
        """Reserve `count` ids in `table`; returns the first."""
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (our table names)
                self._next[table] = cursor.fetchone()[0] + 1
        first = self._next[table]
        self._next[table] += count
        return first

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple], *, total: int, label: str = "") -> int:
        self.tables.add(table)
        self.progress.start(label or table, total)
        if self.vendor == "postgresql":
            written = self._copy(table, columns, rows)
        else:
            written = self._executemany(table, columns, rows)
        self.progress.finish()
        return written

    def _copy(self, table, columns, rows) -> int:
        """COPY in text format, lines formatted here and sent in large chunks."""
        written = 0
        chunk: list[str] = []
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    chunk.append("\t".join([_copy_value(v) for v in row]))
                    if len(chunk) >= COPY_CHUNK:
                        copy.write("\n".join(chunk) + "\n")
                        written += len(chunk)
                        self.progress.advance(len(chunk))
                        chunk = []
                if chunk:
                    copy.write("\n".join(chunk) + "\n")
                    written += len(chunk)
                    self.progress.advance(len(chunk))
        return written

    @contextmanager
    def deferred_indexes(self, table: str, *, constraints: bool = False):
        """Drop the table's indexes while it is filled and build them afterwards (PostgreSQL):
        one sort per index instead of millions of random inserts. With `constraints`, also its
        primary key and unique constraints (only for a table nothing refers to by foreign key)."""
        if self.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('p', 'u')",
                [table],
            )
            kept = cursor.fetchall() if constraints else []
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND schemaname = current_schema() "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [table, table],
            )
            indexes = cursor.fetchall()
            for name, _definition in kept:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        self.progress.start(f"{table} indexes", len(kept) + len(indexes))
        with connection.cursor() as cursor:
            for name, definition in kept:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                self.progress.advance()
            for _name, definition in indexes:
                cursor.execute(definition.replace(" ON ONLY ", " ON "))
                self.progress.advance()
        self.progress.finish()

    def _executemany(self, table, columns, rows) -> int:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
        written = 0
        batch: list[tuple] = []
        raw = connection.connection
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) >= SQLITE_BATCH:
                raw.executemany(sql, batch)
                written += len(batch)
                self.progress.advance(len(batch))
                batch = []
        if batch:
            raw.executemany(sql, batch)
            written += len(batch)
            self.progress.advance(len(batch))
        return written

    def reset_sequences(self) -> None:
        """Move id sequences past the ids the generator chose (SQLite's AUTOINCREMENT follows by itself)."""
        if self.vendor != "postgresql":
            return
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in self.tables]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
