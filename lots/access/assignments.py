"""Who works around a child: assignments made, ended and handed over (issue 21).

An assignment is need to know (docs/access-policy.md). It comes from a source (`AssignmentSource`):
a unit manager's decision, the school administration system's file, an agency's record system
through the API, or the work itself (an investigation opened, a handed-over step or a request for
help accepted, a SIP joined). Every change here is one business action in one transaction,
checked, written to the access log and kept as an `AssignmentEvent` on the child's history.
Nothing is ever deleted: an ended assignment keeps its start, end, why and by whom.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access.models import Assignment, AssignmentEnd, AssignmentEvent, AssignmentSource
from lots.audit.models import Action
from lots.organisations import services as organisations_services
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, Unit, User
from lots.organisations.roles import CASEWORK_ROLES
from lots.people.models import Child

Reason = Assignment.Reason

#: Reasons a manager (or the API) gives; taking part in a shared process is granted by the process.
DECIDED_REASONS = frozenset(Reason) - {Reason.SIP_PARTICIPANT, Reason.FAMILY_COORDINATION}


class State(enum.StrEnum):
    """Where an assignment stands at a moment."""

    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


#: What may be done to an assignment in each state (the one table the services ask).
ALLOWED: dict[str, frozenset[State]] = {
    "end": frozenset({State.UPCOMING, State.ACTIVE}),
    "decline": frozenset({State.UPCOMING, State.ACTIVE}),
    "hand_over": frozenset({State.UPCOMING, State.ACTIVE}),
    "change_end": frozenset({State.UPCOMING, State.ACTIVE}),
}

#: Sources that name the work that made the assignment, and the reason the assignment gets.
WORK_SOURCES: dict[str, str] = {
    AssignmentSource.INVESTIGATION: Reason.CASE,
    AssignmentSource.HANDOVER: Reason.CASE,
    AssignmentSource.REQUEST: Reason.CASE,
}


def state_of(assignment: Assignment, at: dt.datetime | None = None) -> State:
    at = at or timezone.now()
    if assignment.ends_at is not None and assignment.ends_at <= at:
        return State.ENDED
    return State.UPCOMING if assignment.starts_at > at else State.ACTIVE


def _require(action: str, assignment: Assignment) -> None:
    if state_of(assignment) not in ALLOWED[action]:
        raise ValidationError(_("The assignment has already ended."))


# Open matters: what makes a child the unit's to own -----------------------------------------

#: kind → a function of a unit id giving the ids of the children with an open matter that the unit
#: holds (a queryset of child ids). Apps above access register theirs in AppConfig.ready()
#: (intake: concern reports received; routines: journey steps held; plans: SIPs taken part in).
OPEN_MATTERS: dict[str, Callable[[int], QuerySet]] = {}
#: kind → how the manager's list names it ("SIP", "Rutinsteg", …).
OPEN_MATTER_LABELS: dict[str, str] = {}


def register_open_matter(kind: str, label, children_of_unit: Callable[[int], QuerySet]) -> None:
    OPEN_MATTERS[kind] = children_of_unit
    OPEN_MATTER_LABELS[kind] = label


def open_matters_of(unit_id: int) -> Q:
    """On `Child`: the children the unit holds an open matter for (nothing where no app registered one)."""
    condition = Q(pk__in=[])
    for children_of_unit in OPEN_MATTERS.values():
        condition |= Q(pk__in=children_of_unit(unit_id))
    return condition


def open_matter_kinds(unit_id: int, child_ids: Iterable[int]) -> dict[int, list[str]]:
    """child id → the kinds of open matter the unit holds for each of these children."""
    child_ids = list(child_ids)
    found: dict[int, list[str]] = {}
    for kind, children_of_unit in sorted(OPEN_MATTERS.items()):
        for child_id in (
            Child.objects.filter(pk__in=child_ids).filter(pk__in=children_of_unit(unit_id)).values_list("pk", flat=True)
        ):
            found.setdefault(child_id, []).append(kind)
    return found


def unit_has_ground(unit: Unit, child: Child) -> bool:
    """Whether the unit works with the child: the child is a pupil of the unit (a school), someone
    in the unit is assigned to the child now, or the unit holds an open matter of the child's."""
    if child.school_unit_id == unit.pk:
        return True
    if Assignment.objects.active().filter(unit=unit, child=child).exists():
        return True
    return Child.objects.filter(open_matters_of(unit.pk), pk=child.pk).exists()


# Making an assignment ------------------------------------------------------------------------


