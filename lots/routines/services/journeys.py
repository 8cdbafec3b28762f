"""Journeys: a child's way through one routine version, step by step.

Starting a journey needs the actor to see the child (the access policy). Every step of the
version becomes a JourneyStep owned by the starting unit, held by the starter where their role
is the step's responsible role; due dates follow the step's deadline (calendar or working days,
`lots.core.calendar`) from the start or from the earlier step it counts from. A step is
completed, skipped with a reason, or handed over to another agency, which accepts it. The
journey stays on its version whatever is published later.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import assignments as access_assignments
from lots.access import policy
from lots.access.models import AssignmentSource
from lots.audit.models import Action
from lots.core import calendar
from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Unit
from lots.organisations.roles import MANAGER_ROLES
from lots.people.models import Child
from lots.routines.models import (
    ACTIVE_STEP_STATUSES,
    DayKind,
    Handover,
    Journey,
    JourneyEvent,
    JourneyStatus,
    JourneyStep,
    RoutineVersion,
    Step,
    StepStatus,
    VersionStatus,
)
from lots.routines.scope import actor_family, shares_with
from lots.routines.services._common import journey_url
from lots.routines.workflow import JOURNEY_TRANSITIONS, STEP_TRANSITIONS, allowed

MAX_TEXT = 10_000


def deadline(step: Step, base: dt.date) -> dt.date | None:
    if step.deadline_days is None:
        return None
    if step.deadline_kind == DayKind.WORKING:
        return calendar.add_working_days(base, step.deadline_days)
    return calendar.add_calendar_days(base, step.deadline_days)


def planned_dues(steps: list[Step], start: dt.date) -> dict[int, dt.date | None]:
    """Each step's due date if every earlier step were done on its own due date."""
    by_pk = {s.pk: s for s in steps}
    dues: dict[int, dt.date | None] = {}

    def due(step: Step, seen: frozenset[int]) -> dt.date | None:
        if step.pk not in dues:
            base = start
            if step.relative_to_id in by_pk and step.relative_to_id not in seen:
                base = due(by_pk[step.relative_to_id], seen | {step.pk}) or start
            dues[step.pk] = deadline(step, base)
        return dues[step.pk]

    for step in steps:
        due(step, frozenset())
    return dues


def _event(journey, kind, actor=None, step=None, note="") -> None:
    JourneyEvent.objects.create(journey=journey, step=step, kind=kind, by=actor.user if actor else None, note=note)


def _text(value: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError({"reason": _("The text is too long: at most %(n)s characters.") % {"n": MAX_TEXT}})
    return value


@transaction.atomic
def start_journey(*, actor: Actor, child: Child, version: RoutineVersion) -> Journey:
    """Start the routine for a child the actor may see; the first step opens at once."""
    if actor.membership is None:
        raise ValidationError(_("You need a current role to start a routine."))
    ground = policy.can(actor, "view", child)
    if ground is None:
        raise policy.Denied("No child matches the given query.")
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"version": _("Only a published routine can be started.")})
    if not shares_with(actor, version.routine.principal_id):
        raise ValidationError({"version": _("The routine is not one of your principal's.")})
    steps = list(version.steps.all())
    if not steps:
        raise ValidationError({"version": _("The routine has no steps.")})
    now, today = timezone.now(), timezone.localdate()
    unit = actor.membership.unit
    journey = Journey.objects.create(
        child=child,
        version=version,
        routine_id=version.routine_id,
        unit=unit,
        agency_id=unit.agency_id,
        started_by=actor.user,
        started_on=today,
        started_at=now,
    )
    dues = planned_dues(steps, today)
    first = steps[0]
    created = JourneyStep.objects.bulk_create(
        JourneyStep(
            journey=journey,
            step=step,
            routine_id=version.routine_id,
            step_key=step.key,
            owner_agency_id=unit.agency_id,
            owner_unit=unit,
            owner_user=actor.user if step.responsible_role and step.responsible_role == actor.role else None,
            due_on=dues[step.pk],
            status=StepStatus.OPEN if step is first else StepStatus.PENDING,
            entered_at=now if step is first else None,
        )
        for step in steps
    )
    _event(journey, JourneyEvent.Kind.STARTED, actor)
    _event(journey, JourneyEvent.Kind.ENTERED, actor, step=created[0])
    policy.log_access(actor, Action.CREATE, [journey], ground=ground)
    return journey


def _locked(actor: Actor, journey_step: JourneyStep) -> tuple[JourneyStep, str]:
    """The step, locked, with the ground the actor acts on; a 404 when the actor cannot see it."""
    locked = (
        JourneyStep.objects.select_for_update().select_related("journey", "step", "owner_unit").get(pk=journey_step.pk)
    )
    ground = policy.can(actor, "view", locked)
    if ground is None:
        raise policy.Denied("No journey step matches the given query.")
    if locked.journey.status != JourneyStatus.OPEN:
        raise ValidationError(_("The journey is no longer under way."))
    return locked, ground


