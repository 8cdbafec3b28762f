"""Early warning: absence per pupil over rolling windows, computed in the database.

Two windows end on the day of the reckoning: the last four weeks (28 days, that day included)
and this term (from 1 January or 1 August, whichever came last). In each, minutes scheduled and
minutes of valid and of invalid absence are summed apart; the share absent is their sum over the
minutes scheduled. Long continuous absence is the longest run, this term, of school days (days
with minutes scheduled) on which the pupil was absent every scheduled minute; a day with no
minutes scheduled (a weekend, a holiday) neither breaks nor lengthens a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import QuerySet, Sum

from lots.attendance.models import Absence, Level

WINDOW_DAYS = 28


def term_start(day: dt.date) -> dt.date:
    """The first day of the term `day` is in: 1 August for the autumn, 1 January for the spring."""
    return dt.date(day.year, 8, 1) if day.month >= 8 else dt.date(day.year, 1, 1)


def window_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=WINDOW_DAYS - 1)


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    child_id: int
    unit_id: int
    agency_id: int
    scheduled_weeks: int = 0
    valid_weeks: int = 0
    invalid_weeks: int = 0
    scheduled_term: int = 0
    valid_term: int = 0
    invalid_term: int = 0
    days_in_row: int = 0

    @property
    def percent_weeks(self) -> Decimal:
        return percent(self.valid_weeks + self.invalid_weeks, self.scheduled_weeks)

    @property
    def valid_percent_weeks(self) -> Decimal:
        return percent(self.valid_weeks, self.scheduled_weeks)

    @property
    def invalid_percent_weeks(self) -> Decimal:
        return percent(self.invalid_weeks, self.scheduled_weeks)

    @property
    def percent_term(self) -> Decimal:
        return percent(self.valid_term + self.invalid_term, self.scheduled_term)

    @property
    def valid_percent_term(self) -> Decimal:
        return percent(self.valid_term, self.scheduled_term)

    @property
    def invalid_percent_term(self) -> Decimal:
        return percent(self.invalid_term, self.scheduled_term)

    def levels(self, thresholds) -> list[str]:
        """The levels of warning these figures reach under the municipality's thresholds."""
        reached = []
        share = self.percent_weeks
        if self.scheduled_weeks and share >= thresholds.mentor_percent:
            reached.append(Level.MENTOR)
        if self.scheduled_weeks and share >= thresholds.student_health_percent:
            reached.append(Level.STUDENT_HEALTH)
        if (self.scheduled_weeks and share >= thresholds.routine_percent) or (
            self.days_in_row >= thresholds.routine_days
        ):
            reached.append(Level.ROUTINE)
        return reached


def figures(absence: QuerySet[Absence], *, today: dt.date) -> dict[int, Figures]:
    """The figures of every pupil among the rows of `absence` (already filtered: by the access
    policy, a school, a pupil), as of `today`. One statement whatever the number of rows: the
    rows are read once, summed per pupil and school, and their longest runs found beside."""
    start, weeks = term_start(today), window_start(today)
    sql, params = (
        absence.filter(day__gte=min(start, weeks), day__lte=today).order_by().values(*_SOURCE).query.sql_with_params()
    )
    adapt = connection.ops.adapt_datefield_value
    sums = ", ".join(
        f"SUM(CASE WHEN day >= %s THEN {column} ELSE 0 END)"
        for _ in ("weeks", "term")
        for column in ("scheduled_minutes", "valid_minutes", "invalid_minutes")
    )
    query = f"""
        WITH source ({", ".join(_SOURCE)}) AS ({sql}),
        sums AS (SELECT child_id, unit_id, agency_id, {sums} FROM source GROUP BY child_id, unit_id, agency_id),
        {RUNS}
        SELECT sums.*, COALESCE(runs.longest, 0) FROM sums
        LEFT JOIN runs ON runs.child_id = sums.child_id AND runs.unit_id = sums.unit_id
    """  # noqa: S608 (the subquery is Django's own SQL, its values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *[adapt(weeks)] * 3, *[adapt(start)] * 3, adapt(start)])
        fetched = cursor.fetchall()
    found: dict[int, Figures] = {}
    for child_id, unit_id, agency_id, *minutes, run in fetched:
        current = found.get(child_id)
        if current is None:
            found[child_id] = Figures(child_id, unit_id, agency_id, *map(int, minutes), days_in_row=int(run))
        else:  # rows of the pupil at two schools (a move): summed, shown at the latest
            for name, value in zip(_SUMMED, minutes, strict=True):
                setattr(current, name, getattr(current, name) + int(value))
    return found