def may_assign_in(actor: Actor, unit_id: int) -> bool:
    """A manager of the unit assigns its staff; so does an API client acting in the unit (the
    write scope is the API's own check). Nobody assigns across units, so never across agencies."""
    return actor.unit_id == unit_id and (actor.manages_unit or actor.api_client_id is not None)


def assignable_staff(unit_id: int) -> QuerySet[User]:
    """The unit's staff who work with children, as of today."""
    ids = Membership.objects.current().filter(unit_id=unit_id, role__in=CASEWORK_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "pk")


def _event(actor: Actor | None, assignment: Assignment, kind: str, *, source: str = "", note: str = "") -> None:
    AssignmentEvent.objects.create(
        assignment=assignment,
        child_id=assignment.child_id,
        kind=kind,
        by=actor.user if actor else None,
        api_client_id=actor.api_client_id if actor else None,
        source=source or assignment.source,
        note=note[:300],
    )


def _log(actor: Actor | None, assignments: Sequence[Assignment], ground: str, detail: str) -> None:
    policy.log_access(
        actor, Action.CREATE if detail == "started" else Action.CHANGE, assignments, ground=ground, detail=detail
    )


def _check_dates(starts_at: dt.datetime, ends_at: dt.datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The assignment must end after it starts.")})


def _check_staff(user: User, unit: Unit) -> None:
    if not Membership.objects.current().filter(user=user, unit=unit, role__in=CASEWORK_ROLES).exists():
        raise ValidationError(
            {"user": _("%(name)s does not work with children in %(unit)s.") % {"name": user, "unit": unit}}
        )


def _check_protected(actor: Actor, child: Child) -> None:
    if child.protected_identity and child.pk not in policy.cleared_for(actor, [child.pk]):
        raise ValidationError(
            _("The child has protected identity: only a manager cleared for the child assigns staff to the child.")
        )


def _overlapping(user: User, unit: Unit, child: Child, starts_at: dt.datetime, ends_at: dt.datetime | None) -> bool:
    rows = Assignment.objects.filter(user=user, unit=unit, child=child).exclude(ends_at__lte=starts_at)
    if ends_at is not None:
        rows = rows.filter(starts_at__lt=ends_at)
    return rows.exists()


def _create(
    *,
    actor: Actor | None,
    user: User,
    unit: Unit,
    child: Child,
    reason: str,
    source: str,
    ground: str,
    note: str = "",
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> Assignment:
    starts_at = starts_at or timezone.now()
    _check_dates(starts_at, ends_at)
    assignment = Assignment.objects.create(
        user=user,
        unit=unit,
        child=child,
        reason=reason,
        note=note.strip()[:300],
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor.user if actor else None,
        source=source,
    )
    _event(actor, assignment, AssignmentEvent.Kind.STARTED, note=assignment.note)
    _log(actor, [assignment], ground, "started")
    return assignment


@transaction.atomic
def assign_staff(
    *,
    actor: Actor,
    user: User,
    unit: Unit,
    child: Child,
    reason: str,
    note: str = "",
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> Assignment:
    """A unit manager (or an API client acting in the unit) assigns a member of the unit's staff
    to a child the unit has a ground for, with a reason, a start and an optional end."""
    if not may_assign_in(actor, unit.pk):
        raise PermissionDenied(_("Only the unit's manager assigns staff to children in the unit."))
    if reason not in DECIDED_REASONS:
        raise ValidationError({"reason": _("Choose one of the reasons listed.")})
    starts_at = starts_at or timezone.now()
    _check_dates(starts_at, ends_at)
    _check_staff(user, unit)
    if not unit_has_ground(unit, child):
        # The same answer whatever the reason: nothing about the child is told to a unit that has no ground.
        raise policy.Denied()
    _check_protected(actor, child)
    if _overlapping(user, unit, child, starts_at, ends_at):
        raise ValidationError(
            {"user": _("%(name)s already works with the child in the unit for that time.") % {"name": user}}
        )
    source = AssignmentSource.API if actor.api_client_id is not None else AssignmentSource.MANAGER
    return _create(
        actor=actor,
        user=user,
        unit=unit,
        child=child,
        reason=reason,
        source=source,
        ground="unit_manager" if source == AssignmentSource.MANAGER else "api_client",
        note=note,
        starts_at=starts_at,
        ends_at=ends_at,
    )


@transaction.atomic
def assign_by_work(*, actor: Actor, user: User, child: Child, source: str, note: str = "") -> Assignment | None:
    """The work itself gives need to know: reception opening an investigation assigns the
    investigating social worker, accepting a handed-over step or a request for help assigns the one
    who accepted. Called by the work's own service, which has checked its rules; the assignment is
    in the member of staff's unit of the actor's agency (their current casework membership there),
    and one already active in that unit is kept. None where the user has no such membership."""
    if source not in WORK_SOURCES:
        raise ValueError(f"not a source of work: {source!r}")
    if user.pk == actor.user.pk and actor.role in CASEWORK_ROLES:
        membership: Membership | None = actor.staff_membership
    else:
        membership = (
            Membership.objects.current()
            .filter(user=user, unit__agency_id=actor.staff_agency_id, role__in=CASEWORK_ROLES)
            .select_related("unit")
            .order_by("pk")
            .first()
        )
    if membership is None:
        return None
    existing = Assignment.objects.active().filter(user=user, unit_id=membership.unit_id, child=child).first()
    if existing is not None:
        return existing
    return _create(
        actor=actor,
        user=user,
        unit=membership.unit,
        child=child,
        reason=WORK_SOURCES[source],
        source=source,
        ground=source,
        note=note,
    )


# Ending, declining, handing over ---------------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("child", "unit", "user").get(pk=assignment.pk)


def _close(actor: Actor | None, assignment: Assignment, at: dt.datetime, why: str, note: str = "") -> None:
    assignment.ends_at = max(at, assignment.starts_at + dt.timedelta(microseconds=1))
    assignment.ended_by = actor.user if actor else None
    assignment.end_reason = why
    assignment.end_note = note.strip()[:300]
    assignment.save(update_fields=["ends_at", "ended_by", "end_reason", "end_note"])


def _may_end(actor: Actor, assignment: Assignment) -> bool:
    return may_assign_in(actor, assignment.unit_id) or actor.user.pk == assignment.user_id


@transaction.atomic
def end_assignment(
    *, actor: Actor, assignment: Assignment, at: dt.datetime | None = None, note: str = ""
) -> Assignment:
    """End an assignment now or on a date: by the unit's manager, or by the assigned person."""
    assignment = _locked(assignment)
    if not _may_end(actor, assignment):
        raise PermissionDenied(_("Only the unit's manager or the assigned person ends an assignment."))
    _require("end", assignment)
    at = at or timezone.now()
    if at < timezone.now() - dt.timedelta(minutes=1):
        raise ValidationError({"ends_at": _("An assignment cannot be ended in the past.")})
    if assignment.ends_at is not None and at > assignment.ends_at:
        raise ValidationError({"ends_at": _("The assignment already ends earlier.")})
    _close(actor, assignment, at, AssignmentEnd.BY_HAND, note)
    _event(actor, assignment, AssignmentEvent.Kind.ENDED, note=note)
    _log(actor, [assignment], "unit_manager" if actor.user.pk != assignment.user_id else "assignment", "ended")
    return assignment


@transaction.atomic
def decline_assignment(*, actor: Actor, assignment: Assignment, reason: str) -> Assignment:
    """The assigned member of staff declines, with a reason; the unit's managers see it in the
    child's history and in the unit's list of children without an owner, if it leaves one."""
    assignment = _locked(assignment)
    if actor.user.pk != assignment.user_id:
        raise PermissionDenied(_("Only the assigned person declines an assignment."))
    _require("decline", assignment)
    if len(reason.strip()) < 3:
        raise ValidationError({"reason": _("Say why you decline.")})
    _close(actor, assignment, timezone.now(), AssignmentEnd.DECLINED, reason)
    _event(actor, assignment, AssignmentEvent.Kind.DECLINED, note=reason)
    _log(actor, [assignment], "assignment", "declined")
    return assignment


@dataclass(frozen=True)
class Handover:
    """One assignment to hand over, and the colleague who takes it."""

    assignment: Assignment
    to: User


@transaction.atomic
def hand_over(*, actor: Actor, handovers: Sequence[Handover], note: str = "") -> list[Assignment]:
    """Hand a colleague's children over, child by child or all to one colleague, in one step:
    each assignment ends (handed over) and the colleague's starts now with the same reason.
    All or nothing: one refused handover refuses every one."""
    if not handovers:
        raise ValidationError(_("Choose at least one child to hand over."))
    now = timezone.now()
    started = []
    errors = []
    for handover in handovers:
        old = _locked(handover.assignment)
        if not may_assign_in(actor, old.unit_id):
            raise PermissionDenied(_("Only the unit's manager hands over the unit's children."))
        if state_of(old, now) not in ALLOWED["hand_over"]:
            errors.append(_("%(child)s: the assignment has already ended.") % {"child": old.child.full_name})
            continue
        if handover.to.pk == old.user_id:
            errors.append(
                _("%(child)s: choose another colleague than the one who leaves.") % {"child": old.child.full_name}
            )
            continue
        try:
            _check_staff(handover.to, old.unit)
        except ValidationError as error:
            errors.append(f"{old.child.full_name}: {error.messages[0]}")
            continue
        new = Assignment.objects.active().filter(user=handover.to, unit_id=old.unit_id, child_id=old.child_id).first()
        if new is None:
            new = Assignment.objects.create(
                user=handover.to,
                unit_id=old.unit_id,
                child_id=old.child_id,
                reason=old.reason,
                note=old.note,
                starts_at=max(now, old.starts_at),
                ends_at=old.ends_at,
                created_by=actor.user,
                source=AssignmentSource.TRANSFER,
            )
            _event(actor, new, AssignmentEvent.Kind.STARTED, note=note)
        old.handed_over_to = new
        old.save(update_fields=["handed_over_to"])
        _close(actor, old, now, AssignmentEnd.HANDED_OVER, note)
        _event(actor, old, AssignmentEvent.Kind.HANDED_OVER, note=note)
        started.append((old, new))
    if errors:
        raise ValidationError(errors)
    _log(actor, [old for old, _new in started], "unit_manager", "handed over")
    _log(actor, [new for _old, new in started], "unit_manager", "started")
    return [new for _old, new in started]


# Leaving the unit ------------------------------------------------------------------------------


def left_without_owner(assignments: Iterable[Assignment]) -> set[int]:
    """The ids of the children who would have nobody in the agency if these assignments ended."""
    assignments = list(assignments)
    if not assignments:
        return set()
    ending = {a.pk for a in assignments}
    by_child = {a.child_id: a.unit.agency_id for a in assignments}
    others = (
        Assignment.objects.active()
        .filter(child_id__in=list(by_child))
        .exclude(pk__in=ending)
        .values_list("child_id", "unit__agency_id")
    )
    kept = {child_id for child_id, agency_id in others if by_child.get(child_id) == agency_id}
    return set(by_child) - kept


@transaction.atomic
def end_membership(*, actor: Actor, membership: Membership, last_day: dt.date) -> Membership:
    """The staff member leaves the unit (or changes unit) after `last_day`. Refused, with the list,
    while any of their children would be left without anyone in the agency: hand them over first.
    Their other assignments in the unit end with the membership (why: the membership ended)."""
    if not (actor.manages_unit and actor.unit_id == membership.unit_id):
        raise PermissionDenied(_("Only the unit's manager ends a membership of the unit."))
    if membership.user_id == actor.user.pk:
        raise ValidationError({"last_day": _("You cannot end your own membership here.")})
    if last_day < timezone.localdate() - dt.timedelta(days=1) or last_day < membership.valid_from:
        raise ValidationError({"last_day": _("Give a day from today on.")})
    open_ = list(
        Assignment.objects.active()
        .filter(user_id=membership.user_id, unit_id=membership.unit_id)
        .select_related("child", "unit")
        .order_by("child__last_name", "child__first_name", "pk")
    )
    orphans = left_without_owner(open_)
    if orphans:
        names = sorted({a.child.full_name for a in open_ if a.child_id in orphans})
        raise ValidationError(
            _(
                "%(count)d children would be left without anyone in the agency: %(names)s. "
                "Hand them over to a colleague first."
            )
            % {"count": len(names), "names": ", ".join(names)},
            code="children_left",
        )
    membership = organisations_services.end_membership(membership=membership, last_day=last_day)
    end_at = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    for assignment in open_:
        if assignment.ends_at is None or assignment.ends_at > end_at:
            _close(actor, assignment, end_at, AssignmentEnd.MEMBERSHIP)
            _event(actor, assignment, AssignmentEvent.Kind.ENDED, note=_("The membership of the unit ended."))
    if open_:
        _log(actor, open_, "unit_manager", "membership ended")
    return membership


def membership_end_problems(membership: Membership, last_day: dt.date | None) -> list[str]:
    """Why ending this membership (in the admin) would leave assignments behind: registered with
    organisations as a guard, so that no membership ends silently while its children are open."""
    if last_day is None:
        return []
    end_at = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    open_ = (
        Assignment.objects.active()
        .filter(user_id=membership.user_id, unit_id=membership.unit_id)
        .exclude(ends_at__lte=end_at)
        .count()
    )
    if not open_:
        return []
    return [
        _(
            "The staff member has %(count)d assignments in the unit that go on after that day. "
            "The unit's manager hands them over or ends them in Lots first (Enhetens barn)."
        )
        % {"count": open_}
    ]
