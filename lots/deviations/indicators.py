"""The deviation indicators of the follow-up (lots.followup.registry): what they count, and how.

Each computation is one grouped query over the deviations' own tables, by the agency that
reported the deviation (with a unit chosen, the deviations the unit reported), and returns
counts, never a deviation. Small counts are suppressed by the follow-up, not here. Registered
from `DeviationsConfig.ready()`.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.deviations.models import Deviation, DeviationEvent, Kind, Status
from lots.followup.registry import Definition, Indicator, Scope, Tally, register
from lots.followup.registry import Kind as IndicatorKind

AREA = _("Deviations")
OWNER = _("The steering group for collaboration (the deviations' handling)")
_PROPOSALS = (Status.PROPOSED, Status.DISMISSED)


def _deviations(scope: Scope, path: str = "") -> Q:
    if scope.unit_id is not None:
        return Q(**{f"{path}reporting_unit_id": scope.unit_id})
    return Q(**{f"{path}reporting_agency_id__in": list(scope.agency_ids)})


def _reported_in(scope: Scope):
    return Deviation.objects.filter(
        _deviations(scope), reported_at__gte=scope.period.starts_at, reported_at__lt=scope.period.ends_before
    ).exclude(status__in=_PROPOSALS)


def _tallies(rows) -> list[Tally]:
    return [Tally(agency_id=r["org"], n=r["n"], category=r.get("category") or "") for r in rows]


def by_kind(scope: Scope) -> list[Tally]:
    rows = _reported_in(scope).values(org=F("reporting_agency_id"), category=F("kind")).annotate(n=Count("*"))
    return _tallies(rows.order_by())


def by_status(scope: Scope) -> list[Tally]:
    rows = _reported_in(scope).values(org=F("reporting_agency_id"), category=F("status")).annotate(n=Count("*"))
    return _tallies(rows.order_by())


def closed_in_time(scope: Scope) -> list[Tally]:
    """Deviations closed in the period, and those closed on or before their handling date."""
    closed_day = TruncDate("closed_at", tzinfo=timezone.get_current_timezone())
    rows = (
        Deviation.objects.filter(
            _deviations(scope),
            status=Status.CLOSED,
            handling_due_on__isnull=False,
            closed_at__gte=scope.period.starts_at,
            closed_at__lt=scope.period.ends_before,
        )
        .annotate(closed_day=closed_day)
        .values(org=F("reporting_agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(closed_day__lte=F("handling_due_on"))))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def proposals_decided(scope: Scope) -> list[Tally]:
    rows = (
        DeviationEvent.objects.filter(
            _deviations(scope, "deviation__"),
            kind__in=[DeviationEvent.Kind.CONFIRMED, DeviationEvent.Kind.DISMISSED],
            at__gte=scope.period.starts_at,
            at__lt=scope.period.ends_before,
        )
        .values(org=F("deviation__reporting_agency_id"), category=F("kind"))
        .annotate(n=Count("deviation_id", distinct=True))
        .order_by()
    )
    return _tallies(rows)


def raised(scope: Scope) -> list[Tally]:
    rows = (
        Deviation.objects.filter(
            _deviations(scope), raised_at__gte=scope.period.starts_at, raised_at__lt=scope.period.ends_before
        )
        .values(org=F("reporting_agency_id"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return _tallies(rows)


def _indicator(**fields) -> Indicator:
    return Indicator(area=AREA, owner=OWNER, **fields)


def register_indicators() -> None:
    agency = _("A deviation belongs to the agency that reported it; with a unit chosen, to the unit that reported it.")
    proposals = _("Proposals by Lots not yet confirmed, and proposals dismissed.")
    for order, indicator in enumerate(
        [
            _indicator(
                key="deviations.by_kind",
                label=_("Deviations reported, by kind"),
                kind=IndicatorKind.COUNT,
                definition=Definition(
                    counted=_("Deviations reported by staff or confirmed from a proposal by Lots, by kind."),
                    dated=_("The day the deviation was reported (or proposed)."),
                    excluded=proposals,
                ),
                compute=by_kind,
                categories={k.value: k.label for k in Kind},
            ),
            _indicator(
                key="deviations.by_status",
                label=_("Deviations reported, by status now"),
                kind=IndicatorKind.COUNT,
                definition=Definition(
                    counted=_("Deviations reported in the period, by whether they are being handled or closed now."),
                    dated=_("The day the deviation was reported (or proposed)."),
                    excluded=proposals,
                ),
                compute=by_status,
                categories={Status.OPEN.value: Status.OPEN.label, Status.CLOSED.value: Status.CLOSED.label},
            ),
            _indicator(
                key="deviations.closed_in_time",
                label=_("Deviations closed within the handling time"),
                kind=IndicatorKind.SHARE,
                definition=Definition(
                    counted=_("Deviations closed, and those closed on or before the day they were to be handled by."),
                    dated=_("The day the deviation was closed."),
                    excluded=agency,
                ),
                compute=closed_in_time,
            ),
            _indicator(
                key="deviations.proposals",
                label=_("Proposals by Lots confirmed or dismissed"),
                kind=IndicatorKind.COUNT,
                definition=Definition(
                    counted=_("Deviations proposed by Lots' own signals that a manager confirmed or dismissed."),
                    dated=_("The day of the decision."),
                    excluded=_("Proposals not yet decided."),
                ),
                compute=proposals_decided,
                categories={
                    DeviationEvent.Kind.CONFIRMED.value: _("Confirmed"),
                    DeviationEvent.Kind.DISMISSED.value: _("Dismissed"),
                },
            ),
            _indicator(
                key="deviations.raised",
                label=_("Deviations raised to the steering group"),
                kind=IndicatorKind.COUNT,
                definition=Definition(
                    counted=_("Deviations raised to the steering group, by a manager or because handling was overdue."),
                    dated=_("The day the deviation was raised."),
                    excluded=agency,
                ),
                compute=raised,
            ),
        ]
    ):
        register(replace(indicator, order=400 + order))
