"""A meeting's video link goes into calendar invitations: https, on a host the region allows
(issue 19, finding 2)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.plans import services
from lots.plans.models import SipMeeting
from lots.plans.services.meetings import video_link_error
from lots.plans.tests.factories import SipInviteeFactory, SipMeetingFactory, elins_sip

pytestmark = pytest.mark.django_db

ALLOWED = ["meet.sjoland.se", "teams.microsoft.com"]


@pytest.fixture(autouse=True)
def _region_allows(settings):
    settings.LOTS_MEETING_VIDEO_HOSTS = ALLOWED


@pytest.mark.parametrize(
    "link",
    [
        "https://meet.sjoland.se/sip-bergvik",
        "https://MEET.sjoland.se./rum?id=4",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
        "https://eu.teams.microsoft.com/l/x",  # a host under an allowed one
    ],
)
def test_an_allowed_https_link_is_accepted(link):
    assert video_link_error(link) is None


@pytest.mark.parametrize(
    "link",
    [
        "http://meet.sjoland.se/sip",  # not https
        "javascript:alert(1)",
        "https://evil.example/meet.sjoland.se",
        "https://meet.sjoland.se.evil.example/x",  # the allowed host as a prefix
        "https://notmeet.sjoland.se/x",  # not under meet.sjoland.se
        "https://meet.sjoland.se@evil.example/x",  # user info hiding the real host
        "https:///nohost",
        "https://[::1/",
    ],
)
def test_other_links_are_refused(link):
    assert video_link_error(link)


def test_with_no_hosts_allowed_no_link_is_accepted(settings):
    settings.LOTS_MEETING_VIDEO_HOSTS = []
    assert video_link_error("https://meet.sjoland.se/x") == "Regionen tillåter inga videolänkar i Lots: ange en plats."


def _call(world, sip, link):
    starts = timezone.now() + dt.timedelta(days=3)
    return services.call_meeting(
        actor=world.actor(world.kim),
        sip=sip,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="",
        video_link=link,
        invitees=[sip.bo],
    )


def test_calling_a_meeting_with_a_link_the_region_does_not_allow_is_refused_and_changes_nothing(world):
    sip = elins_sip(world)
    with pytest.raises(ValidationError) as refused:
        _call(world, sip, "https://video.example.se/sip-123")
    assert refused.value.message_dict["video_link"] == [
        "Regionen tillåter videolänkar bara från meet.sjoland.se, teams.microsoft.com."
    ]
    assert not SipMeeting.objects.exists()


def test_moving_a_meeting_to_a_link_not_allowed_is_refused(world):
    sip = elins_sip(world, meeting_called=True)
    meeting = SipMeetingFactory(sip=sip, video=True)
    SipInviteeFactory(meeting=meeting, participant=sip.bo)
    with pytest.raises(ValidationError) as refused:
        services.reschedule_meeting(
            actor=world.actor(world.kim),
            meeting=meeting,
            version=meeting.version,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            video_link="http://meet.sjoland.se/sip-123",
            invitees=[sip.bo],
        )
    assert "https" in refused.value.message_dict["video_link"][0]
    meeting.refresh_from_db()
    assert meeting.video_link == "https://meet.sjoland.se/sip-123" and meeting.sequence == 0


def test_the_page_shows_the_refusal_and_the_calendar_invitation_carries_an_allowed_link(world, signed_in):
    from icalendar import Calendar

    sip = elins_sip(world)
    client = signed_in(world.kim)
    form = client.get(reverse("plans:meeting_new", args=[sip.pk]))
    day = timezone.localdate() + dt.timedelta(days=7)
    data = {
        "submission_key": form.context["form"]["submission_key"].value(),
        "day": day.isoformat(),
        "start": "09:00",
        "end": "10:30",
        "invitees": [sip.bo.pk],
    }
    refused = client.post(reverse("plans:meeting_new", args=[sip.pk]), {**data, "video_link": "https://evil.example/"})
    assert refused.status_code == 400
    assert "Regionen tillåter videolänkar bara från" in refused.content.decode()
    assert not SipMeeting.objects.exists()
    link = "https://meet.sjoland.se/sip-elin"
    assert client.post(reverse("plans:meeting_new", args=[sip.pk]), {**data, "video_link": link}).status_code == 302
    meeting = sip.meetings.get()
    ics = signed_in(world.bo).get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk]))
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert link in str(event["LOCATION"]) and link in str(event["DESCRIPTION"])
