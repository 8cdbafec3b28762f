"""Forum pages: query counts that do not grow with the agenda, the chair's forms, one 404."""

import pytest
from django.urls import reverse

from lots.core.testing import queries_of
from lots.forums import services
from lots.forums.models import AgendaItem, Decision, Meeting
from lots.forums.tests.conftest import meeting_of

pytestmark = pytest.mark.django_db


def _items(world, meeting, count):
    for n in range(count):
        services.add_agenda_item(actor=world.actor(world.rita), meeting=meeting, title=f"Punkt {n}", child=world.elin)


def test_the_meeting_page_costs_the_same_whatever_the_length_of_the_agenda(world, steering, stig, signed_in):
    meeting = meeting_of(steering, days=3, chair=stig)
    client = signed_in(world.rita)
    url = reverse("forums:meeting", args=[meeting.pk])
    _items(world, meeting, 2)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    _items(world, meeting, 15)
    many = queries_of(lambda: client.get(url))
    assert len(few) == len(many) <= 30
    page = client.get(url).content.decode()
    assert "Punkt 14" in page and page.count("Elin Berg") == 17


def test_the_forum_list_and_page(world, steering, stig, signed_in, django_assert_max_num_queries):
    client = signed_in(world.kim)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("forums:list"))
    assert "Styrgruppen BUS" in page.content.decode()
    with django_assert_max_num_queries(15):
        page = client.get(reverse("forums:detail", args=[steering.pk]))
    assert "Verksamhetschef BUP" in page.content.decode()


def test_a_non_member_gets_the_same_404_as_for_a_missing_meeting(world, steering, stig, signed_in):
    meeting = meeting_of(steering, days=3, chair=stig)
    client = signed_in(world.kim)
    assert client.get(reverse("forums:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("forums:meeting", args=[meeting.pk + 99])).status_code == 404
    assert client.post(reverse("forums:decision_add", args=[meeting.pk]), {"text": "x"}).status_code == 404


def test_the_chair_calls_a_meeting_and_records_a_decision(world, steering, stig, signed_in):
    client = signed_in(stig)
    response = client.post(
        reverse("forums:meeting_new", args=[steering.pk]),
        {"starts_at": "2030-03-02T09:00", "ends_at": "2030-03-02T08:00", "place": "Regionhuset"},
    )
    assert response.status_code == 400 and "Mötet måste sluta efter att det börjar." in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(
        reverse("forums:meeting_new", args=[steering.pk]),
        {"starts_at": "2030-03-02T09:00", "ends_at": "2030-03-02T11:00", "place": "Regionhuset"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    client.post(reverse("forums:decision_add", args=[meeting.pk]), {"text": "Kallelser går till gemensam brevlåda."})
    assert Decision.objects.get().meeting == meeting


def test_a_member_raises_a_deviation_to_a_meeting(world, steering, stig, signed_in):
    from lots.deviations.tests.factories import DeviationFactory, PartyFactory

    deviation = DeviationFactory(reporting_agency=world.school, reported_by=world.rita)
    PartyFactory(deviation=deviation, agency=world.school, handler_unit=world.school_unit)
    meeting = meeting_of(steering, days=3, chair=stig)
    client = signed_in(world.rita)
    assert client.get(reverse("forums:raise", args=[deviation.pk])).status_code == 200
    response = client.post(reverse("forums:raise", args=[deviation.pk]), {"meeting": str(meeting.pk)})
    assert response.status_code == 302
    assert AgendaItem.objects.get().deviation_id == deviation.pk
    assert signed_in(world.tor).get(reverse("forums:raise", args=[deviation.pk])).status_code == 404


def test_a_member_downloads_the_meeting_as_a_calendar_invitation_without_the_agenda(
    world, steering, stig, signed_in, django_assert_max_num_queries
):
    meeting = meeting_of(steering, days=3, chair=stig)
    _items(world, meeting, 1)
    client = signed_in(world.rita)
    url = reverse("forums:meeting_ics", args=[meeting.pk])
    assert url in client.get(reverse("forums:meeting", args=[meeting.pk])).content.decode()
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="forummote.ics"'
    body = response.content.decode()
    assert f"UID:{meeting.uid}" in body and "METHOD:REQUEST" in body and "SEQUENCE:0" in body
    assert "Styrgruppen BUS" in body and "LOCATION:Regionhuset" in body
    assert reverse("forums:meeting", args=[meeting.pk]) in body.replace("\r\n ", "")
    assert "Punkt 0" not in body and "Elin" not in body and "Berg" not in body


def test_a_cancelled_meeting_downloads_as_a_cancellation_and_a_non_member_gets_the_404(
    world, steering, stig, signed_in
):
    meeting = meeting_of(steering, days=3, chair=stig)
    Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=meeting.starts_at, sequence=2)
    body = signed_in(world.rita).get(reverse("forums:meeting_ics", args=[meeting.pk])).content.decode()
    assert "METHOD:CANCEL" in body and "STATUS:CANCELLED" in body and "SEQUENCE:2" in body
    assert signed_in(world.kim).get(reverse("forums:meeting_ics", args=[meeting.pk])).status_code == 404
    assert signed_in(world.kim).get(reverse("forums:meeting_ics", args=[999999])).status_code == 404
