"""The figures: every indicator of the registry, counted for a selection and a period and the
period before, suppressed, with its target. The one read behind the dashboard, the report, its
exports and the API, so that they cannot disagree.

Not a person-data read (no access log): only counts leave the registered computations, and
only suppressed cells leave `tables`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from lots.followup import policies, registry, tables, trends
from lots.followup.models import Target
from lots.followup.registry import Direction, Indicator, Kind, Period, Scope
from lots.followup.suppression import change
from lots.organisations.actor import Actor


@dataclass(frozen=True)
class Figures:
    indicator: Indicator
    now: tables.Table
    before: tables.Table
    target: int | None

    @property
    def change(self) -> int | None:
        now, before = self.now.headline, self.before.headline
        return change(now or 0, before or 0, now_hidden=now is None, before_hidden=before is None)

    @property
    def meets_target(self) -> bool | None:
        value = self.now.headline
        if self.target is None or value is None:
            return None
        if self.indicator.direction is Direction.AT_MOST:
            return value <= self.target
        return value >= self.target

    @property
    def unit(self) -> str:
        return {Kind.SHARE: "%", Kind.DURATION: "d"}.get(self.indicator.kind, "")


@dataclass
class Area:
    title: str
    figures: list[Figures] = field(default_factory=list)


@dataclass
class Page:
    selection: policies.Selection
    period: Period
    previous: Period
    areas: list[Area]

    @property
    def figures(self) -> list[Figures]:
        return [f for area in self.areas for f in area.figures]


def _targets(selection: policies.Selection) -> dict[str, int]:
    """The targets that apply: the principal's own, else the one for every principal."""
    rows = Target.objects.filter(Q(principal__isnull=True) | Q(principal_id=selection.principal_id))
    found: dict[str, int] = {}
    for target in sorted(rows, key=lambda t: t.principal_id is not None):
        found[target.indicator] = target.value
    return found


def figures(selection: policies.Selection, period: Period, *, today: dt.date | None = None) -> Page:
    """Every registered indicator for the selection, this period against the one before."""
    today = today or timezone.localdate()
    previous = period.previous()
    targets = _targets(selection)
    areas: dict[str, Area] = {}
    for indicator in registry.indicators():
        area = areas.setdefault(str(indicator.area), Area(str(indicator.area)))
        area.figures.append(_figures(indicator, selection, period, targets, today))
    return Page(selection, period, previous, list(areas.values()))


def _figures(indicator: Indicator, selection: policies.Selection, period: Period, targets, today) -> Figures:
    counted = []
    for shown in (period, period.previous()):
        scope = Scope(shown, selection.agency_ids, selection.unit_id, today=today)
        counted.append(tables.build(indicator, indicator.compute(scope), selection.tree))
    return Figures(indicator, counted[0], counted[1], targets.get(indicator.key))


def indicator(selection: policies.Selection, key: str, period: Period, *, today: dt.date | None = None):
    """(figures, trend): one indicator for the selection, and month by month (a 404: no such key)."""
    try:
        chosen = registry.get(key)
    except KeyError:
        raise Http404("No figures match the given query.") from None
    today = today or timezone.localdate()
    scope = Scope(period, selection.agency_ids, selection.unit_id, today=today)
    return _figures(chosen, selection, period, _targets(selection), today), trends.trend(chosen, selection.tree, scope)


def dashboard(actor: Actor, period: Period, **chosen) -> Page:
    """The figures the actor asked for, if they may see them (a 404 otherwise)."""
    return figures(policies.select(actor, **chosen), period)
