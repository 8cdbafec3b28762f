"""Participants, notes and the child's page panel."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.access.models import Assignment
from lots.plans import services
from lots.plans.models import ParticipantKind, Status
from lots.plans.tests.factories import SipParticipantFactory, agreement, elins_sip, sip_consent

pytestmark = pytest.mark.django_db


def test_an_agency_outside_the_consent_cannot_be_invited(world):
    sip = elins_sip(world, consent=None, consent_obtained=True)
    sip_consent(world, sip, agencies=[world.school, world.social])
    with pytest.raises(ValidationError, match="BUP") as refused:
        services.invite_staff(actor=world.actor(world.kim), sip=sip, membership=world.membership(world.berit))
    assert "membership" in refused.value.error_dict
    assert not Assignment.objects.filter(user=world.berit).exists()


def test_colleagues_of_the_requesting_agency_can_join_before_the_consent(world):
    sip = elins_sip(world, consent=None)
    participant = services.invite_staff(actor=world.actor(world.kim), sip=sip, membership=world.membership(world.tor))
    assert participant.assignment.reason == Assignment.Reason.SIP_PARTICIPANT
    with pytest.raises(ValidationError, match="deltar redan"):
        services.invite_staff(actor=world.actor(world.kim), sip=sip, membership=world.membership(world.tor))


def test_the_lead_cannot_be_removed_and_others_lose_their_sip_access(world):
    sip = elins_sip(world, established=True)
    sip.lead_user, sip.lead_agency, sip.lead_principal = world.sam, world.social, world.social.principal
    sip.save()
    with pytest.raises(ValidationError, match="Huvudansvarig"):
        services.remove_participant(actor=world.actor(world.kim), participant=sip.sam)
    berit = services.invite_staff(actor=world.actor(world.kim), sip=sip, membership=world.membership(world.berit))
    services.remove_participant(actor=world.actor(world.kim), participant=berit)
    assert not Assignment.objects.active().filter(pk=berit.assignment_id).exists()


def test_people_the_family_wants_there_and_the_mandate(world):
    sip = elins_sip(world)
    mormor = services.add_person(
        actor=world.actor(world.kim), sip=sip, kind=ParticipantKind.RELATIVE, name="Kerstin Berg", role_text="Mormor"
    )
    assert mormor.user is None
    with pytest.raises(ValidationError):
        services.add_person(actor=world.actor(world.kim), sip=sip, kind=ParticipantKind.STAFF, name="X")
    with pytest.raises(ValidationError):
        services.set_mandate(actor=world.actor(world.kim), participant=mormor, has_mandate=True)
    services.set_mandate(actor=world.actor(world.kim), participant=sip.bo, has_mandate=False)
    sip.bo.refresh_from_db()
    assert not sip.bo.has_mandate
    note = services.add_note(
        actor=world.actor(world.kim), sip=sip, text="Mormor deltar på familjens önskan.", participant=mormor
    )
    assert note.owner_agency == world.school
    with pytest.raises(ValidationError):
        services.add_note(actor=world.actor(world.kim), sip=sip, text=" ")


def test_the_childs_page_lists_the_plans_and_offers_a_request(world, signed_in):
    agreement(world)
    sip = elins_sip(world, overdue=True)
    body = signed_in(world.kim).get(reverse("people:child", args=[world.elin.pk])).content.decode()
    assert reverse("plans:detail", args=[sip.pk]) in body
    assert "försenad sedan" in body
    assert "Begär SIP" in body
    assert sip.status == Status.ESTABLISHED


def test_my_sips_shows_what_needs_doing_next_overdue_first(world, signed_in):
    late = elins_sip(world, overdue=True)
    fresh = elins_sip(world, consent=None)
    other = elins_sip(world)
    other.participants.filter(user=world.bo).update(removed_at="2026-01-01T00:00:00Z")
    response = signed_in(world.bo).get(reverse("plans:mine"))
    rows = response.context["rows"]
    assert [row.sip.pk for row in rows] == [late.pk], "Bo sees no plan before its consent, nor one he left"
    assert rows[0].overdue and "försenad sedan" in response.content.decode()
    kim_rows = signed_in(world.kim).get(reverse("plans:mine")).context["rows"]
    assert kim_rows[0].sip.pk == late.pk and {r.sip.pk for r in kim_rows} == {late.pk, fresh.pk, other.pk}


def test_a_participant_from_another_agency_is_shown_by_agency_name(world, signed_in):
    sip = elins_sip(world)
    SipParticipantFactory(sip=sip, guardian=True)
    body = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert "BUP Testby, Region Testland" in body and "Gun Berg" in body
