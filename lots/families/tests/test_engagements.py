"""Starting an engagement on the family's consent; the contact map, priorities and measures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lots.access import policy
from lots.access.models import Consent
from lots.access.secrecy import Purpose
from lots.families import services
from lots.families.models import Contact, Engagement, Frequency, Member, OutcomeRating, Priority, ReferralStatus
from lots.families.tests.conftest import refer, start

pytestmark = pytest.mark.django_db


def _accepted(world, team):
    referral = refer(world, team)
    services.decide_referral(actor=world.actor(team.fia), referral=referral, decision="accept", reason="Passar.")
    return referral


def test_the_engagement_names_every_member_adults_included_on_each_childs_consent(world, team, family):
    assert family.referral.status == ReferralStatus.STARTED
    assert Member.objects.filter(engagement=family, adult__isnull=False).count() == 2
    assert Member.objects.filter(engagement=family, child__isnull=False).count() == 2
    consents = Consent.objects.filter(purpose=Purpose.FAMILY_COORDINATION, reference_id=family.pk)
    assert {c.child_id for c in consents} == {world.elin.pk, team.lo.pk}
    assert all(c.effective_at is not None for c in consents)
    assert {a.agency_id for a in consents[0].agencies.all()} == {team.care.pk, world.social.pk, world.school.pk}


def test_without_every_guardian_the_consent_is_not_complete_and_nothing_starts(world, team):
    referral = _accepted(world, team)
    with pytest.raises(ValidationError) as caught:
        start(world, team, referral, guardians=[world.gun])
    assert "guardians" in caught.value.error_dict
    assert not Engagement.objects.exists()
    assert not Consent.objects.filter(purpose=Purpose.FAMILY_COORDINATION).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"adults_agree": False}, "adults_agree"),
        ({"agencies": []}, "agencies"),
        ({"coordinator": "maj"}, "coordinator"),
        ({"members": "no_child"}, "members"),
    ],
)
def test_a_start_with_bad_input_changes_nothing(world, team, overrides, field):
    referral = _accepted(world, team)
    if overrides.get("coordinator") == "maj":
        overrides["coordinator"] = team.maj
    if overrides.get("members") == "no_child":
        overrides["members"] = [services.MemberInput(team.lo)]
    with pytest.raises(ValidationError) as caught:
        start(world, team, referral, **overrides)
    assert field in caught.value.error_dict
    assert not Engagement.objects.exists()


def _input(member, **overrides):
    values = dict(
        member=member,
        agency=None,
        unit=None,
        person_name="Anna på BUP",
        purpose="Samtal varannan vecka",
        frequency=Frequency.FORTNIGHTLY,
        next_appointment=timezone.localdate() + dt.timedelta(days=7),
    )
    return services.ContactInput(**{**values, **overrides})


def test_the_contact_map_is_kept_current(world, team, family):
    fia = world.actor(team.fia)
    lo = Member.objects.get(engagement=family, child=team.lo)
    contact = services.add_contact(actor=fia, engagement=family, data=_input(lo, agency=world.bup, unit=world.bup_unit))
    services.change_contact(actor=fia, contact=contact, data=_input(lo, agency=world.bup, frequency=Frequency.MONTHLY))
    contact.refresh_from_db()
    assert contact.frequency == Frequency.MONTHLY and contact.unit_id is None
    services.end_contact(actor=fia, contact=contact)
    assert Contact.objects.get(pk=contact.pk).ended_at is not None
    with pytest.raises(ValidationError):
        services.end_contact(actor=fia, contact=contact)
    kinds = list(family.referral.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["contact_added", "contact_changed", "contact_ended"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agency": None}, "agency"),
        ({"purpose": ""}, "purpose"),
        ({"frequency": "daily"}, "frequency"),
        ({"next_appointment": dt.date(2000, 1, 1)}, "next_appointment"),
        ({"unit": "school"}, "unit"),
    ],
)
def test_a_contact_with_bad_input_is_refused(world, team, family, overrides, field):
    lo = Member.objects.get(engagement=family, child=team.lo)
    if overrides.get("unit") == "school":
        overrides["unit"] = world.school_unit
    data = _input(lo, **{"agency": world.bup, **overrides})
    with pytest.raises(ValidationError) as caught:
        services.add_contact(actor=world.actor(team.fia), engagement=family, data=data)
    assert field in caught.value.error_dict
    assert not Contact.objects.exists()


def test_others_cannot_write_on_the_familys_map(world, team, family):
    lo = Member.objects.get(engagement=family, child=team.lo)
    with pytest.raises(policy.Denied):  # Sam sees the map under the consent, and never changes it
        services.add_contact(actor=world.actor(world.sam), engagement=family, data=_input(lo, agency=world.bup))
    assert not Contact.objects.exists()


def test_the_familys_priorities_replace_the_earlier_which_are_kept(world, team, family):
    fia = world.actor(team.fia)
    services.set_priorities(actor=fia, engagement=family, texts=["Sömn", "Skolan"])
    services.set_priorities(actor=fia, engagement=family, texts=["Färre möten", "", "Ekonomin"])
    current = list(Priority.objects.filter(engagement=family, replaced_at__isnull=True).values_list("text", flat=True))
    assert current == ["Färre möten", "Ekonomin"]
    assert Priority.objects.filter(engagement=family, replaced_at__isnull=False).count() == 2
    with pytest.raises(ValidationError):
        services.set_priorities(actor=fia, engagement=family, texts=["", " "])


def _rate(world, team, family, occasion, **overrides):
    values = dict(
        actor=world.actor(team.fia),
        engagement=family,
        occasion=occasion,
        rated_on=timezone.localdate(),
        structure=2,
        control=2,
        children_eligible=0,
        adults_in_work_or_study=1,
        economy="strained",
    )
    return services.record_rating(**{**values, **overrides})


def test_the_measures_start_at_the_start_and_use_one_scale(world, team, family):
    with pytest.raises(ValidationError) as caught:
        _rate(world, team, family, "six_months")
    assert "occasion" in caught.value.error_dict
    _rate(world, team, family, "start")
    with pytest.raises(ValidationError):
        _rate(world, team, family, "start")
    with pytest.raises(ValidationError) as caught:
        _rate(world, team, family, "six_months", control=6)
    assert "control" in caught.value.error_dict
    _rate(world, team, family, "six_months", control=4)
    assert list(OutcomeRating.objects.values_list("control", flat=True)) == [2, 4]


def test_nothing_is_added_after_the_end(world, team, family):
    services.end_engagement(actor=world.actor(team.fia), engagement=family, reason="completed")
    with pytest.raises(policy.Denied):  # the ended engagement is no longer the coordinator's ground
        services.set_priorities(actor=world.actor(team.fia), engagement=family, texts=["Något"])
