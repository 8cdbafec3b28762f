"""Assignments made, ended, declined and handed over (lots.access.assignments; issue 21)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lots.access import assignment_selectors, assignments, policy
from lots.access.models import Assignment, AssignmentEnd, AssignmentEvent, AssignmentSource
from lots.access.tests.factories import AssignmentFactory
from lots.audit.models import AuditEntry
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UnitFactory
from lots.people.models import Child
from lots.people.tests.factories import ChildFactory

Reason = Assignment.Reason


def _assign(world, user, child, **kwargs):
    return assignments.assign_staff(
        actor=world.actor(world.rita),
        user=user,
        unit=world.school_unit,
        child=child,
        reason=kwargs.pop("reason", Reason.STUDENT_HEALTH),
        **kwargs,
    )


@pytest.fixture
def open_matter(monkeypatch):
    """A registered kind of open matter whose children are those in `held` (unit id → child ids)."""
    held: dict[int, list[int]] = {}
    monkeypatch.setitem(
        assignments.OPEN_MATTERS,
        "test",
        lambda unit_id: Child.objects.filter(pk__in=held.get(unit_id, [])).values("pk"),
    )
    monkeypatch.setitem(assignments.OPEN_MATTER_LABELS, "test", "Testärende")
    return held


def test_the_state_table_names_every_action_and_ended_allows_none():
    assert set(assignments.ALLOWED) == {"end", "decline", "hand_over", "change_end"}
    assert all(assignments.State.ENDED not in states for states in assignments.ALLOWED.values())
    now = timezone.now()
    ended = Assignment(starts_at=now - dt.timedelta(days=2), ends_at=now - dt.timedelta(days=1))
    upcoming = Assignment(starts_at=now + dt.timedelta(days=1))
    assert assignments.state_of(ended, now) == assignments.State.ENDED
    assert assignments.state_of(upcoming, now) == assignments.State.UPCOMING
    assert assignments.state_of(Assignment(starts_at=now), now) == assignments.State.ACTIVE


def test_a_manager_assigns_staff_of_the_unit_with_reason_start_and_end(world):
    assert policy.can(world.actor(world.tor), "view", world.elin) is None
    ends = timezone.now() + dt.timedelta(days=30)
    assignment = _assign(world, world.tor, world.elin, note="Stöd i matematik", ends_at=ends)
    assert assignment.source == AssignmentSource.MANAGER and assignment.created_by == world.rita
    assert assignment.ends_at == ends
    assert policy.can(world.actor(world.tor), "view", world.elin) == policy.Ground.ASSIGNMENT
    event = AssignmentEvent.objects.get(assignment=assignment)
    assert (event.kind, event.by, event.child_id) == ("started", world.rita, world.elin.pk)
    assert AuditEntry.objects.filter(
        record_type="access.assignment", record_id=str(assignment.pk), action="create"
    ).exists()


def test_only_the_units_manager_assigns(world):
    with pytest.raises(PermissionDenied):
        assignments.assign_staff(
            actor=world.actor(world.kim), user=world.tor, unit=world.school_unit, child=world.elin, reason=Reason.OTHER
        )
    assert not Assignment.objects.filter(user=world.tor).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": Reason.SIP_PARTICIPANT}, "reason"),
        ({"reason": "nonsense"}, "reason"),
        ({"user": "bo"}, "user"),  # another agency's staff: nobody assigns across agencies
        ({"user": "kim"}, "user"),  # already works with Elin in the unit
        ({"ends_at": -1}, "ends_at"),
    ],
)
def test_a_wrong_assignment_is_refused_with_a_reason_and_nothing_saved(world, change, field):
    before = Assignment.objects.count()
    kwargs = {"reason": change.get("reason", Reason.OTHER)}
    if "ends_at" in change:
        kwargs["ends_at"] = timezone.now() + dt.timedelta(days=change["ends_at"])
    user = getattr(world, change.get("user", "tor"))
    with pytest.raises(ValidationError) as refused:
        _assign(world, user, world.elin, **kwargs)
    assert field in refused.value.message_dict
    assert Assignment.objects.count() == before
    assert not AssignmentEvent.objects.exists()


def test_a_child_the_unit_has_no_ground_for_is_refused_as_missing(world, open_matter):
    stranger = ChildFactory(school_unit=UnitFactory(agency=world.school))
    with pytest.raises(policy.Denied):
        _assign(world, world.tor, stranger)
    open_matter[world.school_unit.pk] = [stranger.pk]
    assert _assign(world, world.tor, stranger).child_id == stranger.pk


def test_a_protected_child_needs_the_managers_clearance(world):
    world.rita.clearances.update(revoked_at=timezone.now())
    with pytest.raises(ValidationError, match=r"skyddad identitet|protected identity"):
        _assign(world, world.tor, world.saga)
    world.rita.clearances.update(revoked_at=None)
    assert _assign(world, world.tor, world.saga).child_id == world.saga.pk


def test_ending_keeps_the_history_and_ends_access(world):
    assignment = _assign(world, world.tor, world.elin)
    with pytest.raises(PermissionDenied):
        assignments.end_assignment(actor=world.actor(world.kim), assignment=assignment)
    assignments.end_assignment(actor=world.actor(world.rita), assignment=assignment, note="Terminen slut")
    assignment.refresh_from_db()
    assert (assignment.end_reason, assignment.ended_by, assignment.end_note) == ("by_hand", world.rita, "Terminen slut")
    assert policy.can(world.actor(world.tor), "view", world.elin) is None
    with pytest.raises(ValidationError):
        assignments.end_assignment(actor=world.actor(world.rita), assignment=assignment)
    assert list(
        AssignmentEvent.objects.filter(assignment=assignment).values_list("kind", flat=True).order_by("pk")
    ) == [
        "started",
        "ended",
    ]


def test_the_assigned_person_declines_with_a_reason(world):
    assignment = _assign(world, world.tor, world.elin)
    with pytest.raises(PermissionDenied):
        assignments.decline_assignment(actor=world.actor(world.rita), assignment=assignment, reason="Nej tack")
    with pytest.raises(ValidationError):
        assignments.decline_assignment(actor=world.actor(world.tor), assignment=assignment, reason=" ")
    assignments.decline_assignment(actor=world.actor(world.tor), assignment=assignment, reason="Jäv: släkt")
    assignment.refresh_from_db()
    assert (assignment.end_reason, assignment.end_note) == (AssignmentEnd.DECLINED, "Jäv: släkt")
    assert policy.can(world.actor(world.tor), "view", world.elin) is None


def test_handing_over_moves_each_child_to_the_colleague_in_one_step(world):
    kims = list(Assignment.objects.filter(user=world.kim))
    new = assignments.hand_over(
        actor=world.actor(world.rita),
        handovers=[assignments.Handover(assignment=a, to=world.tor) for a in kims],
        note="Kim slutar",
    )
    assert {a.child_id for a in new} == {world.elin.pk, world.saga.pk}
    assert all(a.user == world.tor and a.source == AssignmentSource.TRANSFER for a in new)
    for old in kims:
        old.refresh_from_db()
        assert old.end_reason == AssignmentEnd.HANDED_OVER and old.handed_over_to_id in {a.pk for a in new}
    assert policy.can(world.actor(world.kim), "view", world.elin) is None
    assert policy.can(world.actor(world.tor), "view", world.saga) == policy.Ground.ASSIGNMENT


def test_a_handover_is_all_or_nothing(world):
    kims = list(Assignment.objects.filter(user=world.kim).order_by("pk"))
    with pytest.raises(ValidationError):
        assignments.hand_over(
            actor=world.actor(world.rita),
            handovers=[
                assignments.Handover(assignment=kims[0], to=world.tor),
                assignments.Handover(assignment=kims[1], to=world.bo),  # not of the unit
            ],
        )
    assert not Assignment.objects.filter(user=world.tor).exists()
    assert Assignment.objects.active().filter(user=world.kim).count() == 2


def test_ending_a_membership_is_refused_while_a_child_would_be_left_without_an_owner(world):
    only_kim = ChildFactory(first_name="Ove", last_name="Ensam", school_unit=world.school_unit)
    alone = AssignmentFactory(user=world.kim, unit=world.school_unit, child=only_kim)
    membership = world.membership(world.kim)
    last_day = timezone.localdate()
    rows = assignment_selectors.leaving(world.actor(world.rita), world.kim.pk)
    assert [(row.child.first_name, row.left_alone) for row in rows] == [("Elin", False), ("Ove", True), ("Saga", False)]
    with pytest.raises(ValidationError, match="Ove Ensam"):
        assignments.end_membership(actor=world.actor(world.rita), membership=membership, last_day=last_day)
    membership.refresh_from_db()
    assert membership.valid_until is None
    assignments.hand_over(
        actor=world.actor(world.rita), handovers=[assignments.Handover(assignment=alone, to=world.tor)]
    )
    assignments.end_membership(actor=world.actor(world.rita), membership=membership, last_day=last_day)
    membership.refresh_from_db()
    assert membership.valid_until == last_day
    # Elin and Saga keep Mona: Kim's assignments end with the membership, with the reason why.
    reasons = set(Assignment.objects.filter(user=world.kim).values_list("end_reason", flat=True))
    assert reasons == {AssignmentEnd.MEMBERSHIP, AssignmentEnd.HANDED_OVER}


def test_the_admin_cannot_end_a_membership_silently(world):
    from lots.organisations import services as organisations_services

    problems = organisations_services.membership_end_problems(world.membership(world.kim), timezone.localdate())
    assert problems and "2" in problems[0]
    assert organisations_services.membership_end_problems(world.membership(world.tor), timezone.localdate()) == []


def test_the_work_itself_assigns_the_one_who_does_it(world):
    rut = world.actor(world.rut)
    made = assignments.assign_by_work(
        actor=rut, user=world.rut, child=world.elin, source=AssignmentSource.INVESTIGATION
    )
    assert (made.unit, made.reason, made.source) == (world.reception_unit, Reason.CASE, "investigation")
    again = assignments.assign_by_work(actor=rut, user=world.rut, child=world.elin, source=AssignmentSource.REQUEST)
    assert again.pk == made.pk  # idempotent: one active assignment in the unit is kept
    assert assignments.assign_by_work(actor=rut, user=world.bo, child=world.elin, source="handover") is None


def test_children_without_an_owner_are_the_units_open_matters_nobody_is_assigned_to(world, open_matter):
    orphan = ChildFactory(first_name="Nils", last_name="Ägarlös")
    open_matter[world.school_unit.pk] = [orphan.pk, world.elin.pk]
    rita = world.actor(world.rita)
    rows = assignment_selectors.children_without_owner(rita)
    assert [(r.child.first_name, r.matters) for r in rows] == [("Nils", ["Testärende"])]
    assert assignment_selectors.count_children_without_owner(world.school_unit.pk) == 1
    assert AuditEntry.objects.filter(detail="children without owner").exists()
    with pytest.raises(policy.Denied):
        assignment_selectors.children_without_owner(world.actor(world.kim))
    _assign(world, world.tor, orphan)
    assert assignment_selectors.count_children_without_owner(world.school_unit.pk) == 0


def test_another_managers_unit_is_not_mine(world):
    other = UnitFactory(agency=world.school, name="Andra skolan")
    boss = MembershipFactory(unit=other, role=Role.REKTOR).user
    from lots.organisations.actor import Actor

    actor = Actor(user=boss, membership=boss.memberships.first())
    with pytest.raises(PermissionDenied):
        assignments.assign_staff(actor=actor, user=world.tor, unit=world.school_unit, child=world.elin, reason="other")
