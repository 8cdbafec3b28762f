"""Referrals, the team's decision against its criteria, and the waiting list."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lots.access import policy
from lots.families import services
from lots.families.models import FamilyEvent, Referral, ReferralSource, ReferralStatus
from lots.families.tests.conftest import refer, start
from lots.notifications.models import Notification
from lots.people.tests.factories import ChildFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


def test_the_rektor_refers_to_the_teams_representative_who_is_told(world, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(world, team, representative=team.filip)
    assert referral.status == ReferralStatus.RECEIVED
    assert referral.referring_agency_id == world.school.pk
    assert list(referral.events.values_list("kind", flat=True)) == ["referred"]
    notice = Notification.objects.get(kind="families.referred")
    assert notice.recipient_id == team.filip.pk
    assert "Elin" not in notice.url and str(referral.pk) in notice.url


def test_staff_who_do_not_know_the_child_cannot_refer(world, team):
    with pytest.raises(policy.Denied):
        refer(world, team, actor=world.actor(world.tor))
    assert not Referral.objects.exists()


def test_the_family_coming_by_itself_is_received_by_the_team(world, team):
    referral = refer(world, team, actor=world.actor(team.filip), source=ReferralSource.FAMILY)
    assert referral.referring_agency_id is None
    with pytest.raises(PermissionDenied):
        refer(world, team, actor=world.actor(world.sam), source=ReferralSource.FAMILY, household=HouseholdFactory())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"needs": "  "}, "needs"),
        ({"members_with_needs": 0}, "members_with_needs"),
        ({"household": "other"}, "household"),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(world, team, overrides, field):
    if overrides.get("household") == "other":
        overrides["household"] = HouseholdFactory()
    with pytest.raises(ValidationError) as caught:
        refer(world, team, **overrides)
    assert field in caught.value.error_dict
    assert not Referral.objects.exists()


def test_a_family_is_referred_once_while_the_referral_is_open(world, team):
    refer(world, team)
    with pytest.raises(ValidationError):
        refer(world, team)


def test_the_team_accepts_a_family_that_fits_and_records_why(world, team):
    referral = refer(world, team)
    services.decide_referral(actor=world.actor(team.filip), referral=referral, decision="accept", reason="Passar.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.decision_reason == "Passar."
    assert referral.decided_by_id == team.filip.pk


def test_a_family_that_does_not_fit_is_not_accepted(world, team):
    referral = refer(world, team, agencies_involved=1)
    with pytest.raises(ValidationError) as caught:
        services.decide_referral(actor=world.actor(team.filip), referral=referral, decision="accept", reason="Ja")
    assert "2" in str(caught.value)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.RECEIVED


def _criteria(world, team, by=None, **overrides):
    values = dict(min_child_age=0, max_child_age=20, min_members_with_needs=1, min_agencies=1, places=1)
    return services.set_criteria(actor=world.actor(by or team.maj), team=team.unit, **{**values, **overrides})


def test_the_criteria_are_the_teams_own(world, team):
    _criteria(world, team, min_child_age=10, max_child_age=18, min_members_with_needs=2, min_agencies=2, places=10)
    referral = refer(world, team)  # Lo is 9
    (unmet,) = services.unmet_criteria(referral, services.criteria_for(team.unit))
    assert "10–18" in unmet
    with pytest.raises(PermissionDenied):
        _criteria(world, team, by=team.fia)
    with pytest.raises(ValidationError) as caught:
        _criteria(world, team, min_child_age=12, max_child_age=10)
    assert "max_child_age" in caught.value.error_dict


def test_a_full_team_puts_the_family_on_the_waiting_list(world, team, family):
    _criteria(world, team)
    other = HouseholdFactory()
    child = ChildFactory(age=10)
    other.children.add(child)
    waiting = services.refer_family(
        actor=world.actor(team.filip),
        team=team.unit,
        child=child,
        household=other,
        source=ReferralSource.FAMILY,
        needs="Behöver hjälp",
        members_with_needs=2,
        agencies_involved=3,
    )
    services.decide_referral(actor=world.actor(team.filip), referral=waiting, decision="accept", reason="Passar.")
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.WAITING
    with pytest.raises(ValidationError):
        services.take_from_waiting_list(actor=world.actor(team.filip), referral=waiting)
    services.end_engagement(actor=world.actor(team.fia), engagement=family, reason="completed")
    services.take_from_waiting_list(actor=world.actor(team.filip), referral=waiting)
    assert Referral.objects.get(pk=waiting.pk).status == ReferralStatus.ACCEPTED


def test_a_declined_referral_cannot_start(world, team):
    referral = refer(world, team)
    services.decide_referral(actor=world.actor(team.filip), referral=referral, decision="decline", reason="Nej.")
    with pytest.raises(ValidationError):
        start(world, team, referral)
    assert Referral.objects.get(pk=referral.pk).closed_at is not None


def test_the_history_is_appended(world, team, family):
    kinds = list(FamilyEvent.objects.filter(referral=family.referral).values_list("kind", flat=True))
    assert kinds == ["referred", "accepted", "started"]
