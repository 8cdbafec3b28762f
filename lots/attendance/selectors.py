"""Reads of absence, always through the access policy and logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from lots.access import policy
from lots.access.presentation import PersonView
from lots.attendance import terms, warning
from lots.attendance.importing import may_import
from lots.attendance.models import LEVEL_ORDER, Absence, AbsenceImport, Level, Signal, Thresholds
from lots.attendance.policies import is_school_head
from lots.attendance.services import investigation_due, thresholds_for
from lots.audit.models import Action
from lots.children import selectors as children_selectors
from lots.organisations.actor import Actor


@dataclass
class ChildAbsence:
    figures: warning.Figures
    weeks: list[warning.Week]
    signals: list[Signal]
    thresholds: Thresholds
    today: dt.date


def visible_absence(actor: Actor, rows: QuerySet[Absence]) -> QuerySet[Absence]:
    """The rows of `rows` the actor may see, the policy asked once per pupil, agency and school
    instead of once per row: everything that decides whether a row of absence is visible (the
    child, the owning agency, the school) is the same for all the rows of such a group, so its
    first row answers for all of them. Same rows as `policy.visible_to(actor, rows)` (tested)."""
    firsts = rows.order_by().values("child_id", "agency_id", "unit_id").annotate(first=Min("id")).values("first")
    return rows.filter(_visible_groups(actor, firsts))


def _visible_groups(actor: Actor, samples: QuerySet) -> Q:
    """Which groups (pupil, agency, school) the actor may see, asked of one row of each (`samples`:
    a subquery of row ids), as a condition on rows of absence or of the term aggregate."""
    groups: dict[tuple[int, int], list[int]] = {}
    for child_id, agency_id, unit_id in policy.visible_to(
        actor, Absence.objects.filter(pk__in=Subquery(samples))
    ).values_list("child_id", "agency_id", "unit_id"):
        groups.setdefault((agency_id, unit_id), []).append(child_id)
    allowed = Q(pk__in=[])
    for (agency_id, unit_id), children in groups.items():
        allowed |= Q(agency_id=agency_id, unit_id=unit_id, child_id__in=children)
    return allowed


def _principal_of(actor: Actor) -> int:
    return actor.staff_membership.unit.agency.principal_id


def child_absence(actor: Actor, child_id: int, *, today: dt.date | None = None) -> ChildAbsence | None:
    """The pupil's absence as the actor may see it (None: nothing to see); the read is logged
    once, on the latest row, with the ground it was seen under."""
    if actor.membership is None:
        return None
    today = today or timezone.localdate()
    visible = visible_absence(actor, Absence.objects.filter(child_id=child_id))
    newest = visible.order_by("-day", "-pk").values("pk")[:1]
    latest = list(
        policy.with_grounds(
            actor, Absence.objects.filter(pk__in=Subquery(newest)).select_related("child"), child_id=child_id
        )
    )
    if not latest:
        return None
    found = warning.Figures(child_id, latest[0].unit_id, latest[0].agency_id)
    weeks = warning.pupil(visible, found, today=today)  # the figures and the chart: one read
    signals = list(
        policy.with_grounds(actor, Signal.objects.select_related("child"), child_id=child_id)
        .filter(term_start=warning.term_start(today))
        .order_by("raised_on", "pk")
    )
    policy.log_access(actor, Action.VIEW, latest, detail="absence figures")
    if signals:
        policy.log_access(actor, Action.LIST, signals)
    return ChildAbsence(
        figures=found,
        weeks=weeks,
        signals=signals,
        thresholds=thresholds_for(_principal_of(actor)),
        today=today,
    )


@dataclass
class PupilRow:
    child: PersonView
    figures: warning.Figures
    levels: list[str]
    signals: dict[str, Signal] = field(default_factory=dict)


@dataclass
class SchoolOverview:
    rows: list[PupilRow]
    counts: dict[str, int]
    trend: list[tuple[dt.date, dict[str, int]]]
    thresholds: Thresholds
    today: dt.date


def school_overview(actor: Actor, *, today: dt.date | None = None) -> SchoolOverview | None:
    """The head teacher's list: the school's pupils over a threshold now, with their figures and
    signals; how many are over each; and the signals raised week by week this term (the trend).
    A fixed number of statements whatever the number of pupils."""
    if not is_school_head(actor):
        return None
    today = today or timezone.localdate()
    term, unit_id = warning.term_start(today), actor.staff_membership.unit_id
    thresholds = thresholds_for(_principal_of(actor))
    allowed = _visible_groups(actor, terms.samples(unit_id, today=today))
    found = terms.school_figures(unit_id, today=today, allowed=allowed)  # the aggregate, one row per pupil
    over = {child_id: f.levels(thresholds) for child_id, f in found.items() if f.levels(thresholds)}
    children = children_selectors.children_as_seen(actor, over)
    signals = policy.with_grounds(actor, Signal.objects.filter(unit_id=unit_id, term_start=term))
    by_child: dict[int, dict[str, Signal]] = {}
    for signal in signals.order_by("pk"):
        by_child.setdefault(signal.child_id, {})[signal.level] = signal
    rows = [
        PupilRow(children[child_id], found[child_id], levels, by_child.get(child_id, {}))
        for child_id, levels in over.items()
        if child_id in children
    ]
    rows.sort(key=lambda r: (-r.figures.percent_weeks, -r.figures.days_in_row, r.child.pk))
    counts = {str(level): sum(1 for r in rows if level in r.levels) for level in LEVEL_ORDER}
    trend_rows = (
        Signal.objects.filter(unit_id=unit_id, term_start=term)
        .annotate(week=TruncWeek("raised_on"))
        .order_by()
        .values("week", "level")
        .annotate(n=Count("pk"))
    )
    weeks: dict[dt.date, dict[str, int]] = {}
    for row in trend_rows:
        week = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
        weeks.setdefault(week, dict.fromkeys(LEVEL_ORDER, 0))[row["level"]] = row["n"]
    if rows:  # one row in the log naming every pupil whose absence the list shows
        policy.log_access(actor, Action.LIST, [r.child._person for r in rows], detail="absence over thresholds")
    return SchoolOverview(rows, counts, sorted(weeks.items()), thresholds, today)


def signal_for(actor: Actor, signal_id: int) -> Signal:
    """One signal (404 unless the actor may see it), logged."""
    signal = policy.get_visible(actor, Signal.objects.select_related("unit", "decided_by"), pk=signal_id)
    policy.log_access(actor, Action.VIEW, [signal])
    return signal


def due_on(signal: Signal) -> dt.date | None:
    return investigation_due(signal) if signal.level == Level.ROUTINE else None


def imports_of_school(actor: Actor) -> list[AbsenceImport]:
    """The latest imports of the actor's school (counts and row errors: no person data)."""
    if not may_import(actor):
        return []
    return list(
        AbsenceImport.objects.filter(unit_id=actor.staff_membership.unit_id)
        .defer("content")
        .order_by("-uploaded_at")[:10]
    )


def import_for(actor: Actor, import_id: int) -> AbsenceImport:
    found = None
    if may_import(actor):
        found = (
            AbsenceImport.objects.filter(pk=import_id, unit_id=actor.staff_membership.unit_id).defer("content").first()
        )
    if found is None:
        raise policy.Denied("No import matches the given query.")
    return found


@dataclass
class SignalRow:
    signal: Signal
    child: PersonView


def signals_for(actor: Actor, *, today: dt.date | None = None, limit: int = 200) -> list[SignalRow]:
    """The signals of this term the actor may see (the mentor's pupils, the student health
    team's, the head teacher's school), newest first; the list is logged."""
    if actor.membership is None:
        return []
    term = warning.term_start(today or timezone.localdate())
    signals = list(
        policy.with_grounds(actor, Signal.objects.filter(term_start=term)).order_by("-raised_on", "-pk")[:limit]
    )
    children = children_selectors.children_as_seen(actor, {s.child_id for s in signals})
    rows = [SignalRow(s, children[s.child_id]) for s in signals if s.child_id in children]
    if rows:
        policy.log_access(actor, Action.LIST, [r.signal for r in rows])
    return rows