def _require_holder_side(actor: Actor, js: JourneyStep) -> None:
    """Acting on a step: the actor works in the agency that owns it, on a ground that may change."""
    if actor.agency_id != js.owner_agency_id or policy.can(actor, "change", js) is None:
        raise PermissionDenied


def _move(js: JourneyStep, new: str) -> None:
    if not allowed(STEP_TRANSITIONS, js.status, new):
        raise ValidationError(
            _("The step is %(status)s and cannot be changed like that.") % {"status": js.get_status_display()}
        )
    js.status = new


def _leave(actor: Actor, js: JourneyStep, status: str, *, next_key: str, reason: str = "") -> None:
    now = timezone.now()
    branches = list(js.step.branches.select_related("to_step"))
    targets = {b.to_step.key: b.to_step for b in branches}
    if next_key and next_key not in targets:
        raise ValidationError({"next_key": _("Choose one of the ways on from this step.")})
    if not next_key and len(targets) > 1:
        raise ValidationError(
            {"next_key": _("Choose which way the journey goes on from “%(step)s”.") % {"step": js.step.label}}
        )
    target = targets.get(next_key) or next(iter(targets.values()), None)
    _move(js, status)
    js.completed_at, js.completed_by, js.reason = now, actor.user, reason
    entered = timezone.localdate(js.entered_at) if js.entered_at else timezone.localdate(now)
    js.days_in_step = max((timezone.localdate(now) - entered).days, 0)
    js.version += 1
    js.save()
    kind = JourneyEvent.Kind.COMPLETED if status == StepStatus.COMPLETED else JourneyEvent.Kind.SKIPPED
    _event(js.journey, kind, actor, step=js, note=reason)
    if target is not None:
        _enter(actor, js.journey, target, now)
    _finish_if_done(actor, js.journey, now)


def _enter(actor: Actor, journey: Journey, step: Step, now: dt.datetime) -> None:
    nxt = JourneyStep.objects.select_for_update().select_related("step").get(journey=journey, step=step)
    if nxt.status in ACTIVE_STEP_STATUSES:
        return
    base = timezone.localdate(now)
    if step.relative_to_id:
        earlier = JourneyStep.objects.filter(journey=journey, step_id=step.relative_to_id).first()
        if earlier is not None and earlier.completed_at is not None:
            base = timezone.localdate(earlier.completed_at)
        elif earlier is not None and earlier.due_on is not None:
            base = earlier.due_on
    else:
        base = journey.started_on
    _move(nxt, StepStatus.OPEN)
    nxt.entered_at, nxt.due_on = now, deadline(step, base)
    nxt.completed_at, nxt.completed_by, nxt.days_in_step, nxt.reason = None, None, None, ""
    nxt.escalation_level, nxt.escalated_at = 0, None
    nxt.version += 1
    nxt.save()
    _event(journey, JourneyEvent.Kind.ENTERED, actor, step=nxt)


def _finish_if_done(actor: Actor, journey: Journey, now: dt.datetime) -> None:
    if journey.steps.filter(status__in=ACTIVE_STEP_STATUSES).exists():
        return
    if allowed(JOURNEY_TRANSITIONS, journey.status, JourneyStatus.COMPLETED):
        journey.status, journey.ended_at = JourneyStatus.COMPLETED, now
        journey.save(update_fields=["status", "ended_at"])
        _event(journey, JourneyEvent.Kind.FINISHED, actor)


@transaction.atomic
def complete_step(*, actor: Actor, journey_step: JourneyStep, next_key: str = "", note: str = "") -> JourneyStep:
    js, ground = _locked(actor, journey_step)
    _require_holder_side(actor, js)
    _leave(actor, js, StepStatus.COMPLETED, next_key=next_key, reason=_text(note))
    policy.log_access(actor, Action.CHANGE, [js], detail="completed", ground=ground)
    return js


@transaction.atomic
def skip_step(*, actor: Actor, journey_step: JourneyStep, reason: str, next_key: str = "") -> JourneyStep:
    js, ground = _locked(actor, journey_step)
    _require_holder_side(actor, js)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the step is skipped.")})
    _leave(actor, js, StepStatus.SKIPPED, next_key=next_key, reason=reason)
    policy.log_access(actor, Action.CHANGE, [js], detail="skipped", ground=ground)
    return js


@transaction.atomic
def take_step(*, actor: Actor, journey_step: JourneyStep) -> JourneyStep:
    """A member of the owning unit takes on an open step that no one holds."""
    js, ground = _locked(actor, journey_step)
    _require_holder_side(actor, js)
    if js.status != StepStatus.OPEN or js.owner_user_id is not None or actor.unit_id != js.owner_unit_id:
        raise ValidationError(_("Only an open step that no one holds can be taken on, by its unit."))
    js.owner_user, js.version = actor.user, js.version + 1
    js.save(update_fields=["owner_user", "version"])
    _event(js.journey, JourneyEvent.Kind.TAKEN, actor, step=js)
    policy.log_access(actor, Action.CHANGE, [js], detail="taken on", ground=ground)
    return js


