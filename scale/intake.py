"""A year of concern reports, and requests for help through each municipality's shared entry point.

About 0.15 concern reports per child and year (several hundred thousand a year for the nation),
most from schools and preschools, received by the municipality's reception. Reception makes the
protection assessment the same day (3 % late), decides within 14 days (8 % late), opens an
investigation in a third of the cases and gives the feedback asked for (one in ten late); the
reports of the last days are still open, a few of them overdue. Deadlines are those of
`lots.intake.deadlines`, so the queue's next deadline agrees with what the app computes.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from types import SimpleNamespace

from lots.audit.models import Action, Flag
from lots.intake import deadlines
from lots.intake.models import (
    ForwardStatus,
    Need,
    ProtectionOutcome,
    ReporterKind,
    ReportEvent,
    ReportStatus,
    RequestEvent,
    RequestStatus,
    Violence,
)
from lots.organisations.models import Unit
from lots.organisations.roles import Role
from scale.audit import STOCKHOLM, _outside_hours

REPORTS_PER_CHILD = 0.15
REQUESTS_PER_CHILD = 0.02
LATE_ASSESSMENT, LATE_DECISION, LATE_FEEDBACK = 0.03, 0.08, 0.10
#: (reporter kind, unit kind, roles that report, share of the reports)
REPORTERS = [
    (ReporterKind.SCHOOL, Unit.Kind.SCHOOL, (Role.TEACHER, Role.KURATOR, Role.SCHOOL_NURSE, Role.REKTOR), 0.45),
    (ReporterKind.PRESCHOOL, Unit.Kind.PRESCHOOL, (Role.TEACHER, Role.REKTOR), 0.15),
    (ReporterKind.HEALTH_CARE, Unit.Kind.BUP, (Role.BUP_CLINICIAN,), 0.15),
    (ReporterKind.HEALTH_CARE, Unit.Kind.PRIMARY_CARE, (Role.PRIMARY_CARE_CLINICIAN,), 0.15),
    (ReporterKind.SOCIAL_SERVICES, Unit.Kind.LSS, (Role.LSS_OFFICER,), 0.10),
]
OBSERVED = [
    "Eleven har varit frånvarande i tre veckor och vårdnadshavarna svarar inte.",
    "Barnet berättade att pappa slog mamma i helgen.",
    "Barnet kommer hungrig och i för tunna kläder till förskolan.",
    "Eleven har blåmärken på armarna och vill inte gå hem.",
    "Tonåringen har setts påverkad på skolgården flera gånger.",
]
REPORT_COLUMNS = [
    "id", "receiving_agency_id", "receiving_unit_id", "child_id", "child_name_given", "child_number_given",
    "child_details_given", "reporter_id", "reporter_unit_id", "reporter_kind", "reporter_name", "reporter_phone",
    "reporter_email", "observed", "observed_on", "violence", "guardians_informed", "guardians_not_informed_reason",
    "feedback_requested", "received_at", "status", "version", "protection_assessed_at",
    "protection_assessed_by_id", "protection_outcome", "protection_note", "decided_at", "decided_by_id",
    "decision_reason", "decision_ground", "investigation_reference", "investigation_due_on",
    "investigation_extension_reason", "investigation_concluded_at", "feedback_given_at",
    "reporter_meeting_offered_at", "family_meeting_offered_at", "next_deadline_on", "next_deadline_rule",
]  # fmt: skip
EVENT_COLUMNS = ["id", "report_id", "kind", "at", "by_id", "from_status", "to_status", "note"]


def generate(ctx) -> None:
    _reports(ctx, ctx.rng("intake"))
    _requests(ctx, ctx.rng("intake requests"))


def _reporter_pool(ctx, m, region) -> list[tuple[str, int, int, float]]:
    """(reporter kind, unit, user, weight) for one municipality's reporters."""
    staff = ctx.shared["staff"]
    pool = []
    for kind, unit_kind, roles, share in REPORTERS:
        owner = region if unit_kind in (Unit.Kind.BUP, Unit.Kind.PRIMARY_CARE) else m
        units = owner.units.get(unit_kind, [])
        people = [(unit, user) for unit in units for role in roles for user in staff.of(unit, role)]
        pool += [(kind, unit, user, share / len(people)) for unit, user in people]
    return pool


