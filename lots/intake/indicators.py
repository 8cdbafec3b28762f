"""The concern-report and shared-entry-point indicators of the follow-up (lots.followup.registry).

Each computation is one grouped query over intake's own tables: a concern report belongs to the
social services agency (and reception unit) that received it, a request to the agency of its
entry point. Deadlines are the ones `deadlines.RULES` states, counted the same way as on every
report's page: the due day of each day a period holds is worked out once per distinct distance
(a deadline moved off a weekend or a holiday is a longer distance), and the database compares
each report with the distance of its day. Counts only, never a report or a child.
Registered from `IntakeConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from functools import reduce
from operator import or_

from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.followup.registry import Definition, Direction, Indicator, Kind, Period, Scope, Tally, register
from lots.intake import deadlines
from lots.intake.models import (
    ConcernReport,
    Forward,
    ForwardStatus,
    HelpRequest,
    ReporterKind,
    ReportStatus,
    RequestEvent,
)

REPORTS = _("Concern reports")
REQUESTS = _("Requests at the shared entry point")
RECEPTION = _("The head of the social services' reception")
ENTRY_POINT = _("The coordinators of the shared entry point")


def _day(field: str):
    return Cast(TruncDate(field, tzinfo=timezone.get_current_timezone()), DateField())


def _lag(done: str, start: str):
    return ExpressionWrapper(F(done) - F(start), output_field=DurationField())


def _days(period: Period) -> list[dt.date]:
    return [period.start + dt.timedelta(days=i) for i in range(period.days)]


def _by_distance(rule_key: str, days: list[dt.date]) -> dict[int, list[dt.date]]:
    """The days, grouped by how many days after each its deadline falls."""
    rule = deadlines.rule(rule_key)
    groups: dict[int, list[dt.date]] = defaultdict(list)
    for day in days:
        groups[(rule.due(day) - day).days].append(day)
    return groups


def _deadline_share(queryset, rule_key: str, *, start: str, done: str, scope: Scope, agency: str) -> list[Tally]:
    """Of the steps started in the period (`start`: a day annotation) whose deadline has passed or
    that were done, how many were done (`done`: a day annotation) by the deadline."""
    groups = _by_distance(rule_key, _days(scope.period))
    counted = Q(**{f"{done}__isnull": False}) | reduce(
        or_,
        (
            Q(**{f"{start}__in": days, f"{start}__lte": scope.last_day - dt.timedelta(days=k)})
            for k, days in groups.items()
        ),
    )
    kept = reduce(or_, (Q(**{f"{start}__in": days, "lag__lte": dt.timedelta(days=k)}) for k, days in groups.items()))
    rows = (
        queryset.annotate(lag=_lag(done, start))
        .filter(counted)
        .values(org=F(agency))
        .annotate(of=Count("*"), n=Count("pk", filter=kept))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def _reports(scope: Scope):
    if scope.unit_id is not None:
        return ConcernReport.objects.filter(receiving_unit_id=scope.unit_id)
    return ConcernReport.objects.filter(receiving_agency_id__in=list(scope.agency_ids))


def _received_in(scope: Scope) -> Q:
    return Q(received_at__gte=scope.period.starts_at, received_at__lt=scope.period.ends_before)


def received(scope: Scope) -> list[Tally]:
    rows = (
        _reports(scope)
        .filter(_received_in(scope))
        .values(org=F("receiving_agency_id"), category=F("reporter_kind"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], category=r["category"]) for r in rows]


def protection_same_day(scope: Scope) -> list[Tally]:
    reports = (
        _reports(scope)
        .filter(_received_in(scope))
        .annotate(received_day=_day("received_at"), assessed_day=_day("protection_assessed_at"))
    )
    return _deadline_share(
        reports,
        deadlines.PROTECTION_ASSESSMENT,
        start="received_day",
        done="assessed_day",
        scope=scope,
        agency="receiving_agency_id",
    )


def decision_in_time(scope: Scope) -> list[Tally]:
    reports = (
        _reports(scope)
        .filter(_received_in(scope))
        .annotate(received_day=_day("received_at"), decided_day=_day("decided_at"))
    )
    return _deadline_share(
        reports, deadlines.DECISION, start="received_day", done="decided_day", scope=scope, agency="receiving_agency_id"
    )


def investigation_in_time(scope: Scope) -> list[Tally]:
    """Investigations due in the period (on the day recorded, extensions included)."""
    rows = (
        _reports(scope)
        .filter(investigation_due_on__gte=scope.period.start, investigation_due_on__lte=scope.period.end)
        .annotate(concluded_day=_day("investigation_concluded_at"))
        .filter(Q(concluded_day__isnull=False) | Q(investigation_due_on__lte=scope.last_day))
        .values(org=F("receiving_agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(concluded_day__lte=F("investigation_due_on"))))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def feedback_in_time(scope: Scope) -> list[Tally]:
    """Feedback asked for in the report and due a week after the decision (SoL 19 kap. 6 §)."""
    reports = (
        _reports(scope)
        .filter(
            feedback_requested=True,
            decided_at__gte=scope.period.starts_at,
            decided_at__lt=scope.period.ends_before,
        )
        .exclude(status=ReportStatus.ALREADY_ONGOING)
        .exclude(feedback_requested_at__gt=F("decided_at"))
        .annotate(decided_day=_day("decided_at"), given_day=_day("feedback_given_at"))
    )
    return _deadline_share(
        reports, deadlines.FEEDBACK, start="decided_day", done="given_day", scope=scope, agency="receiving_agency_id"
    )


def _requests(scope: Scope):
    if scope.unit_id is not None:
        return HelpRequest.objects.filter(entry_point__unit_id=scope.unit_id)
    return HelpRequest.objects.filter(owning_agency_id__in=list(scope.agency_ids))


def requests_received(scope: Scope) -> list[Tally]:
    rows = (
        _requests(scope)
        .filter(created_at__gte=scope.period.starts_at, created_at__lt=scope.period.ends_before)
        .values(org=F("owning_agency_id"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"]) for r in rows]


def days_to_accept(scope: Scope) -> list[Tally]:
    first_accepted = (
        Forward.objects.filter(request_id=OuterRef("pk"), status=ForwardStatus.ACCEPTED)
        .values("request_id")
        .annotate(at=Min("answered_at"))
        .values("at")
    )
    rows = (
        _requests(scope)
        .annotate(accepted_at=Subquery(first_accepted))
        .filter(accepted_at__gte=scope.period.starts_at, accepted_at__lt=scope.period.ends_before)
        .annotate(created_day=_day("created_at"), accepted_day=_day("accepted_at"))
        .annotate(lag=_lag("accepted_day", "created_day"))
        .values(org=F("owning_agency_id"), lag=F("lag"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], days=r["lag"].days) for r in rows]


def escalated(scope: Scope) -> list[Tally]:
    requests = _requests(scope).values("pk")
    rows = (
        RequestEvent.objects.filter(
            request_id__in=requests,
            kind=RequestEvent.Kind.ESCALATED,
            at__gte=scope.period.starts_at,
            at__lt=scope.period.ends_before,
        )
        .values(org=F("request__owning_agency_id"))
        .annotate(n=Count("request_id", distinct=True))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"]) for r in rows]


def register_indicators() -> None:
    report = _("A report belongs to the social services that received it (with a unit chosen: its reception).")
    request = _("A request belongs to the agency of its entry point (with a unit chosen: the coordinating unit).")
    found = [
        Indicator(
            "reports.received",
            REPORTS,
            _("Concern reports received, by reporter"),
            Kind.COUNT,
            Definition(
                _("Concern reports received, by the reporter's activity."),
                _("The day the report was received."),
                report,
            ),
            RECEPTION,
            received,
            categories={c.value: c.label for c in ReporterKind},
        ),
        Indicator(
            "reports.protection_same_day",
            REPORTS,
            _("Protection assessment the same day"),
            Kind.SHARE,
            Definition(
                _(
                    "Reports received, and those whose protection assessment was made the day they arrived (Swedish "
                    "time)."
                ),
                _("The day the report was received; today is not counted until it is over."),
                report,
            ),
            RECEPTION,
            protection_same_day,
        ),
        Indicator(
            "reports.decision_in_time",
            REPORTS,
            _("Decision within 14 days"),
            Kind.SHARE,
            Definition(
                _(
                    "Reports received, and those decided (investigation or not) within 14 days; a last day on a "
                    "weekend or holiday moves to the next working day."
                ),
                _(
                    "The day the report was received; reports whose deadline has not passed and that are not "
                    "decided are not counted."
                ),
                report,
            ),
            RECEPTION,
            decision_in_time,
        ),
        Indicator(
            "reports.investigation_in_time",
            REPORTS,
            _("Investigations concluded within four months"),
            Kind.SHARE,
            Definition(
                _(
                    "Investigations opened after a report, and those concluded by their last day (four months, or "
                    "the extended day recorded)."
                ),
                _("The investigation's last day; investigations not yet due and not concluded are not counted."),
                report,
            ),
            RECEPTION,
            investigation_in_time,
        ),
        Indicator(
            "reports.feedback_in_time",
            REPORTS,
            _("Feedback to the reporter within the week"),
            Kind.SHARE,
            Definition(
                _(
                    "Decided reports whose reporter asked for feedback in the report, and those given feedback "
                    "within a week of the decision."
                ),
                _("The day of the decision."),
                _("Feedback asked for after the decision, and investigations already under way (due at once)."),
            ),
            RECEPTION,
            feedback_in_time,
        ),
        Indicator(
            "requests.received",
            REQUESTS,
            _("Requests for help received"),
            Kind.COUNT,
            Definition(
                _("Requests for help received at the shared entry point."),
                _("The day the request was received."),
                request,
            ),
            ENTRY_POINT,
            requests_received,
        ),
        Indicator(
            "requests.days_to_accept",
            REQUESTS,
            _("Days to an accepting agency"),
            Kind.DURATION,
            Definition(
                _(
                    "Calendar days from the day a request was received to the day a unit first accepted it: median "
                    "and 90th percentile."
                ),
                _("The day it was first accepted."),
                _("Requests no one has accepted."),
            ),
            ENTRY_POINT,
            days_to_accept,
            direction=Direction.AT_MOST,
        ),
        Indicator(
            "requests.escalated",
            REQUESTS,
            _("Requests escalated"),
            Kind.COUNT,
            Definition(
                _(
                    "Requests raised to the entry point's manager because no unit accepted them in time, once per "
                    "request and period."
                ),
                _("The day it was raised."),
                request,
            ),
            ENTRY_POINT,
            escalated,
            direction=Direction.AT_MOST,
        ),
    ]
    for order, indicator in enumerate(found):
        register(replace(indicator, order=200 + order))
