"""The per-pupil term aggregate (`PupilTerm`): written from the rows of absence, read by the
school's list. One statement deletes and one rebuilds the aggregate of any number of pupils and
schools in a term, with the sums and runs of `warning` (the same SQL); the import calls it for
the pupils of its file inside its transaction, the scale generator and the migration for all."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Q, Sum

from lots.attendance import warning
from lots.attendance.models import Absence, PupilTerm

TABLE, ABSENCE = PupilTerm._meta.db_table, Absence._meta.db_table


def next_term(start: dt.date) -> dt.date:
    return dt.date(start.year + 1, 1, 1) if start.month >= 8 else dt.date(start.year, 8, 1)


def terms_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The starts of the terms from the one `first` is in to the one `last` is in."""
    found, start = [], warning.term_start(first)
    while start <= last:
        found.append(start)
        start = next_term(start)
    return found


def rebuild(*, first: dt.date, last: dt.date, unit_id: int | None = None, children_sql: str = "") -> None:
    """Rebuild the aggregate of the terms from `first` to `last` from the rows: of every pupil, or
    of those `children_sql` selects (a subquery of child ids, e.g. the import's staged pupils), at
    `unit_id` or every school."""
    where, params = "", []
    if unit_id is not None:
        where, params = " AND unit_id = %s", [unit_id]
    if children_sql:
        where += f" AND child_id IN ({children_sql})"
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in terms_between(first, last):
            bounds = [adapt(start), adapt(next_term(start))]
            cursor.execute(f"DELETE FROM {TABLE} WHERE term_start = %s{where}", [adapt(start), *params])  # noqa: S608
            cursor.execute(
                f"""
                INSERT INTO {TABLE} (child_id, unit_id, agency_id, term_start, scheduled_minutes, valid_minutes,
                                     invalid_minutes, last_day, sample_id, longest_run)
                WITH source AS (
                    SELECT id, child_id, unit_id, agency_id, day, scheduled_minutes, valid_minutes, invalid_minutes
                    FROM {ABSENCE} WHERE day >= %s AND day < %s{where}
                ),
                sums AS (
                    SELECT child_id, unit_id, MAX(agency_id) AS agency_id, SUM(scheduled_minutes) AS s,
                           SUM(valid_minutes) AS v, SUM(invalid_minutes) AS i, MAX(day) AS last_day,
                           MIN(id) AS sample_id
                    FROM source GROUP BY child_id, unit_id
                ),
                {warning.RUNS}
                SELECT sums.child_id, sums.unit_id, sums.agency_id, %s, sums.s, sums.v, sums.i, sums.last_day,
                       sums.sample_id, COALESCE(runs.longest, 0)
                FROM sums LEFT JOIN runs ON runs.child_id = sums.child_id AND runs.unit_id = sums.unit_id
                """,  # noqa: S608 (our tables; the values are parameters)
                [*bounds, *params, adapt(start), adapt(start)],
            )


def samples(unit_id: int, *, today: dt.date):
    """One row of absence per pupil and agency at the school in the terms the windows of `today`
    reach (for the access policy, asked once per such group)."""
    starts = {warning.term_start(today), warning.term_start(warning.window_start(today))}
    return PupilTerm.objects.filter(unit_id=unit_id, term_start__in=starts).values("sample_id")


def school_figures(unit_id: int, *, today: dt.date, allowed: Q) -> dict[int, warning.Figures]:
    """The figures of the school's pupils of `allowed` (the groups the policy lets the reader see):
    this term from the aggregate, one row per pupil; the last four weeks summed from the rows of
    those 28 days. A pupil with rows after `today` is reckoned from the rows instead (the
    aggregate holds the whole term)."""
    weeks = warning.window_start(today)
    found: dict[int, warning.Figures] = {}
    late = []
    for child_id, agency_id, *minutes, run, last_day in (
        PupilTerm.objects.filter(allowed, unit_id=unit_id, term_start=warning.term_start(today))
        .values_list(
            "child_id", "agency_id", "scheduled_minutes", "valid_minutes", "invalid_minutes", "longest_run", "last_day"
        )
        .order_by()
    ):
        if last_day > today:
            late.append(child_id)
        scheduled, valid, invalid = minutes
        found[child_id] = warning.Figures(
            child_id, unit_id, agency_id, scheduled_term=scheduled, valid_term=valid, invalid_term=invalid,
            days_in_row=run,
        )  # fmt: skip
    window = (
        Absence.objects.filter(allowed, unit_id=unit_id, day__gte=weeks, day__lte=today)
        .order_by()
        .values("child_id", "agency_id")
        .annotate(s=Sum("scheduled_minutes"), v=Sum("valid_minutes"), i=Sum("invalid_minutes"))
        .values_list("child_id", "agency_id", "s", "v", "i")
    )
    for child_id, agency_id, scheduled, valid, invalid in window:
        figures = found.setdefault(child_id, warning.Figures(child_id, unit_id, agency_id))
        figures.scheduled_weeks += scheduled
        figures.valid_weeks += valid
        figures.invalid_weeks += invalid
    if late:
        for child_id in late:
            del found[child_id]
        rows = Absence.objects.filter(allowed, unit_id=unit_id, child_id__in=late)
        found.update(warning.figures(rows, today=today))
    return found
