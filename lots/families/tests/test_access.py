"""The engagement is the coordinator's ground, through the access policy, and ends with the
consent or the engagement: at once, on the next query."""

import pytest
from django.utils import timezone

from lots.access import policy
from lots.access import services as access_services
from lots.access.models import Consent
from lots.access.secrecy import Purpose
from lots.audit.models import AuditEntry
from lots.families import services
from lots.families.models import Contact, EndReason, Engagement, EngagementStatus, Frequency, Member, ReferralStatus
from lots.families.policies import ENGAGEMENT_GROUND, REFERRER_GROUND, TEAM_GROUND
from lots.families.tests.conftest import refer
from lots.people.models import Child

pytestmark = pytest.mark.django_db


def _contact(world, team, family) -> Contact:
    member = Member.objects.get(engagement=family, child=world.elin)
    return services.add_contact(
        actor=world.actor(team.fia),
        engagement=family,
        data=services.ContactInput(
            member=member,
            agency=world.bup,
            unit=world.bup_unit,
            person_name="",
            purpose="Utredning av adhd",
            frequency=Frequency.MONTHLY,
            next_appointment=None,
        ),
    )


def test_the_coordinator_sees_every_child_the_engagement_names_and_the_household_records(world, team, family):
    fia = world.actor(team.fia)
    assert policy.can(fia, "view", world.elin) == ENGAGEMENT_GROUND
    assert policy.can(fia, "view", team.lo) == ENGAGEMENT_GROUND
    assert policy.can(fia, "change", family) == ENGAGEMENT_GROUND
    assert policy.can(fia, "view", world.saga) is None
    contact = _contact(world, team, family)
    assert policy.can(fia, "change", contact) == ENGAGEMENT_GROUND


def test_another_coordinator_of_the_team_does_not(world, team, family):
    filip = world.actor(team.filip)
    assert policy.can(filip, "view", world.elin) is None
    assert policy.can(filip, "view", family) is None


def test_withdrawal_ends_the_coordinators_access_at_once(world, team, family):
    fia = world.actor(team.fia)
    contact = _contact(world, team, family)
    consent = Consent.objects.get(child=world.elin, purpose=Purpose.FAMILY_COORDINATION, reference_id=family.pk)
    # The policy asks for the consent on every read: without the engagement ending, access is gone.
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    assert policy.can(fia, "view", family) is None
    assert policy.can(fia, "view", contact) is None
    assert policy.can(fia, "view", world.elin) is None
    assert policy.can(fia, "view", team.lo) == ENGAGEMENT_GROUND  # Lo's own consent still holds


def test_the_family_withdraws_through_the_coordinator_and_the_engagement_ends(world, team, family):
    fia = world.actor(team.fia)
    services.withdraw_family_consent(actor=fia, engagement=family, withdrawn_by_name="Gun Berg")
    family.refresh_from_db()
    assert family.status == EngagementStatus.ENDED
    assert family.end_reason == EndReason.CONSENT_WITHDRAWN
    assert not Consent.objects.filter(reference_id=family.pk, withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(reference_id=family.pk).count() == 2
    for record in (family, world.elin, team.lo):
        assert policy.can(fia, "view", record) is None
    assert family.referral.events.filter(kind="ended").exists()


def test_withdrawing_one_childs_consent_takes_that_child_out(world, team, family):
    fia = world.actor(team.fia)
    consent = Consent.objects.get(child=team.lo, purpose=Purpose.FAMILY_COORDINATION)
    access_services.withdraw_consent(actor=fia, consent=consent, withdrawn_by_name="Gert Berg")
    assert Member.objects.get(engagement=family, child=team.lo).left_at is not None
    assert Engagement.objects.get(pk=family.pk).status == EngagementStatus.ACTIVE
    assert policy.can(fia, "view", team.lo) is None
    assert policy.can(fia, "view", world.elin) == ENGAGEMENT_GROUND


def test_ending_the_engagement_ends_the_ground(world, team, family):
    fia = world.actor(team.fia)
    services.end_engagement(actor=fia, engagement=family, reason=EndReason.COMPLETED)
    assert policy.can(fia, "view", world.elin) is None
    assert policy.can(fia, "view", family) is None


def test_the_familys_consent_governs_what_each_agency_sees(world, team, family):
    contact = _contact(world, team, family)
    # Sam knows Elin in social services, which the consent names: the contact map crosses.
    assert policy.can(world.actor(world.sam), "view", contact) == "consent"
    assert policy.can(world.actor(world.sam), "change", contact) is None
    # Bo knows Elin at BUP, which the consent does not name.
    assert policy.can(world.actor(world.bo), "view", contact) is None
    # Tor at the school does not know Elin.
    assert policy.can(world.actor(world.tor), "view", contact) is None


def test_the_team_sees_the_referred_children_while_the_referral_is_open(world, team):
    referral = refer(world, team)
    filip = world.actor(team.filip)
    assert policy.can(filip, "view", team.lo) == TEAM_GROUND
    assert policy.can(filip, "change", referral) == TEAM_GROUND
    assert policy.can(world.actor(world.rita), "view", referral) is not None
    services.decide_referral(actor=filip, referral=referral, decision="decline", reason="Ett behov räcker inte.")
    assert policy.can(filip, "view", team.lo) is None
    assert policy.can(filip, "view", referral) == TEAM_GROUND  # the decision stays with the team


def test_the_referrer_sees_their_referral_but_not_its_history(world, team):
    referral = refer(world, team, actor=world.actor(world.kim))
    kim = world.actor(world.kim)
    assert policy.can(kim, "view", referral) in {REFERRER_GROUND, "assignment"}
    assert policy.can(world.actor(world.mona), "view", referral) is None or referral.referred_by_id == world.kim.pk
    event = referral.events.get()
    assert policy.can(world.actor(world.tor), "view", event) is None


def test_every_read_is_logged_with_the_engagement_ground(world, team, family):
    from lots.families.selectors.engagements import engagement_page

    AuditEntry.objects.all()
    engagement_page(world.actor(team.fia), family.pk)
    row = AuditEntry.objects.filter(record_type="families.engagement", action="view").latest("pk")
    assert row.ground == ENGAGEMENT_GROUND
    assert row.child_id == world.elin.pk


def test_a_referral_that_started_is_no_longer_open_to_the_team(world, team, family):
    assert family.referral.status == ReferralStatus.STARTED
    assert policy.can(world.actor(team.filip), "view", Child.objects.get(pk=team.lo.pk)) is None
