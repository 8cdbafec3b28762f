"""The two questions on experience in the family view: answered once per occasion by whoever may
see the plan there (custody and age rules as for the rest of the family view), saved by the plans
app, logged, and shown to staff with the answers entered from paper."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.plans.models import ExperienceAnswer, Status
from lots.plans.tests.factories import SipMeetingFactory, elins_sip
from lots.portal.tests.factories import family_client, guardian_account, own_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    sip = elins_sip(world, status=Status.ESTABLISHED)
    sip.held = SipMeetingFactory(sip=sip, held=True)
    sip.coming = SipMeetingFactory(sip=sip)
    return sip


def answer(client, child, sip, occasion, **answers):
    data = {"occasion": occasion, "listened_to": "yes", "knows_whom_to_call": "no"} | answers
    return client.post(reverse("portal:answer_experience", args=[child.pk, sip.pk]), data)


def page(client, child) -> str:
    return client.get(reverse("portal:child", args=[child.pk])).content.decode()


def test_a_guardian_answers_once_for_a_meeting_held(world, plan, client, django_assert_max_num_queries):
    account = guardian_account(world.gun)
    c = family_client(client, account)
    shown = page(c, world.elin)
    assert "Kände du dig lyssnad på?" in shown and "Vet du vem du ska ringa?" in shown
    assert f'value="meeting-{plan.held.pk}"' in shown and f'value="meeting-{plan.coming.pk}"' not in shown
    assert 'value="closing"' not in shown
    with django_assert_max_num_queries(25):
        response = answer(c, world.elin, plan, f"meeting-{plan.held.pk}")
    assert response.status_code == 302
    saved = ExperienceAnswer.objects.get()
    assert (saved.meeting, saved.respondent, saved.channel, saved.entered_by) == (
        plan.held,
        "guardian",
        "family_view",
        account.user,
    )
    assert (saved.listened_to, saved.knows_whom_to_call, saved.answered_on) == ("yes", "no", timezone.localdate())
    entry = AuditEntry.objects.filter(user_id=account.user.pk, action="create").latest("pk")
    assert entry.ground == "family_guardian" and str(entry.record_id) == str(plan.pk)
    assert "Tack för att du svarade" in page(c, world.elin)
    assert "Två korta frågor" not in page(c, world.elin), "nothing left to answer"

    again = answer(c, world.elin, plan, f"meeting-{plan.held.pk}", listened_to="no")
    assert again.status_code == 302
    assert "Du har redan svarat på frågorna om det här mötet" in c.get(again["Location"]).content.decode()
    assert ExperienceAnswer.objects.count() == 1


def test_a_guardian_and_the_young_person_each_answer_for_themselves(world, plan, client, settings):
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 0
    occasion = f"meeting-{plan.held.pk}"
    assert answer(family_client(client, guardian_account(world.gun)), world.elin, plan, occasion).status_code == 302
    assert answer(family_client(client, own_account(world.elin)), world.elin, plan, occasion).status_code == 302
    assert sorted(ExperienceAnswer.objects.values_list("respondent", flat=True)) == ["child", "guardian"]


def test_at_the_closing_of_a_closed_plan(world, plan, client):
    plan.status, plan.ended_on, plan.closing_reason = Status.CLOSED, timezone.localdate(), "goals_met"
    plan.save()
    c = family_client(client, guardian_account(world.gun))
    assert 'value="closing"' in page(c, world.elin)
    answer(c, world.elin, plan, "closing")
    again = answer(c, world.elin, plan, "closing")
    assert "frågorna om när planen avslutades" in c.get(again["Location"]).content.decode()
    assert ExperienceAnswer.objects.get().occasion == "closing"


@pytest.mark.parametrize(
    "occasion,answers",
    [
        ("closing", {}),  # the plan is not closed
        ("meeting-coming", {}),  # the meeting has not been held
        ("nonsense", {}),
        ("held", {"listened_to": "kanske"}),
        ("held", {"knows_whom_to_call": ""}),
    ],
)
def test_bad_input_is_told_and_nothing_is_saved(world, plan, client, occasion, answers):
    occasion = {"held": f"meeting-{plan.held.pk}", "meeting-coming": f"meeting-{plan.coming.pk}"}.get(
        occasion, occasion
    )
    c = family_client(client, guardian_account(world.gun))
    response = answer(c, world.elin, plan, occasion, **answers)
    assert response.status_code == 302
    assert "message--error" in c.get(response["Location"]).content.decode()
    assert not ExperienceAnswer.objects.exists()


def test_a_parent_without_custody_and_a_young_person_under_the_age_cannot_answer(world, plan, client, settings):
    from lots.people.tests.factories import RelationshipFactory

    rel = RelationshipFactory(child=world.elin, without_custody=True)
    occasion = f"meeting-{plan.held.pk}"
    assert answer(family_client(client, guardian_account(rel.person)), world.elin, plan, occasion).status_code == 404
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 99
    assert answer(family_client(client, own_account(world.elin)), world.elin, plan, occasion).status_code == 404
    assert not ExperienceAnswer.objects.exists()


def test_another_childs_plan_is_404(world, plan, client):
    other = elins_sip(world, status=Status.ESTABLISHED, consent=None)
    other.child = world.saga
    other.save(update_fields=["child"])
    held = SipMeetingFactory(sip=other, held=True)
    response = answer(family_client(client, guardian_account(world.gun)), world.elin, other, f"meeting-{held.pk}")
    assert response.status_code == 404
    assert not ExperienceAnswer.objects.exists()


def test_staff_see_the_familys_answer_on_the_plan(world, plan, client, signed_in):
    answer(family_client(client, guardian_account(world.gun)), world.elin, plan, f"meeting-{plan.held.pk}")
    client.logout()
    shown = signed_in(world.kim).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Besvarad i familjevyn" in shown and "En vårdnadshavare" in shown
