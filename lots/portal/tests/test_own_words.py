"""The family's own words: written in the family view (custody and age rules hold for writing
too), saved by the plans app, logged, escaped, and shown to staff marked as the family's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.plans.models import FamilyWords, Status
from lots.plans.tests.factories import SipMeetingFactory, elins_sip
from lots.portal.tests.factories import family_client, guardian_account, own_account

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script> Jag vill ha lugn i klassrummet"


@pytest.fixture
def plan(world):
    sip = elins_sip(world, status=Status.ESTABLISHED)
    start = timezone.now() + dt.timedelta(days=7)
    sip.meeting = SipMeetingFactory(sip=sip, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    return sip


def write(client, child, sip, *, kind="before", text=SCRIPT):
    return client.post(reverse("portal:write_words", args=[child.pk, sip.pk]), {"kind": kind, "text": text})


def test_a_guardian_writes_the_childs_wishes_before_the_meeting(world, plan, client, django_assert_max_num_queries):
    account = guardian_account(world.gun)
    c = family_client(client, account)
    with django_assert_max_num_queries(25):
        response = write(c, world.elin, plan)
    assert response.status_code == 302
    words = FamilyWords.objects.get()
    assert (words.sip, words.kind, words.meeting, words.written_by) == (plan, "before", plan.meeting, account.user)
    assert not words.by_the_young_person
    entry = AuditEntry.objects.filter(user_id=account.user.pk, action="create").latest("pk")
    assert entry.ground == "family_guardian" and str(entry.record_id) == str(plan.pk)
    page = c.get(reverse("portal:child", args=[world.elin.pk])).content.decode()
    assert "Jag vill ha lugn i klassrummet" in page and "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_staff_see_them_on_the_plan_as_the_familys_own_words(world, plan, client, signed_in):
    write(family_client(client, guardian_account(world.gun)), world.elin, plan, kind="after", text="Bra möte")
    client.logout()
    page = signed_in(world.kim).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Med familjens egna ord" in page
    assert "Bra möte" in page and "Kommentarer efter mötet" in page


def test_a_parent_without_custody_cannot_write(world, plan, client):
    from lots.people.tests.factories import RelationshipFactory

    rel = RelationshipFactory(child=world.elin, without_custody=True)
    response = write(family_client(client, guardian_account(rel.person)), world.elin, plan)
    assert response.status_code == 404
    assert not FamilyWords.objects.exists()


def test_the_young_person_writes_from_the_age_the_municipality_sets(world, plan, client, settings):
    c = family_client(client, own_account(world.elin))
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 99
    assert write(c, world.elin, plan).status_code == 404
    assert not FamilyWords.objects.exists()
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 0
    assert write(c, world.elin, plan).status_code == 302
    assert FamilyWords.objects.get().by_the_young_person


def test_another_childs_plan_is_404(world, plan, client):
    other = elins_sip(world, status=Status.ESTABLISHED, consent=None)
    other.child = world.saga
    other.save(update_fields=["child"])
    response = write(family_client(client, guardian_account(world.gun)), world.elin, other)
    assert response.status_code == 404
    assert not FamilyWords.objects.exists()


@pytest.mark.parametrize("kind,text", [("before", "   "), ("other", "Hej"), ("after", "x" * 2001)])
def test_bad_input_is_told_and_nothing_is_saved(world, plan, client, kind, text):
    c = family_client(client, guardian_account(world.gun))
    response = write(c, world.elin, plan, kind=kind, text=text)
    assert response.status_code == 400
    assert not FamilyWords.objects.exists()
    assert 'class="error-summary"' in response.content.decode()


def test_the_same_form_sent_twice_saves_the_words_once(world, plan, client):
    account = guardian_account(world.gun)
    c = family_client(client, account)
    page = c.get(reverse("portal:child", args=[world.elin.pk])).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    url = reverse("portal:write_words", args=[world.elin.pk, plan.pk])
    for _twice in range(2):
        assert c.post(url, {"kind": "before", "text": "Lugn", "submission_key": key}).status_code == 302
    assert FamilyWords.objects.count() == 1
    assert AuditEntry.objects.filter(user_id=account.user.pk, action="create").count() == 1
    c.post(url, {"kind": "before", "text": "Lugn igen", "submission_key": "x"})  # a damaged form
    assert FamilyWords.objects.count() == 1


def test_text_that_cannot_be_saved_is_kept_with_the_reason_beside_it(world, plan, client):
    c = family_client(client, guardian_account(world.gun))
    url = reverse("portal:write_words", args=[world.elin.pk, plan.pk])
    typed = "Jag vill <b>inte</b> byta skola. " * 80  # over the limit
    response = c.post(url, {"kind": "after", "text": typed})
    page = response.content.decode()
    assert response.status_code == 400 and not FamilyWords.objects.exists()
    assert "Jag vill &lt;b&gt;inte&lt;/b&gt; byta skola." in page, "what was typed is still there, escaped"
    assert 'value="after" checked' in page and "Skriv högst" in page
    assert f'href="#words-{plan.pk}"' in page and 'aria-invalid="true"' in page
