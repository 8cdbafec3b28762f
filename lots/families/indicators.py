"""The family coordination indicators of the follow-up (lots.followup.registry).

Each computation is one grouped query over the families app's own tables, by the engagement's
agency (with a unit chosen, the team), and returns counts, never a family. Small counts are
suppressed by the follow-up (the one rule), not here. Registered from `FamiliesConfig.ready()`.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.families.models import EndReason, Engagement, Occasion, OutcomeRating
from lots.followup.registry import Definition, Direction, Indicator, Kind, Scope, Tally, register

AREA = _("Family coordination")
OWNER = _("The family coordination team's manager")


def _engagements(scope: Scope):
    if scope.unit_id is not None:
        return Engagement.objects.filter(team_id=scope.unit_id)
    return Engagement.objects.filter(agency_id__in=list(scope.agency_ids))


def started(scope: Scope) -> list[Tally]:
    rows = (
        _engagements(scope)
        .filter(started_at__gte=scope.period.starts_at, started_at__lt=scope.period.ends_before)
        .values(org=F("agency_id"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"]) for r in rows]


def ended(scope: Scope) -> list[Tally]:
    rows = (
        _engagements(scope)
        .filter(ended_at__gte=scope.period.starts_at, ended_at__lt=scope.period.ends_before)
        .values(org=F("agency_id"), category=F("end_reason"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], category=r["category"] or "") for r in rows]


def waiting_days(scope: Scope) -> list[Tally]:
    tz = timezone.get_current_timezone()
    waited = ExpressionWrapper(
        Cast(TruncDate("started_at", tzinfo=tz), DateField())
        - Cast(TruncDate("referral__received_at", tzinfo=tz), DateField()),
        output_field=DurationField(),
    )
    rows = (
        _engagements(scope)
        .filter(started_at__gte=scope.period.starts_at, started_at__lt=scope.period.ends_before)
        .annotate(waited=waited)
        .values(org=F("agency_id"), waited=F("waited"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], days=r["waited"].days) for r in rows]


def control_rose(scope: Scope) -> list[Tally]:
    """Families rated at the end in the period with a start rating, and those whose own rating
    of control over everyday life rose."""

    def rating(occasion: Occasion):
        return Subquery(
            OutcomeRating.objects.filter(engagement=OuterRef("pk"), occasion=occasion)
            .order_by("-rated_on", "-pk")
            .values("control")[:1]
        )

    end_in_period = OutcomeRating.objects.filter(
        occasion=Occasion.END, rated_on__gte=scope.period.start, rated_on__lte=scope.period.end
    )
    rows = (
        _engagements(scope)
        .filter(pk__in=end_in_period.values("engagement_id"))
        .annotate(first=rating(Occasion.START), last=rating(Occasion.END))
        .filter(first__isnull=False)
        .values(org=F("agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(last__gt=F("first"))))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def _indicator(**fields) -> Indicator:
    return Indicator(area=AREA, owner=OWNER, **fields)


def register_indicators() -> None:
    team = _("An engagement belongs to the team's agency; with a unit chosen, to the team.")
    for order, indicator in enumerate(
        [
            _indicator(
                key="families.started",
                label=_("Family coordinations started"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Families whose coordination started."), dated=_("The day it started."), excluded=team
                ),
                compute=started,
            ),
            _indicator(
                key="families.ended",
                label=_("Family coordinations ended, by reason"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Families whose coordination ended, by why it ended."),
                    dated=_("The day it ended."),
                    excluded=team,
                ),
                compute=ended,
                categories={r.value: r.label for r in EndReason},
            ),
            _indicator(
                key="families.waiting_days",
                label=_("Days from referral to start of family coordination"),
                kind=Kind.DURATION,
                definition=Definition(
                    counted=_(
                        "Calendar days from the day the referral was received to the day the coordination started: "
                        "median and 90th percentile."
                    ),
                    dated=_("The day the coordination started."),
                    excluded=_("Referrals declined, withdrawn or still waiting."),
                ),
                compute=waiting_days,
                direction=Direction.AT_MOST,
            ),
            _indicator(
                key="families.control_rose",
                label=_("Families whose own rating of control rose"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_(
                        "Families rated at the end of the coordination, and those whose own rating of control over "
                        "everyday life was higher at the end than at the start."
                    ),
                    dated=_("The day of the rating at the end."),
                    excluded=_("Families without a rating at the start."),
                ),
                compute=control_rose,
            ),
        ]
    ):
        register(replace(indicator, order=600 + order))
