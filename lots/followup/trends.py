"""An indicator month by month: this period's months against the previous period's, for the
trend chart and its table.

Each month is counted by the indicator's one computation and suppressed over the tree like any
period. The months of a period add up to the period (which the dashboard shows), so a reader
could subtract: the months of each count are suppressed once more against their sum, a month
hidden over the tree counting as hidden here (as a small one: the rule then hides more, never
less). A share is shown for a month only when both its counts are, a median only when its
cases are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format

from lots.followup import suppression, tables
from lots.followup.registry import Indicator, Kind, Period, Scope

TOTAL = "period"
#: A longer period is drawn year by year: each step is a computation of the indicator (two per
#: step with the previous period), and five years of months would be 120 of them.
MONTHS_AT_MOST = 24


@dataclass(frozen=True)
class Point:
    value: int | None  # what the chart draws: a count, a share in per cent, a median in days
    text: str  # as the table writes it


@dataclass(frozen=True)
class Trend:
    indicator: Indicator
    labels: tuple[str, ...]  # the months (or years) of this period
    now: tuple[Point, ...]
    before: tuple[Point | None, ...]  # the same month of the previous period (None: no such month)
    by_year: bool = False  # a long period: years, not months

    @property
    def rows(self) -> list[tuple[str, Point, Point | None]]:
        return list(zip(self.labels, self.now, self.before, strict=True))


def months(period: Period) -> list[Period]:
    """The period cut at month ends (the first and last month perhaps in part)."""
    return _cut(period, lambda start: (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1))


def years(period: Period) -> list[Period]:
    """The period cut at year ends (the first and last year perhaps in part)."""
    return _cut(period, lambda start: dt.date(start.year + 1, 1, 1))


def steps(period: Period) -> tuple[list[Period], bool]:
    """The steps a trend over the period takes: its months, or its years when it is long."""
    cut = months(period)
    return (years(period), True) if len(cut) > MONTHS_AT_MOST else (cut, False)


def _cut(period: Period, following) -> list[Period]:
    found, start = [], period.start
    while start <= period.end:
        end = min(period.end, following(start) - dt.timedelta(days=1))
        found.append(Period(start, end))
        start = end + dt.timedelta(days=1)
    return found


def _counts(table: tables.Table) -> tuple[tables.Cell, ...]:
    """The counts the month's figure rests on: the count; kept and not kept; the cases."""
    if table.kind is Kind.SHARE:
        return table.total.cells[:2]
    return (table.total.cells[-1],)


def _against_the_sum(counted: list[tables.Table]) -> list[set[int]]:
    """For each count of the figure, the months hidden so that none follows from the period's sum."""
    hidden_per_count = []
    for j in range(len(_counts(counted[0])) if counted else 0):
        cells = [_counts(t)[j] for t in counted]
        values = {i: (1 if c.hidden else c.value or 0) for i, c in enumerate(cells)}
        values[TOTAL] = sum(values.values())
        relation = suppression.Sum(TOTAL, tuple(range(len(cells))))
        hidden_per_count.append({k for k in suppression.suppress(values, [relation]) if k != TOTAL})
    return hidden_per_count


def _points(indicator: Indicator, counted: list[tables.Table]) -> list[Point]:
    hidden = _against_the_sum(counted)
    points = []
    for i, table in enumerate(counted):
        cells = _counts(table)
        if any(i in h for h in hidden):
            if indicator.kind is Kind.COUNT:
                cell = cells[0]
                points.append(Point(None, cell.text if cell.hidden else suppression.shown(cell.value or 0, True)))
            else:
                points.append(Point(None, "–"))
            continue
        value = table.headline
        if indicator.kind is Kind.COUNT:
            points.append(Point(value, cells[0].text))
        else:
            unit = "%" if indicator.kind is Kind.SHARE else "d"
            points.append(Point(value, "–" if value is None else f"{value} {unit}"))
    return points


def trend(indicator: Indicator, tree: tables.Tree, scope: Scope) -> Trend:
    """The indicator month by month (year by year over a long period) over `scope.period` and
    the period before."""
    by_year = steps(scope.period)[1]
    cut = years if by_year else months
    series = []
    for period in (scope.period, scope.period.previous()):
        scopes = [Scope(m, scope.agency_ids, scope.unit_id, today=scope.today) for m in cut(period)]
        counted = [tables.build(indicator, indicator.compute(s), tree) for s in scopes]
        series.append(_points(indicator, counted))
    now, before = series
    labels = tuple(date_format(m.start, "Y" if by_year else "M Y") for m in cut(scope.period))
    padded = tuple(before[i] if i < len(before) else None for i in range(len(now)))
    return Trend(indicator, labels, tuple(now), padded, by_year)