def _report_count(ctx) -> int:
    return max(len(ReportStatus), round(ctx.plan.children * REPORTS_PER_CHILD))


def _reports(ctx, rng) -> None:
    kids, staff, now = ctx.shared["children"], ctx.shared["staff"], ctx.plan.now
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    starts = [start for start, _ in kids.municipality_ranges]
    count = _report_count(ctx)
    first = ctx.sink.allocate("intake_concernreport", count)
    moments = sorted(now - dt.timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(count))
    pools: dict[int, tuple] = {}
    rows, events, audit = [], [], []
    for offset, received in enumerate(moments):
        rid = first + offset
        child = kids.first_id + rng.randrange(kids.count)
        m = municipalities[bisect_right(starts, child) - 1]
        if m.index not in pools:
            pool = _reporter_pool(ctx, m, regions[m.region])
            pools[m.index] = (pool, [w for *_, w in pool])
        pool, weights = pools[m.index]
        kind, reporter_unit, reporter, _ = rng.choices(pool, weights)[0]
        reception = rng.choice(m.units[Unit.Kind.SOCIAL_SERVICES_RECEPTION])
        worker = rng.choice(staff.of(reception, Role.SOCIAL_WORKER_INTAKE))
        # the last report of each kind of outcome first: a small data set has every status
        report = _steps(rng, rid, received, now, worker, forced=list(ReportStatus)[offset] if offset < 5 else None)
        found = deadlines.report_deadlines(report)
        upcoming = deadlines.next_open(found)
        guardians_told = rng.random() < 0.8
        rows.append(
            (rid, m.agencies["social_services"], reception, child if rng.random() < 0.97 or report.decided_at else None,
             f"Barn {kids.surname(child)}", "", "", reporter, reporter_unit, kind, staff.username[reporter], "", "",
             rng.choice(OBSERVED), (received - dt.timedelta(days=rng.randint(0, 3))).date(), report.violence,
             "yes" if guardians_told else "no", "" if guardians_told else "Risk att barnet utsätts för mer våld.",
             report.feedback_requested, received, report.status, 1, report.protection_assessed_at,
             worker if report.protection_assessed_at else None,
             ProtectionOutcome.NO_IMMEDIATE_NEED if report.protection_assessed_at else "",
             "Inget akut skyddsbehov." if report.protection_assessed_at else "", report.decided_at,
             worker if report.decided_at else None, "Bedömning gjord." if report.decided_at else "", "",
             f"DNR-{rid}" if report.investigation_due_on else "", report.investigation_due_on, "",
             report.investigation_concluded_at, report.feedback_given_at, None, None,
             upcoming.due if upcoming else None, upcoming.rule.key if upcoming else ""),
        )  # fmt: skip
        events += _report_events(report, rid, worker)
        if report.decided_at:
            audit.append(_view(ctx, rng, worker, child, "intake.concernreport", rid, report.decided_at))
    ctx.sink.write("intake_concernreport", REPORT_COLUMNS, rows, total=len(rows), label="concern reports")
    first_event = ctx.sink.allocate("intake_reportevent", len(events))
    ctx.sink.write(
        "intake_reportevent",
        EVENT_COLUMNS,
        ((first_event + i, *event) for i, event in enumerate(events)),
        total=len(events),
        label="concern report events",
    )
    audit.sort(key=lambda row: row[0])
    ctx.audit.append(audit, label="audit of concern reports")


