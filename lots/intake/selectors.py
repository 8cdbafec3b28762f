"""Reads of concern reports and requests, always through the access policy and into the log.

Lists narrow first to what the actor could know (the reports sent to their agency, their own
submissions, the requests to their entry point or unit), then apply the policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access import policy
from lots.access.presentation import PersonView, present_children
from lots.audit.models import Action
from lots.intake import deadlines, history
from lots.intake.models import (
    OPEN_REPORT_STATUSES,
    ConcernReport,
    EntryPoint,
    Forward,
    HelpRequest,
    ReportEvent,
    RequestEvent,
    Violence,
)
from lots.intake.policies import COORDINATOR, RECEPTION_GROUNDS, REPORTER, is_reception
from lots.intake.workflow import FEEDBACK_BY_STATUS
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit

PAGE_SIZE = 50

FEEDBACK_TEXT = {
    "opened": _("An investigation has been opened."),
    "not_opened": _("No investigation will be opened."),
    "already_ongoing": _("An investigation is already under way."),
}


# Reception ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    report: ConcernReport
    child: PersonView | None
    status: deadlines.Status | None
    rule: deadlines.Rule | None


def queue_counts(actor: Actor, *, today: dt.date | None = None) -> dict[str, int]:
    """How many open reports of the actor's agency are on time, due today, overdue (no person data)."""
    if not is_reception(actor):
        return {s.value: 0 for s in deadlines.OPEN_STATUSES}
    today = today or timezone.localdate()
    open_reports = ConcernReport.objects.filter(receiving_agency_id=actor.agency_id, next_deadline_on__isnull=False)
    return open_reports.aggregate(
        **{s.value: Count("pk", filter=deadlines.status_q(s, today=today)) for s in deadlines.OPEN_STATUSES}
    )


def violence_first() -> Case:
    """0 for a report about violence, 1 for the others: among reports due the same day, those
    about violence come first (the queue, the start page)."""
    return Case(When(violence=Violence.NONE, then=Value(1)), default=Value(0), output_field=IntegerField())


def reception_queue(
    actor: Actor,
    *,
    status: str = "",
    violence_only: bool = False,
    step: str = "",
    include_closed: bool = False,
    page_number: int | str = 1,
    today: dt.date | None = None,
) -> tuple[Page, list[QueueRow]]:
    """The reports sent to the actor's agency: overdue and due first, violence first among equals,
    then newest. Filterable by deadline status, by step and to reports about violence."""
    today = today or timezone.localdate()
    reports = ConcernReport.objects.none()
    if is_reception(actor):
        reports = ConcernReport.objects.filter(receiving_agency_id=actor.agency_id)
    if not include_closed:
        reports = reports.filter(next_deadline_on__isnull=False)
    if status in deadlines.OPEN_STATUSES:
        reports = reports.filter(deadlines.status_q(deadlines.Status(status), today=today))
    if violence_only:
        reports = reports.exclude(violence=Violence.NONE)
    if step in deadlines.RULES:
        reports = reports.filter(next_deadline_rule=step)
    ordered = (
        reports.annotate(_violence_first=violence_first())
        .order_by(F("next_deadline_on").asc(nulls_last=True), "_violence_first", "-received_at", "-pk")
        .values_list("pk", flat=True)
    )
    # Narrow and page on the driving set (an index scan), then let the policy judge the page's
    # rows: only what the policy lets through is shown and logged, and the cost stays that of
    # one page however long the queue is.
    page = Paginator(ordered, PAGE_SIZE).get_page(page_number)
    ids = list(page.object_list)
    visible = {
        r.pk: r
        for r in policy.with_grounds(actor, ConcernReport.objects.filter(pk__in=ids)).select_related(
            "child", "reporter_unit"
        )
    }
    rows = [visible[pk] for pk in ids if pk in visible]
    policy.log_access(actor, Action.LIST, rows, detail="reception queue")
    children = iter(present_children(actor, [r.child for r in rows if r.child is not None]))
    queue = []
    for report in rows:
        due = report.next_deadline_on
        queue.append(
            QueueRow(
                report=report,
                child=next(children) if report.child is not None else None,
                status=deadlines.status(due, today=today) if due else None,
                rule=deadlines.RULES.get(report.next_deadline_rule),
            )
        )
    return page, queue


