"""The invitations as served from a SIP meeting, parsed back with icalendar: one UID for the
meeting's life, SEQUENCE rising with each change, a cancellation for someone no longer called,
and nothing about the child or the other people called."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lots.plans.tests.factories import SipInviteeFactory, SipMeetingFactory, elins_sip

pytestmark = pytest.mark.django_db


def _ics(client, sip, meeting):
    response = client.get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event, response.content.decode()


def test_someone_no_longer_called_gets_a_cancellation_of_the_same_event(world, signed_in):
    sip = elins_sip(world, meeting_called=True)
    meeting = SipMeetingFactory(sip=sip)
    SipInviteeFactory(meeting=meeting, participant=sip.bo)
    SipInviteeFactory(meeting=meeting, participant=sip.sam)
    method, first, _text = _ics(signed_in(world.sam), sip, meeting)
    assert (method, int(first["SEQUENCE"])) == ("REQUEST", 0)

    local = timezone.localtime(meeting.starts_at) + dt.timedelta(days=2)
    response = signed_in(world.kim).post(
        reverse("plans:meeting_edit", args=[sip.pk, meeting.pk]),
        {
            "version": meeting.version,
            "day": local.date().isoformat(),
            "start": "10:00",
            "end": "11:00",
            "place": "Rum Ek",
            "invitees": [sip.bo.pk],
        },
    )
    assert response.status_code == 302
    method, dropped, _text = _ics(signed_in(world.sam), sip, meeting)
    assert method == "CANCEL" and str(dropped["STATUS"]) == "CANCELLED"
    assert str(dropped["UID"]) == str(first["UID"]) and int(dropped["SEQUENCE"]) > int(first["SEQUENCE"])
    method, kept, _text = _ics(signed_in(world.bo), sip, meeting)
    assert method == "REQUEST" and str(kept["UID"]) == str(first["UID"]) and int(kept["SEQUENCE"]) == 1


def test_an_invitation_names_only_the_organiser_and_the_one_invited(world, signed_in):
    sip = elins_sip(world, meeting_called=True)
    meeting = SipMeetingFactory(sip=sip)
    for participant in (sip.kim, sip.bo, sip.sam):
        SipInviteeFactory(meeting=meeting, participant=participant)
    _method, event, text = _ics(signed_in(world.bo), sip, meeting)
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [a.params["CN"] for a in attendees] == [world.bo.get_full_name()]
    for secret in (world.elin.first_name, world.elin.last_name, world.sam.last_name, sip.reason[:20]):
        assert secret not in text
    assert world.elin.identity_number not in text


def test_the_place_of_a_protected_childs_meeting_goes_only_to_the_cleared(world, signed_in):
    """The invitation takes the place exactly as the meeting page shows it (the selector decides)."""
    from lots.access.tests.factories import ProtectedClearanceFactory
    from lots.people.models import Child

    sip = elins_sip(world, meeting_called=True)
    meeting = SipMeetingFactory(sip=sip)
    SipInviteeFactory(meeting=meeting, participant=sip.bo)
    Child.objects.filter(pk=world.elin.pk).update(protected_identity=True)
    _method, event, text = _ics(signed_in(world.bo), sip, meeting)
    assert meeting.place not in text and str(event["LOCATION"]) == "Se Lots"
    ProtectedClearanceFactory(user=world.bo, child=world.elin)
    _method, event, _text = _ics(signed_in(world.bo), sip, meeting)
    assert str(event["LOCATION"]) == meeting.place
