"""Reads of who works around a child, for the child's page and the unit manager (issue 21).

Every read goes through the access policy and is logged, as in `selectors.py`. A manager's
lists first narrow to the unit (its assignments, the open matters it holds) and then apply the
policy: the narrowing keeps them fast at national scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lots.access import assignments, policy
from lots.access.models import Assignment, AssignmentEvent
from lots.access.presentation import PersonView, present_children
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, User
from lots.people.models import Child

PAGE_SIZE = 50
#: The list of children without an owner shows at most this many (the oldest matters are not
#: sorted first: by name, as every list of children).
MAX_OWNERLESS = 500
#: The ground on which a unit's manager sees a child that only an open matter of the unit names.
OPEN_MATTER_GROUND = "open_matter"


# The child's page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildAssignments:
    """The child's assignments in the viewer's agency: now (and planned), and before."""

    current: list[Assignment]
    earlier: list[Assignment]
    events: list[AssignmentEvent]
    manages: bool


def child_assignments(actor: Actor, child_id: int) -> ChildAssignments:
    """Who works around the child in the viewer's agency now and who did before, with the history
    of changes; only on the grounds the policy gives (an assignment is its agency's record)."""
    rows = list(
        policy.with_grounds(actor, Assignment.objects.all(), child_id=child_id)
        .select_related("user", "unit", "ended_by", "child")
        .order_by("-starts_at", "-pk")
    )
    policy.log_access(actor, Action.LIST, rows, detail="assignments")
    now = timezone.now()
    current = [a for a in rows if assignments.state_of(a, now) != assignments.State.ENDED]
    earlier = [a for a in rows if assignments.state_of(a, now) == assignments.State.ENDED]
    manages = actor.manages_unit and any(a.unit_id == actor.unit_id for a in rows)
    # The history of changes is the managers' (issue 21): read only for them.
    events = (
        list(
            AssignmentEvent.objects.filter(assignment__in=[a.pk for a in rows])
            .select_related("by", "assignment__user")
            .order_by("-at", "-pk")[:50]
        )
        if manages
        else []
    )
    return ChildAssignments(current=current, earlier=earlier, events=events, manages=manages)


def assignment_for_change(actor: Actor, assignment_id: int) -> Assignment:
    """An assignment for a service call (end, decline): a 404 unless the policy shows it."""
    return policy.get_visible(actor, Assignment.objects.select_related("user", "unit", "child"), pk=assignment_id)


# The manager's unit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffRow:
    user: User
    children: int


@dataclass(frozen=True)
class ChildRow:
    child: PersonView
    team: list[str]  # "Kim Kuratorsson (Kontakt i elevhälsan)", in the viewer's language


@dataclass(frozen=True)
class UnitOverview:
    page: Page
    children: list[ChildRow]
    staff: list[StaffRow]
    without_owner: int = 0
    errors: list[str] = field(default_factory=list)


def _active_in_unit(unit_id: int):
    return Assignment.objects.active().filter(unit_id=unit_id)


def unit_overview(actor: Actor, *, page_number: int | str = 1) -> UnitOverview:
    """The manager's list: the unit's children with someone assigned (a page of them, with who),
    the unit's staff with how many children each has, and how many children have no owner."""
    if not actor.manages_unit:
        raise policy.Denied()
    unit_id = actor.unit_id
    assert unit_id is not None
    children = policy.with_grounds(
        actor, Child.objects.filter(pk__in=_active_in_unit(unit_id).values("child_id"))
    ).order_by("last_name", "first_name", "pk")
    page = Paginator(children, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    policy.log_access(actor, Action.LIST, rows, detail="unit children")
    # Who works with each child on the page, as words: one narrow read, no model per row.
    labels = {reason.value: str(reason.label) for reason in Assignment.Reason}
    team: dict[int, list[str]] = {}
    for child_id, first, last, reason in (
        _active_in_unit(unit_id)
        .filter(child_id__in=[c.pk for c in rows])
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list("child_id", "user__first_name", "user__last_name", "reason")
    ):
        team.setdefault(child_id, []).append(f"{first} {last} ({labels.get(reason, reason)})")
    counts = dict(
        _active_in_unit(unit_id)
        .values("user_id")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("user_id", "n")
    )
    staff = [StaffRow(user=user, children=counts.get(user.pk, 0)) for user in assignments.assignable_staff(unit_id)]
    return UnitOverview(
        page=page,
        children=[ChildRow(child=view, team=team.get(view.pk, [])) for view in present_children(actor, rows)],
        staff=staff,
        without_owner=count_children_without_owner(unit_id),
    )


# Children without an owner -----------------------------------------------------------------------


def ownerless_children(unit_id: int) -> QuerySet[Child]:
    """The children the unit holds an open matter for (a SIP, a journey step, a concern report) and
    nobody in the unit is assigned to now: the one statement of "without an owner", in one query
    that lists (`children_without_owner`) and counts (`count_children_without_owner`, deviations)
    ask. Not logged: the caller logs what it shows."""
    return Child.objects.filter(assignments.open_matters_of(unit_id)).exclude(
        pk__in=_active_in_unit(unit_id).values("child_id")
    )


def count_children_without_owner(unit_id: int) -> int:
    """How many children the unit holds an open matter for with nobody assigned: a figure, not a
    read of person data (nothing about a child leaves), so not logged."""
    return ownerless_children(unit_id).count()


@dataclass(frozen=True)
class OwnerlessRow:
    child: PersonView
    matters: list[str]


def children_without_owner(actor: Actor) -> list[OwnerlessRow]:
    """The manager's list of the unit's children with an open matter (a SIP, a journey step, a
    concern report) and nobody in the unit assigned. The unit holds the matter, so its manager
    sees who the child is (ground `open_matter`, logged); a protected child is shown masked."""
    if not actor.manages_unit or actor.unit_id is None:
        raise policy.Denied()
    children = list(ownerless_children(actor.unit_id).order_by("last_name", "first_name", "pk")[:MAX_OWNERLESS])
    found = assignments.open_matter_kinds(actor.unit_id, [c.pk for c in children])
    policy.log_access(actor, Action.LIST, children, detail="children without owner", ground=OPEN_MATTER_GROUND)
    labels = assignments.OPEN_MATTER_LABELS
    grounds = dict.fromkeys((c.pk for c in children), OPEN_MATTER_GROUND)
    return [
        OwnerlessRow(child=view, matters=[str(labels[kind]) for kind in found.get(view.pk, [])])
        for view in present_children(actor, children, grounds=grounds)
    ]


def assignable_child(actor: Actor, child_id: int) -> Child:
    """The child a manager is about to assign staff to: one the manager sees through the policy,
    or one the unit holds an open matter for; the same 404 otherwise (logged as denied)."""
    if (
        actor.manages_unit
        and actor.unit_id is not None
        and ownerless_children(actor.unit_id).filter(pk=child_id).exists()
    ):
        child = Child.objects.select_related("school_unit").get(pk=child_id)
        policy.log_access(actor, Action.VIEW, [child], detail="to assign", ground=OPEN_MATTER_GROUND)
        return child
    child = policy.get_visible(actor, Child.objects.select_related("school_unit"), pk=child_id)
    policy.log_access(actor, Action.VIEW, [child], detail="to assign")
    return child


# A colleague who leaves --------------------------------------------------------------------------


@dataclass(frozen=True)
class LeavingRow:
    assignment: Assignment
    child: PersonView
    left_alone: bool


def leaving(actor: Actor, user_id: int) -> list[LeavingRow]:
    """A staff member's current assignments in the manager's unit, each with whether the child
    would be left without anyone in the agency when it ends."""
    if not actor.manages_unit:
        raise policy.Denied()
    rows = list(
        policy.with_grounds(
            actor,
            Assignment.objects.exclude(ends_at__lte=timezone.now()).filter(user_id=user_id, unit_id=actor.unit_id),
        )
        .select_related("child", "unit", "user")
        .order_by("child__last_name", "child__first_name", "pk")
    )
    policy.log_access(actor, Action.LIST, rows, detail="leaving")
    alone = assignments.left_without_owner(rows)
    # Each child presented on the ground its assignment was seen on.
    views = present_children(actor, [a.child for a in rows], grounds={a.child_id: policy.ground_of(a) for a in rows})
    return [LeavingRow(assignment=a, child=v, left_alone=a.child_id in alone) for a, v in zip(rows, views, strict=True)]


def staff_member(actor: Actor, user_id: int) -> User:
    """A member of the manager's unit (current or not), or a 404."""
    if not actor.manages_unit or not User.objects.filter(pk=user_id, memberships__unit_id=actor.unit_id).exists():
        raise policy.Denied()
    return User.objects.get(pk=user_id)


def unit_membership(actor: Actor, user_id: int):
    """The staff member's current membership of the manager's unit (the one a leaving ends)."""
    return (
        Membership.objects.current()
        .filter(user_id=user_id, unit_id=actor.unit_id)
        .exclude(Q(user_id=actor.user.pk))
        .select_related("unit", "user")
        .first()
    )