@dataclass(frozen=True)
class ReportDetail:
    report: ConcernReport
    child: PersonView | None
    deadlines: list[deadlines.Deadline]
    events: list[ReportEvent]
    ground: str


def report_for_reception(actor: Actor, report_id: int) -> ReportDetail:
    """The whole report with its deadlines and history, for those who work on it. The reporter's
    own ground does not open this page (a 404 like any other)."""
    report = policy.get_visible(
        actor,
        ConcernReport.objects.select_related("child__school_unit", "reporter_unit__agency", "receiving_unit"),
        pk=report_id,
    )
    if report._ground not in RECEPTION_GROUNDS:
        from lots.audit import services as audit

        audit.note_denied(actor, "intake.concernreport", str(report_id))
        raise policy.Denied()
    events = list(
        policy.with_grounds(actor, ReportEvent.objects.filter(report_id=report.pk))
        .select_related("by")
        .order_by("at", "pk")
    )
    for event in events:
        event.sentence = history.report_sentence(event)
    policy.log_access(actor, Action.VIEW, [report])
    child = present_children(actor, [report.child])[0] if report.child is not None else None
    return ReportDetail(
        report=report,
        child=child,
        deadlines=deadlines.report_deadlines(report),
        events=events,
        ground=report._ground,
    )


def reports_about_child(actor: Actor, child_id: int) -> list[ConcernReport]:
    """For the child's page: the reports about the child that the actor works on."""
    reports = ConcernReport.objects.filter(receiving_agency_id=actor.agency_id)
    # The child comes with each report for the log: one query, however many reports.
    judged = policy.with_grounds(actor, reports, child_id=child_id).select_related("child").order_by("-received_at")
    found = [r for r in judged if r._ground in RECEPTION_GROUNDS]
    policy.log_access(actor, Action.LIST, found, detail="child page")
    return found


# The reporter ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReporterView:
    """A report as its reporter may see it: what they wrote, and the lawful feedback only."""

    pk: int
    received_at: dt.datetime
    receiving_agency: str
    child_name: str
    child_number: str
    child_details: str
    observed: str
    observed_on: dt.date
    violence: str
    guardians_informed: str
    guardians_not_informed_reason: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    feedback_requested: bool
    feedback: str  # "" until feedback is given
    feedback_given_at: dt.datetime | None
    meeting_offered_at: dt.datetime | None

    @property
    def child_chosen_from_list(self) -> bool:
        """Filing needs a name, a number or one of the reporter's own children: neither written,
        the child was chosen from their list (whose name the report does not copy)."""
        return not self.child_name and not self.child_number

    @property
    def may_ask_for_feedback(self) -> bool:
        """Not asked for yet and not given: the reporter may ask now (SoL 19 kap. 6 §)."""
        return not self.feedback_requested and self.feedback_given_at is None


def as_reporter_sees(report: ConcernReport) -> ReporterView:
    feedback = ""
    if report.feedback_given_at is not None:
        feedback = str(FEEDBACK_TEXT[FEEDBACK_BY_STATUS[report.status]])
    number = report.child_number_given
    return ReporterView(
        pk=report.pk,
        received_at=report.received_at,
        receiving_agency=str(report.receiving_agency),
        child_name=report.child_name_given,
        child_number=f"{number[:8]}-{number[8:]}" if len(number) == 12 else number,
        child_details=report.child_details_given,
        observed=report.observed,
        observed_on=report.observed_on,
        violence=report.get_violence_display(),
        guardians_informed=report.get_guardians_informed_display(),
        guardians_not_informed_reason=report.guardians_not_informed_reason,
        reporter_name=report.reporter_name,
        reporter_phone=report.reporter_phone,
        reporter_email=report.reporter_email,
        feedback_requested=report.feedback_requested,
        feedback=feedback,
        feedback_given_at=report.feedback_given_at,
        meeting_offered_at=report.reporter_meeting_offered_at,
    )


def reports_filed_by_me(actor: Actor) -> QuerySet[ConcernReport]:
    """The reports I filed, judged by the policy; the caller pages them, logs the rows it shows
    and shows each only `as_reporter_sees` it."""
    return policy.with_grounds(actor, ConcernReport.objects.filter(reporter_id=actor.user.pk)).select_related(
        "receiving_agency__principal", "child"
    )


