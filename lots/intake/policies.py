"""How the access policy judges the intake models.

- A concern report belongs to the social services agency it was sent to. Reception (a social
  worker at reception, or the reception unit's manager) sees every report sent to its agency and
  may act on it; the reported child's identity is open to reception for as long as the agency
  holds a report about the child. Social workers assigned to the child in that agency see it on
  the ordinary ground (need to know).
- The reporter sees their own submission (the selectors show them only what they wrote and the
  feedback the law allows). The report's history is never open to the reporter.
- A request for help belongs to the entry point's agency. The entry point's coordinators see and
  handle every request to it; the requester sees their own; a unit it was forwarded to sees it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lots.access import policy
from lots.access.policy import ExtraGround, RecordPolicy
from lots.intake.models import ConcernReport, Forward, HelpRequest, ReportEvent, RequestEvent
from lots.organisations.actor import Actor
from lots.organisations.models import Unit
from lots.organisations.roles import Role
from lots.people.models import Child

RECEPTION = "reception"
REPORTER = "reporter"
COORDINATOR = "entry_point"
REQUESTER = "requester"
FORWARDED_TO = "forwarded_to"

#: Grounds on which staff work on a report (and may see its assessment and history).
RECEPTION_GROUNDS = frozenset({RECEPTION, *policy.CHANGE_GROUNDS})


def is_reception(actor: Actor) -> bool:
    """A social worker at reception, or the manager of a reception unit."""
    if actor.membership is None:
        return False
    if actor.role == Role.SOCIAL_WORKER_INTAKE:
        return True
    return actor.manages_unit and actor.membership.unit.kind == Unit.Kind.SOCIAL_SERVICES_RECEPTION


def _reception(prefix: str = ""):
    def condition(actor: Actor) -> Q | None:
        if not is_reception(actor):
            return None
        return Q(**{f"{prefix}receiving_agency_id": actor.agency_id})

    return condition


def _reporter(actor: Actor) -> Q | None:
    return Q(reporter_id=actor.user.pk)


def _reported_child(actor: Actor) -> Q | None:
    """Reception sees the identity of a child reported to its agency."""
    if not is_reception(actor):
        return None
    reports = ConcernReport.objects.filter(child_id=OuterRef("pk"), receiving_agency_id=actor.agency_id)
    return Q(Exists(reports))


def _coordinator(prefix: str = ""):
    def condition(actor: Actor) -> Q | None:
        if actor.unit_id is None:
            return None
        return Q(**{f"{prefix}entry_point__unit_id": actor.unit_id})

    return condition


def _requester(prefix: str = ""):
    def condition(actor: Actor) -> Q | None:
        return Q(**{f"{prefix}requested_by_id": actor.user.pk})

    return condition


def _forwarded_to(prefix: str = ""):
    def condition(actor: Actor) -> Q | None:
        if actor.unit_id is None:
            return None
        request_ref = f"{prefix}pk" if prefix else "pk"
        return Q(Exists(Forward.objects.filter(request_id=OuterRef(request_ref), unit_id=actor.unit_id)))

    return condition


def _request_grounds(prefix: str = "") -> list[ExtraGround]:
    return [
        ExtraGround(kind=COORDINATOR, condition=_coordinator(prefix), allows_change=True),
        ExtraGround(kind=FORWARDED_TO, condition=_forwarded_to(prefix)),
        ExtraGround(kind=REQUESTER, condition=_requester(prefix)),
    ]


policy.register(
    ConcernReport,
    RecordPolicy(
        child="child",
        domain="receiving_agency",
        extra_grounds=[
            ExtraGround(kind=RECEPTION, condition=_reception(), allows_change=True),
            ExtraGround(kind=REPORTER, condition=_reporter),
        ],
    ),
)
policy.register(
    ReportEvent,
    RecordPolicy(
        child="report__child",
        domain="report__receiving_agency",
        extra_grounds=[ExtraGround(kind=RECEPTION, condition=_reception("report__"), allows_change=True)],
    ),
)
policy.register(HelpRequest, RecordPolicy(child="child", domain="owning_agency", extra_grounds=_request_grounds()))
policy.register(
    Forward,
    RecordPolicy(child="request__child", domain="request__owning_agency", extra_grounds=_request_grounds("request__")),
)
policy.register(
    RequestEvent,
    RecordPolicy(child="request__child", domain="request__owning_agency", extra_grounds=_request_grounds("request__")),
)
policy.add_ground(Child, ExtraGround(kind="concern_report", condition=_reported_child))
