"""The journey indicators of the follow-up (lots.followup.registry).

One grouped query each over the routines' own tables, by the agency (and unit) that owns the
step now. Counts only, never a journey or a child. Registered from `RoutinesConfig.ready()`.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.followup.registry import Definition, Direction, Indicator, Kind, Scope, Tally, register
from lots.routines.models import JourneyEvent, JourneyStep

AREA = _("Routines and journeys")
OWNER = _("The steering group (the routines' owners)")


def _steps(scope: Scope):
    if scope.unit_id is not None:
        return JourneyStep.objects.filter(owner_unit_id=scope.unit_id)
    return JourneyStep.objects.filter(owner_agency_id__in=list(scope.agency_ids))


def overdue_at_end(scope: Scope) -> list[Tally]:
    """Steps reached and not yet left at the end of the period (or now), past their due day."""
    moment = min(scope.period.ends_before, timezone.now())
    rows = (
        _steps(scope)
        .filter(entered_at__lt=moment, due_on__lte=scope.last_day)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=moment))
        .values(org=F("owner_agency_id"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"]) for r in rows]


def raised(scope: Scope) -> list[Tally]:
    """Steps raised to a manager because they were overdue or no one held them."""
    rows = (
        JourneyEvent.objects.filter(
            step__in=_steps(scope).values("pk"),
            kind=JourneyEvent.Kind.ESCALATED,
            at__gte=scope.period.starts_at,
            at__lt=scope.period.ends_before,
        )
        .values(org=F("step__owner_agency_id"))
        .annotate(n=Count("step_id", distinct=True))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"]) for r in rows]


def register_indicators() -> None:
    owned = _("A step belongs to the agency and unit that own it now (after any handover).")
    register(
        Indicator(
            "journeys.overdue",
            AREA,
            _("Journey steps overdue at the end of the period"),
            Kind.COUNT,
            Definition(
                _(
                    "Steps of children's journeys that had been reached and not completed or skipped, and whose due "
                    "day had passed."
                ),
                _("The end of the period (or today, if it has not ended)."),
                owned,
            ),
            OWNER,
            overdue_at_end,
            direction=Direction.AT_MOST,
            order=300,
        )
    )
    register(
        Indicator(
            "journeys.without_owner",
            AREA,
            _("Steps raised because they were overdue or no one held them"),
            Kind.COUNT,
            Definition(
                _(
                    "Steps raised to the owning unit's manager (overdue, or held by no one for the days set), once "
                    "per step."
                ),
                _("The day the step was raised."),
                owned,
            ),
            OWNER,
            raised,
            direction=Direction.AT_MOST,
            order=301,
        )
    )