def my_reports(actor: Actor, *, page_number: int | str = 1) -> tuple[Page, list[ReporterView]]:
    """ "Mina anmälningar": the reports I filed, as the reporter may see them."""
    mine = reports_filed_by_me(actor).order_by("-received_at", "-pk")
    page = Paginator(mine, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    policy.log_access(actor, Action.LIST, rows, detail="my reports")
    return page, [as_reporter_sees(r) for r in rows]


def my_report(actor: Actor, report_id: int) -> ReporterView:
    report = policy.get_visible(
        actor,
        ConcernReport.objects.filter(reporter_id=actor.user.pk).select_related("receiving_agency__principal", "child"),
        pk=report_id,
    )
    policy.log_access(actor, Action.VIEW, [report], detail="reporter", ground=REPORTER)
    return as_reporter_sees(report)


def social_services_for(actor: Actor) -> list[Agency]:
    """Where a report can be sent: social services with a reception in Lots, own municipality first."""
    agencies = list(
        Agency.objects.filter(kind=Agency.Kind.SOCIAL_SERVICES, units__kind=Unit.Kind.SOCIAL_SERVICES_RECEPTION)
        .distinct()
        .select_related("principal")
        .order_by("principal__name", "name")
    )
    own = actor.membership.unit.agency.principal_id if actor.membership else None
    return sorted(agencies, key=lambda a: a.principal_id != own)


# The shared entry point ---------------------------------------------------------------------------


def entry_points_for(actor: Actor) -> list[EntryPoint]:
    principal = actor.membership.unit.agency.principal if actor.membership else None
    points = EntryPoint.objects.select_related("unit__agency__principal").order_by("name")
    if principal is not None and principal.kind == "municipality":
        own = [p for p in points if p.unit.agency.principal_id == principal.pk]
        if own:
            return own
    return list(points)


def requests_for(actor: Actor, *, page_number: int | str = 1) -> tuple[Page, list[HelpRequest]]:
    """Requests to my entry point, forwarded to my unit, or made by me."""
    driving = Q(requested_by_id=actor.user.pk)
    if actor.unit_id is not None:
        driving |= Q(entry_point__unit_id=actor.unit_id) | Q(
            pk__in=Forward.objects.filter(unit_id=actor.unit_id).values("request_id")
        )
    requests = (
        policy.with_grounds(actor, HelpRequest.objects.filter(driving))
        .select_related("entry_point", "requester_unit")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(requests, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    policy.log_access(actor, Action.LIST, rows, detail="requests")
    return page, rows


@dataclass(frozen=True)
class RequestDetail:
    request: HelpRequest
    forwards: list[Forward]
    journey: list[RequestEvent]
    is_coordinator: bool
    my_forward: Forward | None
    accept_status: deadlines.Status | None


def request_detail(actor: Actor, request_id: int) -> RequestDetail:
    request = policy.get_visible(
        actor, HelpRequest.objects.select_related("entry_point__unit", "requester_unit", "requested_by"), pk=request_id
    )
    forwards = list(request.forwards.select_related("unit__agency", "answered_by").order_by("forwarded_at", "pk"))
    journey = list(request.events.select_related("by", "unit").order_by("at", "pk"))
    for event in journey:
        event.sentence = history.request_sentence(event)
    policy.log_access(actor, Action.VIEW, [request])
    due = request.accept_due_on
    accept_status = deadlines.status(due) if due and request.status == "forwarded" else None
    return RequestDetail(
        request=request,
        forwards=forwards,
        journey=journey,
        is_coordinator=request._ground == COORDINATOR,
        my_forward=next((f for f in forwards if f.unit_id == actor.unit_id), None),
        accept_status=accept_status,
    )


def units_for_forwarding(request: HelpRequest) -> list[Unit]:
    """Units of the entry point's municipality and its region (no person data)."""
    principal = request.entry_point.unit.agency.principal
    region_id = principal.region_id or principal.pk
    return list(
        Unit.objects.filter(Q(agency__principal_id=principal.pk) | Q(agency__principal_id=region_id))
        .exclude(pk=request.entry_point.unit_id)
        .select_related("agency")
        .order_by("agency__name", "name")
    )


def children_with_open_reports(unit_id: int):
    """The ids of the children whose concern report the unit (a reception) received and has not
    closed: an open matter the unit holds (access.assignments, "children without an owner")."""
    return (
        ConcernReport.objects.filter(receiving_unit_id=unit_id, status__in=OPEN_REPORT_STATUSES, child__isnull=False)
        .values_list("child_id", flat=True)
        .distinct()
    )