_SOURCE = ("child_id", "unit_id", "agency_id", "day", "scheduled_minutes", "valid_minutes", "invalid_minutes")
_SUMMED = ("scheduled_weeks", "valid_weeks", "invalid_weeks", "scheduled_term", "valid_term", "invalid_term")
#: Per pupil and school, the longest run this term of school days absent every scheduled minute (gaps and
#: islands: in the pupil's school days numbered in order, whole days absent that are in a row
#: keep the same difference between their number among school days and among whole absent days).
RUNS = """
        days AS (
            SELECT child_id, unit_id, day, SUM(scheduled_minutes) AS scheduled,
                   SUM(valid_minutes + invalid_minutes) AS absent
            FROM source WHERE day >= %s GROUP BY child_id, unit_id, day HAVING SUM(scheduled_minutes) > 0
        ),
        numbered AS (
            SELECT child_id, unit_id, day, absent >= scheduled AS whole,
                   ROW_NUMBER() OVER (PARTITION BY child_id, unit_id ORDER BY day) AS n
            FROM days
        ),
        islands AS (
            SELECT child_id, unit_id, n - ROW_NUMBER() OVER (PARTITION BY child_id, unit_id ORDER BY day) AS island
            FROM numbered WHERE whole
        ),
        runs AS (
            SELECT child_id, unit_id, MAX(length) AS longest FROM (
                SELECT child_id, unit_id, island, COUNT(*) AS length FROM islands GROUP BY child_id, unit_id, island
            ) AS lengths GROUP BY child_id, unit_id
        )"""


def longest_run(days: Iterable[tuple[int, int]]) -> int:
    """The longest run of whole days absent among (scheduled, absent) minutes of school days in
    order; a day with nothing scheduled neither breaks nor lengthens a run (the rule of `RUNS`)."""
    longest = current = 0
    for scheduled, absent in days:
        if scheduled <= 0:
            continue
        current = current + 1 if absent >= scheduled else 0
        longest = max(longest, current)
    return longest


def pupil(absence: QuerySet[Absence], figures: Figures, *, today: dt.date) -> list[Week]:
    """One pupil's figures (filled into `figures`, whose pupil, school and agency are set) and the
    term week by week for the chart, from one grouped read of the pupil's days (the rows of
    `absence`, already the pupil's visible ones)."""
    start, weeks = term_start(today), window_start(today)
    per_day = (
        absence.filter(day__gte=min(start, weeks), day__lte=today)
        .order_by("day")
        .values("day")
        .annotate(s=Sum("scheduled_minutes"), v=Sum("valid_minutes"), i=Sum("invalid_minutes"))
        .values_list("day", "s", "v", "i")
    )
    by_week: dict[dt.date, Week] = {}
    term_days = []
    for day, scheduled, valid, invalid in per_day:
        if day >= weeks:
            figures.scheduled_weeks += scheduled
            figures.valid_weeks += valid
            figures.invalid_weeks += invalid
        if day < start:
            continue
        figures.scheduled_term += scheduled
        figures.valid_term += valid
        figures.invalid_term += invalid
        term_days.append((scheduled, valid + invalid))
        monday = day - dt.timedelta(days=day.weekday())
        week = by_week.setdefault(monday, Week(monday, 0, 0, 0))
        week.scheduled += scheduled
        week.valid += valid
        week.invalid += invalid
    figures.days_in_row = longest_run(term_days)
    return [by_week[m] for m in sorted(by_week)]


@dataclass
class Week:
    monday: dt.date
    scheduled: int
    valid: int
    invalid: int

    @property
    def valid_percent(self) -> Decimal:
        return percent(self.valid, self.scheduled)

    @property
    def invalid_percent(self) -> Decimal:
        return percent(self.invalid, self.scheduled)

    @property
    def total_percent(self) -> Decimal:
        return percent(self.valid + self.invalid, self.scheduled)
