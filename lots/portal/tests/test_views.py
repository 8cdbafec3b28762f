"""The family view's pages: what a guardian sees, the boundary to staff pages, consent answers
and withdrawal (effective on the next request), the calendar file and who has read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.access.models import Consent
from lots.access.tests.factories import ConsentFactory, ConsentPartyFactory
from lots.audit.models import AuditEntry
from lots.plans.models import GoalKind, Status
from lots.plans.tests.factories import SipActionFactory, SipGoalFactory, SipMeetingFactory, elins_sip
from lots.portal.tests.factories import family_client, guardian_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    sip = elins_sip(world, status=Status.ESTABLISHED)
    SipGoalFactory(sip=sip, kind=GoalKind.CHILD_GOAL, text="Jag vill orka gå till skolan", owner_agency=world.school)
    SipActionFactory(sip=sip, what="Samtal varje vecka", responsible_agency=world.bup, owner_agency=world.bup)
    start = timezone.now() + dt.timedelta(days=7)
    sip.meeting = SipMeetingFactory(sip=sip, starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Rum 3")
    return sip


def test_the_guardian_sees_the_plan_in_plain_words(world, plan, client, django_assert_max_num_queries):
    c = family_client(client, guardian_account(world.gun))
    with django_assert_max_num_queries(30):
        response = c.get(reverse("portal:child", args=[world.elin.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jag vill orka gå till skolan" in body
    assert "Samtal varje vecka" in body
    assert "Rum 3" in body
    assert world.gun.street_address not in body and world.gert.street_address not in body


def test_the_page_costs_the_same_for_more_plans(world, plan, client):
    c = family_client(client, guardian_account(world.gun))
    url = reverse("portal:child", args=[world.elin.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c.get(url)  # the first request of a session sets it up (chain, session renewal)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    for _ in range(3):
        extra = elins_sip(world, status=Status.ESTABLISHED, consent=None)
        SipGoalFactory(sip=extra, owner_agency=world.school)
    with CaptureQueriesContext(connection) as four:
        c.get(url)
    assert len(four) == len(one)


def test_every_read_is_logged_with_the_family_member_as_reader(world, plan, client):
    account = guardian_account(world.gun)
    family_client(client, account).get(reverse("portal:child", args=[world.elin.pk]))
    rows = AuditEntry.objects.filter(user_id=account.user_id)
    assert rows.filter(record_type="plans.sip", record_id=str(plan.pk), ground="family_guardian").exists()
    assert (
        rows.filter(ground_id=account.pk, child_id=world.elin.pk).exists()
        or rows.filter(record_type="access.consent").exists()
    )
    assert not rows.exclude(ground__in=["family_guardian"]).exists()


def test_a_parent_without_custody_gets_404(world, plan, client):
    from lots.people.tests.factories import RelationshipFactory

    rel = RelationshipFactory(child=world.elin, without_custody=True)
    c = family_client(client, guardian_account(rel.person))
    assert c.get(reverse("portal:child", args=[world.elin.pk])).status_code == 404
    assert world.elin.first_name not in c.get(reverse("portal:home")).content.decode()


def test_family_sessions_never_reach_staff_pages(world, client):
    c = family_client(client, guardian_account(world.gun))
    for url in ("/", f"/barn/{world.elin.pk}/", "/logg/", "/sip/", "/admin/"):
        assert c.get(url).status_code == 404, url


def test_staff_never_reach_the_family_view(world, signed_in):
    c = signed_in(world.kim)
    assert c.get(reverse("portal:home")).status_code == 404
    assert c.get(reverse("portal:child", args=[world.elin.pk])).status_code == 404


def test_withdrawal_takes_effect_on_the_next_request(world, plan, client):
    account = guardian_account(world.gun)
    c = family_client(client, account)
    assert Consent.objects.active().filter(pk=plan.consent.pk).exists()
    response = c.post(reverse("portal:withdraw", args=[world.elin.pk, plan.consent.pk]))
    assert response.status_code == 302
    plan.consent.refresh_from_db()
    assert plan.consent.withdrawn_at is not None
    assert plan.consent.withdrawn_by_name == world.gun.full_name
    assert plan.consent.withdrawal_noted_by_id == account.user_id
    assert not Consent.objects.active().filter(pk=plan.consent.pk).exists()
    plan.refresh_from_db()
    assert plan.status == Status.PAUSED  # scenario 9: the plan is paused, everyone is told
    assert "pausad" in c.get(reverse("portal:child", args=[world.elin.pk])).content.decode().lower()


def test_a_consent_needing_both_guardians_waits_for_the_second(world, client):
    consent = ConsentFactory(child=world.elin, incomplete=True, agencies=[world.school, world.bup])
    ConsentPartyFactory(consent=consent, guardian=world.gun)
    page = family_client(client, guardian_account(world.gert)).get(reverse("portal:child", args=[world.elin.pk]))
    assert "Jag håller med" in page.content.decode()
    client.post(reverse("portal:answer", args=[world.elin.pk, consent.pk]), {"agrees": "yes"})
    consent.refresh_from_db()
    assert consent.effective_at is not None
    assert consent.parties.get(guardian=world.gert).agrees


def test_one_guardians_answer_does_not_make_it_effective(world, client):
    consent = ConsentFactory(child=world.elin, incomplete=True, agencies=[world.school, world.bup])
    family_client(client, guardian_account(world.gun)).post(
        reverse("portal:answer", args=[world.elin.pk, consent.pk]), {"agrees": "yes"}
    )
    consent.refresh_from_db()
    assert consent.effective_at is None
    assert consent.parties.filter(guardian=world.gun, agrees=True).exists()


def test_another_childs_consent_cannot_be_withdrawn(world, client):
    other = ConsentFactory(agencies=[world.school, world.bup])
    c = family_client(client, guardian_account(world.gun))
    assert c.post(reverse("portal:withdraw", args=[world.elin.pk, other.pk])).status_code == 404
    assert c.post(reverse("portal:withdraw", args=[other.child_id, other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.withdrawn_at is None


def test_the_meeting_as_a_calendar_file(world, plan, client):
    c = family_client(client, guardian_account(world.gun))
    response = c.get(reverse("portal:meeting_ics", args=[world.elin.pk, plan.meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and plan.meeting.uid in body
    assert world.elin.last_name not in body


def test_who_has_read_names_agency_and_role(world, plan, client, django_assert_max_num_queries):
    from lots.plans import selectors as plans

    plans.plan_page(world.actor(world.bo), plan.pk)
    c = family_client(client, guardian_account(world.gun))
    with django_assert_max_num_queries(20):
        response = c.get(reverse("portal:who_has_read", args=[world.elin.pk]))
    body = response.content.decode()
    assert "BUP" in body
    assert world.bo.last_name not in body


def test_who_has_read_names_staff_where_the_agency_allows(world, plan, client, django_assert_max_num_queries):
    from lots.plans import selectors as plans

    plans.plan_page(world.actor(world.bo), plan.pk)
    plans.plan_page(world.actor(world.kim), plan.pk)
    world.bup.names_staff_to_families = True
    world.bup.save(update_fields=["names_staff_to_families"])
    c = family_client(client, guardian_account(world.gun))
    with django_assert_max_num_queries(21):
        body = c.get(reverse("portal:who_has_read", args=[world.elin.pk])).content.decode()
    assert world.bo.get_full_name() in body, "BUP lets families see its staff's names"
    assert world.kim.last_name not in body, "the school does not (the default)"


def test_the_demo_sign_in_by_identity_number(world, client, settings):
    settings.LOTS_DEMO = True
    response = client.post(reverse("portal:sign_in"), {"identity_number": world.gun.identity_number})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get("/").status_code == 404


def test_the_demo_sign_in_is_refused_outside_a_demo(world, client, settings):
    settings.LOTS_DEMO = False
    assert client.get(reverse("portal:sign_in")).status_code == 404


def test_an_unknown_person_is_told_and_nothing_is_made(world, client, settings):
    from lots.portal.models import FamilyAccount

    settings.LOTS_DEMO = True
    response = client.post(reverse("portal:sign_in"), {"identity_number": "19121212-1212"})
    assert response.status_code == 200
    assert not FamilyAccount.objects.exists()


def test_after_the_familys_withdrawal_bup_no_longer_sees_what_social_services_shared(world, plan, client):
    """Scenario 9: from the next request, what social services wrote in the plan stays with them."""
    from lots.plans import selectors as plans

    SipGoalFactory(sip=plan, owner_agency=world.social, written_by=world.sam, text="Socialtjänstens del")

    def bo_sees():
        return [g.text for g in plans.plan_page(world.actor(world.bo), plan.pk).goals]

    assert "Socialtjänstens del" in bo_sees()
    family_client(client, guardian_account(world.gert)).post(
        reverse("portal:withdraw", args=[world.elin.pk, plan.consent.pk])
    )
    assert "Socialtjänstens del" not in bo_sees()


def test_the_plan_as_pdf_is_logged_as_a_print(world, plan, client):
    account = guardian_account(world.gun)
    response = family_client(client, account).get(reverse("portal:plan_pdf", args=[world.elin.pk, plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(user_id=account.user_id, action="print", record_id=str(plan.pk)).exists()


def test_another_childs_plan_is_not_printed(world, plan, client):
    from lots.plans.tests.factories import SipFactory

    other = SipFactory(requesting_agency=world.school, requested_by=world.kim)
    c = family_client(client, guardian_account(world.gun))
    assert c.get(reverse("portal:plan_pdf", args=[world.elin.pk, other.pk])).status_code == 404
    assert c.get(reverse("portal:plan_pdf", args=[other.child_id, other.pk])).status_code == 404