def _steps(rng, rid: int, received: dt.datetime, now: dt.datetime, worker: int, forced) -> SimpleNamespace:
    """What reception has done with one report by now, some steps late."""
    report = SimpleNamespace(
        received_at=received,
        violence=rng.choice([Violence.SUBJECTED, Violence.WITNESSED]) if rng.random() < 0.15 else Violence.NONE,
        feedback_requested=rng.random() < 0.7,
        feedback_requested_at=None,
        status=ReportStatus.RECEIVED,
        protection_assessed_at=None,
        decided_at=None,
        investigation_due_on=None,
        investigation_concluded_at=None,
        feedback_given_at=None,
    )
    assessed = received + (dt.timedelta(days=1, hours=2) if rng.random() < LATE_ASSESSMENT else dt.timedelta(hours=2))
    if assessed < now:
        report.protection_assessed_at = assessed
    late = rng.random() < LATE_DECISION
    decided = received + dt.timedelta(days=rng.randint(16, 25) if late else rng.randint(1, 12), hours=1)
    if forced == ReportStatus.RECEIVED or decided >= now or (rng.random() < 0.004 and forced is None):
        return report  # still waiting for the decision (overdue when it has waited 14 days)
    report.decided_at = decided
    draw = rng.random()
    outcome = forced or (
        ReportStatus.INVESTIGATION_OPENED
        if draw < 0.35 or report.violence != Violence.NONE
        else ReportStatus.ALREADY_ONGOING
        if draw < 0.45
        else ReportStatus.NOT_OPENED
    )
    if outcome in (ReportStatus.INVESTIGATION_OPENED, ReportStatus.INVESTIGATION_CONCLUDED):
        report.investigation_due_on = deadlines.rule(deadlines.INVESTIGATION).due(decided)
        concluded = decided + dt.timedelta(days=rng.randint(60, 130))
        outcome = ReportStatus.INVESTIGATION_OPENED
        if concluded < now:
            report.investigation_concluded_at, outcome = concluded, ReportStatus.INVESTIGATION_CONCLUDED
    report.status = outcome
    if report.feedback_requested:
        given = decided + dt.timedelta(days=rng.randint(9, 20) if rng.random() < LATE_FEEDBACK else rng.randint(0, 6))
        if given < now:
            report.feedback_given_at = given
    return report


def _report_events(report, rid: int, worker: int) -> list[tuple]:
    events = [(rid, ReportEvent.Kind.RECEIVED, report.received_at, None, "", ReportStatus.RECEIVED, "")]
    if report.protection_assessed_at:
        events.append((rid, ReportEvent.Kind.PROTECTION_ASSESSED, report.protection_assessed_at, worker, "", "", ""))
    if report.decided_at:
        opened = ReportStatus.INVESTIGATION_OPENED if report.investigation_due_on else report.status
        events.append((rid, ReportEvent.Kind.DECIDED, report.decided_at, worker, ReportStatus.RECEIVED, opened, ""))
    if report.investigation_concluded_at:
        events.append(
            (rid, ReportEvent.Kind.CONCLUDED, report.investigation_concluded_at, worker,
             ReportStatus.INVESTIGATION_OPENED, ReportStatus.INVESTIGATION_CONCLUDED, "")
        )  # fmt: skip
    if report.feedback_given_at:
        events.append((rid, ReportEvent.Kind.FEEDBACK_GIVEN, report.feedback_given_at, worker, "", "", ""))
    return sorted(events, key=lambda event: event[2])


def _view(ctx, rng, user: int, child: int | None, record_type: str, record_id: int, at: dt.datetime) -> tuple:
    """An access-log row: reception (or a coordinator) opening the record."""
    staff, protected = ctx.shared["staff"], ctx.shared["children"].protected
    flags = (Flag.PROTECTED_IDENTITY if child in protected else 0) | (
        Flag.OUTSIDE_WORKING_HOURS if _outside_hours(at.astimezone(STOCKHOLM)) else 0
    )
    return (
        at, user, staff.username[user], staff.membership[user], staff.agency[user], staff.role[user], None,
        str(Action.VIEW), child, record_type, str(record_id), "reception", None, int(flags),
        f"{rng.getrandbits(128):032x}", "10.0.0.2", "", None,
    )  # fmt: skip


