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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

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
    policy, a school, a pupil), as of `today`. Two statements whatever the number of rows."""
    start, weeks = term_start(today), window_start(today)
    rows = absence.filter(day__gte=min(start, weeks), day__lte=today)
    in_weeks, in_term = Q(day__gte=weeks), Q(day__gte=start)
    zero = 0
    sums = (
        rows.order_by()
        .values("child_id", "unit_id", "agency_id")
        .annotate(
            scheduled_weeks=Coalesce(Sum("scheduled_minutes", filter=in_weeks), zero),
            valid_weeks=Coalesce(Sum("valid_minutes", filter=in_weeks), zero),
            invalid_weeks=Coalesce(Sum("invalid_minutes", filter=in_weeks), zero),
            scheduled_term=Coalesce(Sum("scheduled_minutes", filter=in_term), zero),
            valid_term=Coalesce(Sum("valid_minutes", filter=in_term), zero),
            invalid_term=Coalesce(Sum("invalid_minutes", filter=in_term), zero),
        )
    )
    found: dict[int, Figures] = {}
    for row in sums:
        current = found.get(row["child_id"])
        if current is None:
            found[row["child_id"]] = Figures(**row)
        else:  # rows of the pupil at two schools (a move): summed, shown at the latest
            for name in ("scheduled_weeks", "valid_weeks", "invalid_weeks", "scheduled_term", "valid_term"):
                setattr(current, name, getattr(current, name) + row[name])
            current.invalid_term += row["invalid_term"]
    if found:
        for child_id, run in longest_runs(rows.filter(in_term)).items():
            if child_id in found:
                found[child_id].days_in_row = run
    return found


def longest_runs(absence: QuerySet[Absence]) -> dict[int, int]:
    """Per pupil, the longest run of school days absent every scheduled minute (gaps and islands:
    in the pupil's school days numbered in order, whole days absent that are in a row keep the
    same difference between their number among school days and among whole absent days)."""
    sql, params = (
        absence.order_by()
        .values("child_id", "day", "scheduled_minutes", "valid_minutes", "invalid_minutes")
        .query.sql_with_params()
    )
    columns = "child_id, day, scheduled_minutes, valid_minutes, invalid_minutes"
    query = f"""
        WITH source ({columns}) AS ({sql}),
        days AS (
            SELECT child_id, day, SUM(scheduled_minutes) AS scheduled,
                   SUM(valid_minutes + invalid_minutes) AS absent
            FROM source GROUP BY child_id, day HAVING SUM(scheduled_minutes) > 0
        ),
        numbered AS (
            SELECT child_id, day, absent >= scheduled AS whole,
                   ROW_NUMBER() OVER (PARTITION BY child_id ORDER BY day) AS n
            FROM days
        ),
        islands AS (
            SELECT child_id, n - ROW_NUMBER() OVER (PARTITION BY child_id ORDER BY day) AS island
            FROM numbered WHERE whole
        )
        SELECT child_id, MAX(length) FROM (
            SELECT child_id, island, COUNT(*) AS length FROM islands GROUP BY child_id, island
        ) AS runs GROUP BY child_id
    """  # noqa: S608 (the subquery is Django's own SQL, its values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {child_id: int(length) for child_id, length in cursor.fetchall()}


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


def weeks(absence: QuerySet[Absence], *, today: dt.date) -> list[Week]:
    """The pupil's absence week by week this term (for the chart), one statement."""
    start = term_start(today)
    per_day = (
        absence.filter(day__gte=start, day__lte=today)
        .order_by()
        .values("day")
        .annotate(s=Sum("scheduled_minutes"), v=Sum("valid_minutes"), i=Sum("invalid_minutes"))
    )
    by_week: dict[dt.date, Week] = {}
    for row in per_day:
        monday = row["day"] - dt.timedelta(days=row["day"].weekday())
        week = by_week.setdefault(monday, Week(monday, 0, 0, 0))
        week.scheduled += row["s"]
        week.valid += row["v"]
        week.invalid += row["i"]
    return [by_week[m] for m in sorted(by_week)]
