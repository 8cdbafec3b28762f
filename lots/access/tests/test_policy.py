"""The rules of the access policy, person by person (see `world` in conftest.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from lots.access import policy
from lots.access.models import Assignment, Consent
from lots.access.presentation import present_children
from lots.access.secrecy import InformationKind, Purpose
from lots.access.tests.factories import AssignmentFactory, BreakGlassFactory, ConsentFactory
from lots.organisations.models import Membership
from lots.people.models import Child, Relationship

pytestmark = pytest.mark.django_db


def sees_child(world, user, child=None) -> str | None:
    return policy.can(world.actor(user), "view", child or world.elin)


def test_need_to_know_in_own_domain(world):
    assert sees_child(world, world.kim) == policy.Ground.ASSIGNMENT
    assert sees_child(world, world.mona) == policy.Ground.ASSIGNMENT
    assert sees_child(world, world.tor) is None, "same school, not assigned"
    assert sees_child(world, world.berit) is None, "BUP, not assigned"


def test_the_manager_of_the_unit_holding_an_assignment_sees_the_child(world):
    assert sees_child(world, world.rita) == policy.Ground.UNIT_MANAGER


def test_access_ends_with_the_assignment(world):
    assignment = Assignment.objects.get(user=world.kim, child=world.elin)
    assignment.ends_at = timezone.now() - dt.timedelta(seconds=1)
    assignment.save()
    assert sees_child(world, world.kim) is None
    assert sees_child(world, world.rita) == policy.Ground.UNIT_MANAGER, "Mona's assignment is still open"


def test_an_assignment_not_yet_begun_gives_nothing(world):
    AssignmentFactory(user=world.tor, unit=world.school_unit, child=world.elin, future=True)
    assert sees_child(world, world.tor) is None


def test_an_assignment_in_another_agency_does_not_open_this_one(world):
    """Bo is assigned in BUP; acting in a school membership he would not see Elin."""
    from lots.organisations.tests.factories import MembershipFactory

    school_membership = MembershipFactory(user=world.bo, unit=world.school_unit)
    actor = policy.Actor(user=world.bo, membership=school_membership)
    assert policy.can(actor, "view", world.elin) is None


def test_an_ended_membership_gives_no_actor_a_ground(world):
    Membership.objects.filter(user=world.kim).update(valid_until=dt.date(2025, 1, 1), valid_from=dt.date(2024, 1, 1))
    from lots.organisations.selectors import current_memberships

    assert list(current_memberships(world.kim)) == []
    actor = policy.Actor(user=world.kim, membership=None)
    assert policy.can(actor, "view", world.elin) is None


def test_break_the_glass_opens_own_domain_for_a_time(world):
    BreakGlassFactory(membership=world.membership(world.tor), child=world.elin)
    assert sees_child(world, world.tor) == policy.Ground.BREAK_GLASS


def test_an_expired_break_the_glass_gives_nothing(world):
    BreakGlassFactory(membership=world.membership(world.tor), child=world.elin, expired=True)
    assert sees_child(world, world.tor) is None


def test_a_model_the_policy_does_not_know_is_never_visible(world):
    from lots.organisations.models import Unit

    actor = world.actor(world.kim)
    assert list(policy.visible_to(actor, Unit.objects.all())) == []
    assert policy.can(actor, "view", world.school_unit) is None


def test_consents_are_seen_by_staff_of_named_agencies_who_know_the_child(world):
    consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    assert policy.can(world.actor(world.kim), "view", consent) == policy.Ground.ASSIGNMENT
    assert policy.can(world.actor(world.bo), "view", consent) == "named_in_consent"
    assert policy.can(world.actor(world.berit), "view", consent) is None, "BUP, but does not know Elin"
    assert policy.can(world.actor(world.sam), "view", consent) is None, "social services is not named"


def test_relationships_follow_the_child(world):
    relation = Relationship.objects.filter(child=world.elin).first()
    assert policy.can(world.actor(world.kim), "view", relation) == policy.Ground.ASSIGNMENT
    assert policy.can(world.actor(world.tor), "view", relation) is None


def test_assignments_of_another_agency_are_behind_the_secrecy_border(world):
    bo_assignment = Assignment.objects.get(user=world.bo, child=world.elin)
    assert policy.can(world.actor(world.kim), "view", bo_assignment) is None
    kim_assignment = Assignment.objects.get(user=world.kim, child=world.elin)
    assert policy.can(world.actor(world.mona), "view", kim_assignment) == policy.Ground.ASSIGNMENT


def test_consent_never_grants_change(world):
    consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    assert policy.can(world.actor(world.bo), "change", consent) is None
    assert policy.can(world.actor(world.kim), "change", consent) == policy.Ground.ASSIGNMENT


def test_get_visible_answers_404_for_forbidden_and_missing_alike(world):
    from lots.audit.models import AuditEntry

    actor = world.actor(world.tor)
    with pytest.raises(policy.Denied):
        policy.get_visible(actor, Child.objects.all(), pk=world.elin.pk)
    with pytest.raises(policy.Denied):
        policy.get_visible(actor, Child.objects.all(), pk=999_999)
    denied = list(AuditEntry.objects.filter(action="denied").order_by("pk").values_list("record_id", flat=True))
    assert denied == [str(world.elin.pk), "999999"]


class TestProtectedIdentity:
    def test_assigned_staff_see_the_name_but_not_the_location(self, world):
        saga = policy.with_grounds(world.actor(world.kim), Child.objects.filter(pk=world.saga.pk)).get()
        (view,) = present_children(world.actor(world.kim), [saga])
        assert view.full_name == world.saga.full_name
        assert str(view.street_address) == "Skyddad identitet"
        assert str(view.school_unit) == "Skyddad identitet"
        assert view.city != world.saga.city

    def test_cleared_staff_see_the_location(self, world):
        rita = world.actor(world.rita)
        saga = policy.with_grounds(rita, Child.objects.filter(pk=world.saga.pk)).get()
        (view,) = present_children(rita, [saga])
        assert view.street_address == world.saga.street_address
        assert view.school_unit == world.school_unit

    def test_a_child_seen_on_another_ground_is_masked_entirely(self, world):
        saga = Child.objects.get(pk=world.saga.pk)
        # a ground an app registered, not one that names the child
        (view,) = present_children(world.actor(world.tor), [saga], grounds={saga.pk: "reception"})
        assert str(view) == "Skyddad identitet"
        assert str(view.display_number) == "Skyddad identitet"
        assert str(view.street_address) == "Skyddad identitet"


class TestConsentCrossesDomains:
    """A plan record owned by social services, read by BUP (Bo) under a SIP consent."""

    @pytest.fixture
    def shared_record(self, world):
        from lots.access.policy import _REGISTRY, RecordPolicy

        # A stand-in for a domain record: a consent row is owned by an agency and names a child.
        record = ConsentFactory(
            child=world.elin,
            recorded_in=world.social,
            purpose=Purpose.NAMED_EXCHANGE,
            purpose_text="Journalanteckning",
            agencies=[world.social],
        )
        saved = _REGISTRY[Consent]
        _REGISTRY[Consent] = RecordPolicy(
            child="child",
            domain="recorded_in",
            information_kind=InformationKind.SOCIAL,
            purpose=Purpose.SIP,
        )
        yield record
        _REGISTRY[Consent] = saved

    def test_no_consent_no_access_across_the_border(self, world, shared_record):
        assert policy.can(world.actor(world.sam), "view", shared_record) == policy.Ground.ASSIGNMENT
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_an_active_consent_naming_both_agencies_opens_it(self, world, shared_record):
        ConsentFactory(child=world.elin, agencies=[world.social, world.bup])
        assert policy.can(world.actor(world.bo), "view", shared_record) == policy.Ground.CONSENT

    def test_consent_still_needs_need_to_know_on_the_receiving_side(self, world, shared_record):
        ConsentFactory(child=world.elin, agencies=[world.social, world.bup])
        assert policy.can(world.actor(world.berit), "view", shared_record) is None

    @pytest.mark.parametrize("state", ["withdrawn", "expired", "incomplete"])
    def test_a_withdrawn_expired_or_incomplete_consent_never_grants(self, world, shared_record, state):
        ConsentFactory(child=world.elin, agencies=[world.social, world.bup], **{state: True})
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_the_consent_must_cover_the_kind_of_information(self, world, shared_record):
        ConsentFactory(
            child=world.elin,
            agencies=[world.social, world.bup],
            information_kinds=InformationKind.SCHOOL,
        )
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_the_consent_must_be_for_the_purpose(self, world, shared_record):
        ConsentFactory(
            child=world.elin,
            agencies=[world.social, world.bup],
            purpose=Purpose.FAMILY_COORDINATION,
        )
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_the_consent_must_let_the_owner_share_and_the_viewer_receive(self, world, shared_record):
        consent = ConsentFactory(child=world.elin, agencies=[world.social, world.bup])
        consent.agencies.filter(agency=world.bup).update(receives=False)
        assert policy.can(world.actor(world.bo), "view", shared_record) is None
        consent.agencies.filter(agency=world.bup).update(receives=True)
        consent.agencies.filter(agency=world.social).update(shares=False)
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_a_consent_for_another_child_does_not_count(self, world, shared_record):
        ConsentFactory(child=world.saga, agencies=[world.social, world.bup])
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_withdrawal_acts_at_once(self, world, shared_record):
        consent = ConsentFactory(child=world.elin, agencies=[world.social, world.bup])
        assert policy.can(world.actor(world.bo), "view", shared_record) == policy.Ground.CONSENT
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
        assert policy.can(world.actor(world.bo), "view", shared_record) is None

    def test_emergency_break_the_glass_crosses_from_social_services_to_health_care(self, world, shared_record):
        BreakGlassFactory(membership=world.membership(world.berit), child=world.elin)
        assert policy.can(world.actor(world.berit), "view", shared_record) == policy.Ground.EMERGENCY

    def test_emergency_does_not_cross_to_school(self, world, shared_record):
        BreakGlassFactory(membership=world.membership(world.tor), child=world.elin)
        assert policy.can(world.actor(world.tor), "view", shared_record) is None

    def test_emergency_crossing_stops_at_eighteen(self, world, shared_record):
        Child.objects.filter(pk=world.elin.pk).update(date_of_birth=dt.date(2006, 1, 1))
        BreakGlassFactory(membership=world.membership(world.berit), child=world.elin)
        assert policy.can(world.actor(world.berit), "view", shared_record) is None
