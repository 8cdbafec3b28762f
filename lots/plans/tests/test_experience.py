"""The questions on experience entered by staff from paper: who may, what is refused (nothing is
saved then), a form sent twice, the plan's page and its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from lots.access import policy
from lots.audit.models import AuditEntry
from lots.core.idempotency import new_key
from lots.plans import services
from lots.plans.models import EventKind, ExperienceAnswer, SipEvent, Status
from lots.plans.tests.factories import SipMeetingFactory, elins_sip

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    sip = elins_sip(world, status=Status.ESTABLISHED)
    sip.held = SipMeetingFactory(sip=sip, held=True)
    sip.coming = SipMeetingFactory(sip=sip)
    return sip


def enter(world, sip, user=None, **changes):
    data = {
        "occasion": "meeting",
        "meeting_id": sip.held.pk,
        "respondent": "child",
        "listened_to": "yes",
        "knows_whom_to_call": "partly",
        "answered_on": timezone.localdate(),
    } | changes
    return services.record_experience(actor=world.actor(user or world.kim), sip=sip, **data)


def test_a_participant_enters_a_childs_answers_after_a_meeting_held(world, plan):
    answer = enter(world, plan, world.bo)
    assert (answer.occasion, answer.meeting, answer.respondent, answer.channel) == (
        "meeting",
        plan.held,
        "child",
        "paper",
    )
    assert (answer.listened_to, answer.knows_whom_to_call, answer.entered_by) == ("yes", "partly", world.bo)
    event = SipEvent.objects.filter(sip=plan).latest("pk")
    assert (event.kind, event.user) == (EventKind.EXPERIENCE_RECORDED, world.bo)
    entry = AuditEntry.objects.filter(user_id=world.bo.pk, action="create").latest("pk")
    assert entry.record_id == str(answer.pk)


def test_only_those_who_act_on_the_plan_may(world, plan):
    with pytest.raises(policy.Denied):
        enter(world, plan, world.berit)
    other = elins_sip(world, status=Status.ESTABLISHED)
    other.held = SipMeetingFactory(sip=other, held=True)
    other.participants.filter(user=world.bo).delete()
    with pytest.raises(PermissionDenied):
        enter(world, other, world.bo)
    assert not ExperienceAnswer.objects.exists()


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"meeting_id": None}, "occasion", "Välj ett möte i planen som har hållits."),
        ({"occasion": "closing", "meeting_id": None}, "occasion", "Planen är inte avslutad"),
        ({"occasion": "later", "meeting_id": None}, "occasion", "Välj efter vilket möte"),
        ({"respondent": "teacher"}, "respondent", "Välj vem som svarade"),
        ({"listened_to": "maybe"}, "listened_to", "Kände du dig lyssnad på?"),
        ({"knows_whom_to_call": ""}, "knows_whom_to_call", "Vet du vem du ska ringa?"),
        ({"answered_on": None}, "answered_on", "framåt i tiden"),
        ({"answered_on": dt.date(2000, 1, 1)}, "answered_on", "före det tillfälle"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(world, plan, changes, field, message):
    events = SipEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        enter(world, plan, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert not ExperienceAnswer.objects.exists() and SipEvent.objects.count() == events


def test_a_meeting_not_held_cancelled_or_of_another_plan_is_no_occasion(world, plan):
    cancelled = SipMeetingFactory(sip=plan, held=True, cancelled=True)
    elsewhere = SipMeetingFactory(sip=elins_sip(world), held=True)
    for meeting in (plan.coming, cancelled, elsewhere):
        with pytest.raises(ValidationError):
            enter(world, plan, meeting_id=meeting.pk)
    assert not ExperienceAnswer.objects.exists()


def test_at_closing_of_a_closed_plan(world, plan):
    plan.status, plan.ended_on, plan.closing_reason = Status.CLOSED, timezone.localdate(), "goals_met"
    plan.save()
    answer = enter(world, plan, occasion="closing", meeting_id=None, respondent="guardian")
    assert (answer.occasion, answer.meeting, answer.respondent) == ("closing", None, "guardian")


def test_a_form_sent_twice_saves_the_answers_once(world, plan):
    key = new_key()
    first = enter(world, plan, submission_key=key)
    again = enter(world, plan, submission_key=key)
    assert first == again and ExperienceAnswer.objects.count() == 1
    assert SipEvent.objects.filter(kind=EventKind.EXPERIENCE_RECORDED).count() == 1
    enter(world, plan, submission_key=new_key())  # another paper form: another answer
    assert ExperienceAnswer.objects.count() == 2


def test_answers_are_never_edited(world, plan):
    answer = enter(world, plan)
    answer.listened_to = "no"
    with pytest.raises(DatabaseError), transaction.atomic():
        answer.save()
    answer.refresh_from_db()
    assert answer.listened_to == "yes"


def test_the_staff_form_on_the_plans_page(world, plan, signed_in):
    client = signed_in(world.kim)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Upplevelse" in page and "Inga svar än." in page
    url = reverse("plans:experience_new", args=[plan.pk])
    assert url in page
    form = client.get(url)
    assert form.status_code == 200
    key = form.context["form"]["submission_key"].value()
    choices = dict(form.context["form"].fields["occasion"].choices)
    assert list(choices) == [f"meeting-{plan.held.pk}"], "only the meeting held, as the plan is open"
    data = {
        "occasion": f"meeting-{plan.held.pk}",
        "respondent": "guardian",
        "listened_to": "no",
        "knows_whom_to_call": "none",
        "answered_on": timezone.localdate().isoformat(),
        "submission_key": key,
    }
    refused = client.post(url, data | {"answered_on": "2000-01-01"})
    assert refused.status_code == 400 and "före det tillfälle" in refused.content.decode()
    assert not ExperienceAnswer.objects.exists()
    for _twice in range(2):
        response = client.post(url, data)
        assert response.status_code == 302
    assert ExperienceAnswer.objects.count() == 1
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Införd av personal från papper" in page and "Svarade inte" in page and "En vårdnadshavare" in page
    history = client.get(reverse("plans:history", args=[plan.pk])).content.decode()
    assert "förde in svar på frågorna om upplevelse" in history


def test_no_form_before_a_meeting_is_held(world, signed_in):
    sip = elins_sip(world, status=Status.ESTABLISHED)
    page = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert reverse("plans:experience_new", args=[sip.pk]) not in page
