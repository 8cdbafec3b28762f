"""Protected identity on a SIP meeting's page: the agency that wrote the minutes is named by its
kind to staff not cleared for the child, as every other agency of the plan is."""

import pytest
from django.urls import reverse

from lots.plans.tests.factories import SipMeetingFactory, SipMinutesFactory, elins_sip

pytestmark = pytest.mark.django_db


def test_the_minutes_of_a_protected_childs_meeting_name_the_agency_by_kind_unless_cleared(world, signed_in):
    sip = elins_sip(world)
    sip.child = world.saga
    sip.save()
    meeting = SipMeetingFactory(sip=sip, held=True)
    SipMinutesFactory(meeting=meeting, owner_agency=world.school, written_by=world.kim, text="Protokoll")
    url = reverse("plans:meeting", args=[sip.pk, meeting.pk])

    def minutes(user):
        body = signed_in(user).get(url).content.decode()
        return body.split("Protokoll", 1)[1].split("</div>", 1)[0]

    assert world.school.name not in minutes(world.kim) and "Skola" in minutes(world.kim)
    assert world.school.name in minutes(world.rita)