def _requests(ctx, rng) -> None:
    """One shared entry point per municipality (coordinated from its reception) and a year of requests."""
    kids, staff, now = ctx.shared["children"], ctx.shared["staff"], ctx.plan.now
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    first_point = ctx.sink.allocate("intake_entrypoint", len(municipalities))
    ctx.sink.write(
        "intake_entrypoint",
        ["id", "name", "unit_id"],
        [
            (first_point + m.index, f"Gemensam ingång {m.name}", m.units[Unit.Kind.SOCIAL_SERVICES_RECEPTION][0])
            for m in municipalities
        ],
        total=len(municipalities),
        label="entry points",
    )
    starts = [start for start, _ in kids.municipality_ranges]
    count = max(len(RequestStatus), round(ctx.plan.children * REQUESTS_PER_CHILD))
    first = ctx.sink.allocate("intake_helprequest", count)
    moments = sorted(now - dt.timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(count))
    requests, forwards, events = [], [], []
    for offset, created in enumerate(moments):
        rid = first + offset
        child = kids.first_id + rng.randrange(kids.count)
        m = municipalities[bisect_right(starts, child) - 1]
        point_unit = m.units[Unit.Kind.SOCIAL_SERVICES_RECEPTION][0]
        coordinator = staff.of(point_unit, Role.SOCIAL_WORKER_INTAKE)[0]
        school = kids.school_unit[child - kids.first_id] or m.units[Unit.Kind.SCHOOL][0]
        requester = rng.choice(staff.of(school, Role.KURATOR) or staff.of(school, Role.REKTOR))
        target = rng.choice(
            [*m.units.get(Unit.Kind.FAMILY_TREATMENT, []), *regions[m.region].units.get(Unit.Kind.BUP, [])]
        )
        age_days = (now - created).days
        status = (
            RequestStatus.NEW
            if age_days < 1 or offset == count - 1
            else RequestStatus.FORWARDED
            if age_days < 6 or offset == count - 2
            else RequestStatus.ACCEPTED
            if age_days < 60 or offset == count - 3
            else RequestStatus.CLOSED
        )
        forwarded = created + dt.timedelta(hours=3)
        due = deadlines.rule(deadlines.REQUEST_ACCEPTANCE).due(forwarded) if status == RequestStatus.FORWARDED else None
        requests.append(
            (rid, first_point + m.index, staff.agency[coordinator], child, "Elev på skolan",
             f'["{rng.choice([n.value for n in Need])}"]', "Familjen behöver stöd; vi vet inte vart de ska vända sig.",
             True, requester, school, created, status, due,
             now if due and due < ctx.plan.today else None, 1),
        )  # fmt: skip
        events.append((rid, RequestEvent.Kind.CREATED, created, requester, None, ""))
        if status != RequestStatus.NEW:
            answered = status in (RequestStatus.ACCEPTED, RequestStatus.CLOSED)
            answerer = staff.of(target, Role.UNIT_MANAGER)[0]
            forwards.append(
                (rid, target, coordinator, forwarded, ForwardStatus.ACCEPTED if answered else ForwardStatus.PENDING,
                 answerer if answered else None, forwarded + dt.timedelta(days=1) if answered else None, "")
            )  # fmt: skip
            events.append((rid, RequestEvent.Kind.FORWARDED, forwarded, coordinator, target, ""))
            if answered:
                events.append((rid, RequestEvent.Kind.ACCEPTED, forwarded + dt.timedelta(days=1), answerer, target, ""))
            if status == RequestStatus.CLOSED:
                events.append((rid, RequestEvent.Kind.CLOSED, forwarded + dt.timedelta(days=40), coordinator, None, ""))
    _write_requests(ctx, requests, forwards, events)


def _write_requests(ctx, requests, forwards, events) -> None:
    sink = ctx.sink
    sink.write(
        "intake_helprequest",
        ["id", "entry_point_id", "owning_agency_id", "child_id", "who_given", "needs", "description",
         "family_consents", "requested_by_id", "requester_unit_id", "created_at", "status",
         "accept_due_on", "escalated_at", "version"],
        requests, total=len(requests), label="help requests",
    )  # fmt: skip
    first = sink.allocate("intake_forward", len(forwards))
    sink.write(
        "intake_forward",
        ["id", "request_id", "unit_id", "forwarded_by_id", "forwarded_at", "status", "answered_by_id", "answered_at",
         "reason"],
        ((first + i, *row) for i, row in enumerate(forwards)), total=len(forwards), label="forwards",
    )  # fmt: skip
    first = sink.allocate("intake_requestevent", len(events))
    sink.write(
        "intake_requestevent",
        ["id", "request_id", "kind", "at", "by_id", "unit_id", "note"],
        ((first + i, *row) for i, row in enumerate(events)), total=len(events), label="request events",
    )  # fmt: skip
