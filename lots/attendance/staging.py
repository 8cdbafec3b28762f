"""Writing checked absence rows in bulk: staged in a temporary table (COPY on PostgreSQL,
executemany on SQLite, in batches), then judged and written by a few statements whatever the
number of rows. Runs inside the import's transaction: a refusal anywhere leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from lots.attendance.models import Absence

BATCH = 100_000
STAGE, PUPILS = "attendance_stage", "attendance_stage_pupils"
TABLE = Absence._meta.db_table
KEY = "(child_id, day, lesson)"


@dataclass
class Judged:
    unknown_rows: list[int]
    unknown_count: int
    repeated: list[tuple[int, int]]  # (row, the earlier row with the same pupil, day and lesson)
    repeated_count: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    other_school: int = 0


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _create(cursor) -> None:
    temp = "TEMPORARY TABLE"
    drop = " ON COMMIT DROP" if _postgres() else ""
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(f"DROP TABLE IF EXISTS {PUPILS}")
    cursor.execute(
        f"CREATE {temp} {STAGE} (row_no integer, number varchar(12), day date, lesson varchar(20), "
        f"scheduled integer, valid integer, invalid integer){drop}"
    )
    cursor.execute(f"CREATE {temp} {PUPILS} (number varchar(12) PRIMARY KEY, child_id integer){drop}")


def _copy(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    if _postgres():
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * (columns.count(",") + 1))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 (our names)


def stage(rows: list[tuple], pupils: dict[str, int], *, progress: Callable[[int], None] | None = None) -> None:
    """Put the rows (row, digits, day, lesson, scheduled, valid, invalid) and the pupils found in
    the temporary tables (COPY escapes what it must, row by row)."""
    with connection.cursor() as cursor:
        _create(cursor)
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            _copy(cursor, STAGE, "row_no, number, day, lesson, scheduled, valid, invalid", batch)
            if progress is not None:
                progress(start + len(batch))
        _copy(cursor, PUPILS, "number, child_id", list(pupils.items()))


def judge(*, unit_id: int, limit: int) -> Judged:
    """What the staged rows would do: unknown pupils and repeated rows (refusals), then how many
    rows would be added, updated or left as they are."""
    with connection.cursor() as cursor:
        unknown_from = f"FROM {STAGE} s LEFT JOIN {PUPILS} p ON p.number = s.number WHERE p.child_id IS NULL"
        cursor.execute(f"SELECT s.row_no {unknown_from} ORDER BY s.row_no LIMIT %s", [limit])
        unknown = [row for (row,) in cursor.fetchall()]
        cursor.execute(f"SELECT COUNT(*) {unknown_from}")
        (unknown_count,) = cursor.fetchone()
        # Keys that occur more than once (a hash aggregate), then the rows with those keys.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE}_twice AS SELECT number, day, lesson, MIN(row_no) AS first_row "  # noqa: S608
            f"FROM {STAGE} GROUP BY number, day, lesson HAVING COUNT(*) > 1"
        )
        repeated_from = (
            f"FROM {STAGE} s JOIN {STAGE}_twice t ON t.number = s.number AND t.day = s.day "
            f"AND t.lesson = s.lesson WHERE s.row_no > t.first_row"
        )
        cursor.execute(f"SELECT s.row_no, t.first_row {repeated_from} ORDER BY s.row_no LIMIT %s", [limit])
        repeated = [(row, first) for row, first in cursor.fetchall()]
        cursor.execute(f"SELECT COUNT(*) {repeated_from}")
        (repeated_count,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {STAGE}_twice")
        judged = Judged(unknown, unknown_count, repeated, repeated_count)
        if unknown_count or repeated_count:
            return judged
        cursor.execute(
            f"""
            SELECT
              COUNT(*) FILTER (WHERE a.id IS NULL),
              COUNT(*) FILTER (WHERE a.id IS NOT NULL AND a.unit_id = %s AND (a.scheduled_minutes <> s.scheduled
                  OR a.valid_minutes <> s.valid OR a.invalid_minutes <> s.invalid)),
              COUNT(*) FILTER (WHERE a.id IS NOT NULL AND a.unit_id = %s AND a.scheduled_minutes = s.scheduled
                  AND a.valid_minutes = s.valid AND a.invalid_minutes = s.invalid),
              COUNT(*) FILTER (WHERE a.id IS NOT NULL AND a.unit_id <> %s)
            FROM {STAGE} s JOIN {PUPILS} p ON p.number = s.number
            LEFT JOIN {TABLE} a ON a.child_id = p.child_id AND a.day = s.day AND a.lesson = s.lesson
            """,  # noqa: S608 (our tables)
            [unit_id, unit_id, unit_id],
        )
        judged.added, judged.updated, judged.unchanged, judged.other_school = cursor.fetchone()
    return judged


def touched(*, unit_id: int) -> list[int]:
    """The pupils whose rows the write adds or changes (for the access log), before it runs."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT DISTINCT p.child_id FROM {STAGE} s JOIN {PUPILS} p ON p.number = s.number
            LEFT JOIN {TABLE} a ON a.child_id = p.child_id AND a.day = s.day AND a.lesson = s.lesson
            WHERE a.id IS NULL OR (a.unit_id = %s AND (a.scheduled_minutes <> s.scheduled
              OR a.valid_minutes <> s.valid OR a.invalid_minutes <> s.invalid))
            """,  # noqa: S608 (our tables)
            [unit_id],
        )
        return [child_id for (child_id,) in cursor.fetchall()]


def write(*, unit_id: int, agency_id: int) -> None:
    """Add the new rows and update the changed ones of this school; a row the same pupil has for
    the same lesson at another school (before a move) is left to that school."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLE} AS a (child_id, agency_id, unit_id, day, lesson, scheduled_minutes,
                                      valid_minutes, invalid_minutes)
            SELECT p.child_id, %s, %s, s.day, s.lesson, s.scheduled, s.valid, s.invalid
            FROM {STAGE} s JOIN {PUPILS} p ON p.number = s.number
            WHERE true
            ON CONFLICT {KEY} DO UPDATE SET
              scheduled_minutes = excluded.scheduled_minutes,
              valid_minutes = excluded.valid_minutes,
              invalid_minutes = excluded.invalid_minutes
            WHERE a.unit_id = excluded.unit_id AND (a.scheduled_minutes <> excluded.scheduled_minutes
              OR a.valid_minutes <> excluded.valid_minutes OR a.invalid_minutes <> excluded.invalid_minutes)
            """,  # noqa: S608 (our tables)
            [agency_id, unit_id],
        )


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(f"DROP TABLE IF EXISTS {PUPILS}")