def _handover_units(actor: Actor):
    """Units of other agencies, among the principals that share routines, a step may go to."""
    units = Unit.objects.filter(agency__principal_id__in=actor_family(actor))
    return units if actor.agency_id is None else units.exclude(agency_id=actor.agency_id)


def may_hand_over(actor: Actor, js: JourneyStep) -> bool:
    """Whether a handover is offered: an open step of an open journey, held by the actor's agency
    (`hand_over` checks the actor's ground as well when it is made)."""
    return (
        js.journey.status == JourneyStatus.OPEN
        and allowed(STEP_TRANSITIONS, js.status, StepStatus.HANDED_OVER)
        and js.owner_agency_id == actor.agency_id
    )


def handover_agencies(actor: Actor) -> list[tuple[int, str]]:
    """(agency id, name) of the other agencies a step may go to, by name: a handover chooses the
    agency first, since a region has thousands of units but tens of agencies."""
    if actor.membership is None:
        return []
    units = _handover_units(actor).values("agency_id")
    return list(Agency.objects.filter(pk__in=units).order_by("name").values_list("pk", "name"))


def handover_choices(actor: Actor, agency_id: int) -> list[tuple[int, str]]:
    """(unit id, name) of the agency's units a step may go to, by name, as plain values."""
    if actor.membership is None:
        return []
    return list(_handover_units(actor).filter(agency_id=agency_id).order_by("name").values_list("pk", "name"))


def handover_unit(actor: Actor, unit_id: int) -> Unit | None:
    """The one unit chosen, if a step may go to it: a region's units are hundreds, not read for one."""
    if actor.membership is None:
        return None
    return _handover_units(actor).filter(pk=unit_id).first()


@transaction.atomic
def hand_over(*, actor: Actor, journey_step: JourneyStep, to_unit: Unit | None, note: str = "") -> Handover:
    """Hand an open step to a unit of another agency, which must accept it."""
    js, ground = _locked(actor, journey_step)
    _require_holder_side(actor, js)
    if to_unit is None or handover_unit(actor, to_unit.pk) is None:
        raise ValidationError({"to_unit": _("Choose a unit of another agency.")})
    _move(js, StepStatus.HANDED_OVER)
    js.version += 1
    js.save(update_fields=["status", "version"])
    handover = Handover.objects.create(
        step=js,
        from_agency_id=js.owner_agency_id,
        to_agency_id=to_unit.agency_id,
        to_unit=to_unit,
        handed_by=actor.user,
        note=_text(note),
    )
    _event(js.journey, JourneyEvent.Kind.HANDED_OVER, actor, step=js, note=to_unit.name)
    staff = Membership.objects.current().filter(unit=to_unit).select_related("user")
    wanted = [m.user for m in staff if m.role == js.step.responsible_role or m.role in MANAGER_ROLES]
    notify_after_commit(
        recipients=wanted or [m.user for m in staff],
        kind="routines.handover",
        url=journey_url(js.journey),
        dedupe_key=f"journey-step-handover-{handover.pk}",
    )
    policy.log_access(actor, Action.CHANGE, [js], detail="handed over", ground=ground)
    return handover


@transaction.atomic
def accept_handover(*, actor: Actor, journey_step: JourneyStep) -> JourneyStep:
    """A member of the receiving unit accepts the step: it is theirs, in their agency, and they are
    assigned to the child there (the work itself gives need to know; access.assignments, issue 21)."""
    js, ground = _locked(actor, journey_step)
    handover = js.handovers.filter(accepted_at__isnull=True).first()
    if js.status != StepStatus.HANDED_OVER or handover is None or handover.to_unit_id != actor.unit_id:
        raise PermissionDenied
    now = timezone.now()
    handover.accepted_by, handover.accepted_at = actor.user, now
    handover.save(update_fields=["accepted_by", "accepted_at"])
    _move(js, StepStatus.OPEN)
    js.owner_agency_id, js.owner_unit_id, js.owner_user = handover.to_agency_id, handover.to_unit_id, actor.user
    js.escalation_level, js.escalated_at, js.version = 0, None, js.version + 1
    js.save()
    _event(js.journey, JourneyEvent.Kind.ACCEPTED, actor, step=js)
    policy.log_access(actor, Action.CHANGE, [js], detail="handover accepted", ground=ground)
    access_assignments.assign_by_work(
        actor=actor, user=actor.user, child=js.journey.child, source=AssignmentSource.HANDOVER
    )
    return js
