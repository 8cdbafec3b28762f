"""The plans pages: what each viewer sees, what is withheld and why, forms that refuse and keep text."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.plans.models import Sip, SipAction, SipGoal, Status
from lots.plans.tests.factories import (
    SipActionFactory,
    SipCostShareFactory,
    SipGoalFactory,
    SipInviteeFactory,
    SipMeetingFactory,
    SipMinutesFactory,
    agreement,
    elins_sip,
    lead_by,
)

pytestmark = pytest.mark.django_db


def _content(world, sip):
    """What each agency wrote: Kim (school) a goal, Bo (BUP) and Sam (social services) an action."""
    SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim, text="Skolans mål: närvaro")
    SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo, what="BUP:s insats: utredning")
    SipActionFactory(sip=sip, owner_agency=world.social, written_by=world.sam, what="Socialtjänstens insats")


def test_the_plan_page_shows_every_agencys_content_under_the_consent(world, signed_in):
    sip = elins_sip(world, established=True)
    _content(world, sip)
    body = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert "SIP för Elin Berg" in body
    assert "BUP:s insats: utredning" in body and "Socialtjänstens insats" in body
    assert "visas inte för dig" not in body
    rows = AuditEntry.objects.filter(user_id=world.kim.pk, action="view")
    grounds = dict(rows.values_list("record_type", "ground").distinct())
    assert grounds["plans.sip"] == "assignment"
    assert set(rows.filter(record_type="plans.sipaction").values_list("ground", flat=True)) == {"consent"}


def test_after_withdrawal_participants_see_the_paused_plan_but_no_other_agencys_content(world, signed_in):
    sip = elins_sip(world, consent="withdrawn", paused=True)
    _content(world, sip)
    response = signed_in(world.bo).get(reverse("plans:detail", args=[sip.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pausad" in body and "samtycket som den vilade på har återkallats" in body
    assert "BUP:s insats: utredning" in body, "Bo sees what BUP wrote"
    assert "Skolans mål" not in body and "Socialtjänstens insats" not in body
    assert sip.reason not in body, "why the school asked is the school's"
    assert "visas inte för dig" in body and "Utbildning (Testby kommun)" in body, "says what is withheld and why"
    assert AuditEntry.objects.filter(user_id=world.bo.pk, record_type="plans.sip", ground="sip_participant").exists()


def test_a_consent_that_leaves_out_an_agency_explains_that_it_is_needed(world, signed_in):
    from lots.plans.tests.factories import sip_consent

    sip = elins_sip(world, consent=None, consent_obtained=True)
    sip_consent(world, sip, agencies=[world.school, world.social])
    _content(world, sip)
    body = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert "Socialtjänstens insats" in body and "BUP:s insats" not in body
    assert "omfattar BUP (Region Testland)" in body


def test_free_text_is_shown_escaped(world, signed_in):
    sip = elins_sip(world)
    SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim, text="<script>alert(1)</script>")
    body = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_requesting_from_the_childs_page(world, signed_in):
    agreement(world)
    client = signed_in(world.kim)
    child_page = client.get(reverse("people:child", args=[world.elin.pk])).content.decode()
    assert reverse("plans:request", args=[world.elin.pk]) in child_page
    form = client.get(reverse("plans:request", args=[world.elin.pk]))
    token = form.context["form"]["submission_key"].value()
    data = {"reason": "Elins frånvaro ökar.", "submission_key": token}
    first = client.post(reverse("plans:request", args=[world.elin.pk]), data)
    again = client.post(reverse("plans:request", args=[world.elin.pk]), data)
    sip = Sip.objects.get()
    assert first.url == again.url == reverse("plans:detail", args=[sip.pk])
    assert "Registrera samtycket" in client.get(first.url).content.decode()


def test_a_school_without_agreement_is_told_why(world, signed_in):
    response = signed_in(world.kim).post(
        reverse("plans:request", args=[world.elin.pk]),
        {"reason": "Frånvaro", "submission_key": "6f1e0b5e0d8c4a8e9a433f2b8d9d6a11"},
    )
    assert response.status_code == 400
    assert "överenskommelse" in response.content.decode()
    assert not Sip.objects.exists()


def test_recording_the_consent_from_the_plan(world, signed_in):
    sip = elins_sip(world, consent=None)
    response = signed_in(world.kim).post(
        reverse("plans:consent", args=[sip.pk]),
        {
            "agencies": [world.school.pk, world.social.pk, world.bup.pk],
            "information_kinds": ["1"],
            "form": "signed_paper",
            "guardians": [world.gun.pk, world.gert.pk],
        },
    )
    assert response.status_code == 302
    sip.refresh_from_db()
    assert sip.status == Status.CONSENT_OBTAINED


def test_a_double_submitted_consent_from_the_plan_records_one_consent(world, signed_in):
    from lots.access.models import Consent
    from lots.plans.models import SipEvent

    sip = elins_sip(world, consent=None)
    client = signed_in(world.kim)
    key = client.get(reverse("plans:consent", args=[sip.pk])).context["form"]["submission_key"].value()
    answers = {"agencies": [world.school.pk, world.social.pk], "information_kinds": ["1"], "form": "signed_paper"}
    answers.update(guardians=[world.gun.pk, world.gert.pk], submission_key=key)
    first, again = (client.post(reverse("plans:consent", args=[sip.pk]), answers) for _ in range(2))
    assert first.status_code == again.status_code == 302
    assert Consent.objects.filter(reference_id=sip.pk).count() == 1
    assert SipEvent.objects.filter(sip=sip, kind="consent_recorded").count() == 1


def test_inviting_from_another_principal_gives_need_to_know_and_a_notification(world, signed_in):
    sip = elins_sip(world)
    client = signed_in(world.kim)
    page = client.get(reverse("plans:participant_new", args=[sip.pk])).content.decode()
    assert "Berit Bupsdotter" in page
    berit = world.membership(world.berit)
    response = client.post(
        reverse("plans:participant_new", args=[sip.pk]),
        {"form": "staff", "staff-membership": berit.pk, "staff-has_mandate": "on", "staff-role_text": "Läkare"},
    )
    assert response.status_code == 302
    assert sip.participants.filter(user=world.berit, has_mandate=True).exists()
    assert world.berit.notifications.filter(kind="plans.invited").exists()
    assert signed_in(world.berit).get(reverse("plans:detail", args=[sip.pk])).status_code == 200


def test_adding_the_guardian_and_the_child(world, signed_in):
    sip = elins_sip(world)
    client = signed_in(world.kim)
    response = client.post(
        reverse("plans:participant_new", args=[sip.pk]),
        {"form": "person", "person-kind": "guardian", "person-name": "Gun Berg", "person-role_text": "Mamma"},
    )
    assert response.status_code == 302
    bad = client.post(reverse("plans:participant_new", args=[sip.pk]), {"form": "person", "person-kind": "guardian"})
    assert bad.status_code == 400


def test_calling_a_meeting_and_the_calendar_file(world, signed_in):
    from icalendar import Calendar

    sip = elins_sip(world)
    client = signed_in(world.kim)
    form = client.get(reverse("plans:meeting_new", args=[sip.pk]))
    day = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        reverse("plans:meeting_new", args=[sip.pk]),
        {
            "submission_key": form.context["form"]["submission_key"].value(),
            "day": day.isoformat(),
            "start": "09:00",
            "end": "10:30",
            "place": "Åsens skola, rum 12",
            "invitees": [sip.kim.pk, sip.bo.pk, sip.sam.pk],
        },
    )
    assert response.status_code == 302
    meeting = sip.meetings.get()
    ics = signed_in(world.bo).get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "SIP-möte"
    assert str(event["UID"]) == meeting.uid
    assert "Elin" not in ics.content.decode() and "Berg" not in ics.content.decode()
    assert AuditEntry.objects.filter(user_id=world.bo.pk, action="export", record_type="plans.sipmeeting").exists()
    assert signed_in(world.mona).get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk])).status_code == 404


def test_a_moved_meeting_replaces_the_event_and_a_cancelled_one_removes_it(world, signed_in):
    from icalendar import Calendar

    sip = elins_sip(world, meeting_called=True)
    meeting = SipMeetingFactory(sip=sip)
    SipInviteeFactory(meeting=meeting, participant=sip.bo)
    client = signed_in(world.kim)
    local = timezone.localtime(meeting.starts_at) + dt.timedelta(days=1)
    client.post(
        reverse("plans:meeting_edit", args=[sip.pk, meeting.pk]),
        {
            "version": meeting.version,
            "day": local.date().isoformat(),
            "start": "13:00",
            "end": "14:00",
            "place": "Rum Ek",
            "invitees": [sip.bo.pk],
        },
    )
    moved = Calendar.from_ical(signed_in(world.bo).get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk])).content)
    assert (str(moved["METHOD"]), int(moved.walk("VEVENT")[0]["SEQUENCE"])) == ("REQUEST", 1)
    kim = signed_in(world.kim)
    asked = kim.post(reverse("plans:meeting_cancel", args=[sip.pk, meeting.pk]))
    assert asked.status_code == 200 and "Ställa in mötet?" in asked.content.decode(), "it asks first"
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    done = kim.post(reverse("plans:meeting_cancel", args=[sip.pk, meeting.pk]), {"confirmed": "yes"}, follow=True)
    assert "Mötet är inställt" in done.content.decode()
    gone = Calendar.from_ical(signed_in(world.bo).get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk])).content)
    assert (str(gone["METHOD"]), int(gone.walk("VEVENT")[0]["SEQUENCE"])) == ("CANCEL", 2)
    assert str(gone.walk("VEVENT")[0]["UID"]) == meeting.uid


def test_a_protected_childs_meeting_place_never_leaves_lots(world, signed_in):
    from lots.access.tests.factories import AssignmentFactory
    from lots.plans.tests.factories import SipFactory, SipParticipantFactory, sip_consent

    agreement(world)
    AssignmentFactory(user=world.bo, unit=world.bup_unit, child=world.saga)
    sip = SipFactory(child=world.saga, requesting_agency=world.school, requested_by=world.kim, consent_obtained=True)
    SipParticipantFactory(sip=sip, user=world.kim, unit=world.school_unit, agency=world.school)
    bo = SipParticipantFactory(sip=sip, user=world.bo, unit=world.bup_unit, agency=world.bup)
    sip_consent(world, sip)
    meeting = SipMeetingFactory(sip=sip, place="Testskolan, rum 3")
    SipInviteeFactory(meeting=meeting, participant=bo)
    page = signed_in(world.bo).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert "Testskolan" not in page and "Skyddad identitet" in page
    ics = signed_in(world.bo).get(reverse("plans:meeting_ics", args=[sip.pk, meeting.pk])).content.decode()
    assert "Testskolan" not in ics and "Saga" not in ics


def test_the_pdf_is_logged_as_a_print(world, signed_in):
    sip = elins_sip(world, established=True)
    _content(world, sip)
    response = signed_in(world.kim).get(reverse("plans:pdf", args=[sip.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Elin" not in response["Content-Disposition"]
    assert AuditEntry.objects.filter(user_id=world.kim.pk, action="print", record_type="plans.sip").exists()


def test_the_pdf_template_masks_a_protected_childs_school(world, rf):
    from lots.plans.selectors import plan_page
    from lots.plans.tests.factories import SipFactory, SipParticipantFactory

    sip = SipFactory(child=world.saga, requesting_agency=world.school, requested_by=world.kim)
    SipParticipantFactory(sip=sip, user=world.kim, unit=world.school_unit, agency=world.school)
    from django.template.loader import render_to_string

    html = render_to_string(
        "plans/pdf.html", {"plan": plan_page(world.actor(world.kim), sip.pk), "printed_at": timezone.now()}
    )
    assert "Saga Nyström" in html, "Kim knows Saga"
    assert "Testskolan" not in html and "Skyddad identitet" in html, "but is not cleared for her school"


def test_the_second_save_is_refused_and_the_text_kept(world, signed_in):
    sip = elins_sip(world)
    goal = SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim)
    url = reverse("plans:goal_edit", args=[sip.pk, goal.pk])
    stale = {"version": goal.version, "area": "school", "kind": "shared_goal"}
    assert signed_in(world.mona).post(url, {**stale, "text": "Monas version"}).status_code == 302
    response = signed_in(world.kim).post(url, {**stale, "text": "Kims version"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Någon annan ändrade" in body and "Kims version" in body and "Monas version" in body
    assert SipGoal.objects.get(pk=goal.pk).text == "Monas version"
    assert response.context["form"]["version"].value() == str(goal.version + 1)


def test_another_agencys_row_cannot_be_opened_for_change(world, signed_in):
    sip = elins_sip(world)
    action = SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo)
    assert signed_in(world.kim).get(reverse("plans:action_edit", args=[sip.pk, action.pk])).status_code == 404
    assert signed_in(world.bo).get(reverse("plans:action_edit", args=[sip.pk, action.pk])).status_code == 200


def test_adding_a_jointly_financed_action(world, signed_in):
    sip = elins_sip(world)
    client = signed_in(world.sam)
    token = client.get(reverse("plans:action_new", args=[sip.pk])).context["form"]["submission_key"].value()
    data = {
        "submission_key": token,
        "what": "Placering i resursskola med behandling",
        "responsible_kind": "agency",
        "responsible_agency": world.school.pk,
        "starts_on": timezone.localdate().isoformat(),
        "cost_amount": "60000",
        "cost_period": "month",
        "share_payer_0": world.school.pk,
        "share_percent_0": "60",
        "share_payer_1": world.social.pk,
        "share_percent_1": "30",
    }
    refused = client.post(reverse("plans:action_new", args=[sip.pk]), data)
    assert refused.status_code == 400 and "100 procent (nu 90)" in refused.content.decode()
    assert not SipAction.objects.exists()
    assert client.post(reverse("plans:action_new", args=[sip.pk]), {**data, "share_percent_1": "40"}).status_code == 302
    action = SipAction.objects.get()
    assert sorted(action.cost_shares.values_list("percent", flat=True)) == [40, 60]
    assert action.owner_agency == world.social


def test_an_action_by_the_family_needs_no_agency(world, signed_in):
    sip = elins_sip(world)
    client = signed_in(world.kim)
    token = client.get(reverse("plans:action_new", args=[sip.pk])).context["form"]["submission_key"].value()
    base = {
        "submission_key": token,
        "what": "Väcka Elin i tid",
        "responsible_kind": "family",
        "starts_on": "2026-01-10",
    }
    assert client.post(reverse("plans:action_new", args=[sip.pk]), base).status_code == 400
    assert (
        client.post(
            reverse("plans:action_new", args=[sip.pk]), {**base, "responsible_other": "Föräldrarna"}
        ).status_code
        == 302
    )


def test_follow_up_page_records_each_action(world, signed_in):
    sip = elins_sip(world, established=True)
    action = SipActionFactory(sip=sip, owner_agency=world.social, written_by=world.sam)
    SipCostShareFactory(action=action)
    client = signed_in(world.sam)
    page = client.get(reverse("plans:follow_up", args=[sip.pk]))
    response = client.post(
        reverse("plans:follow_up", args=[sip.pk]),
        {
            "submission_key": page.context["form"]["submission_key"].value(),
            "version": sip.version,
            "held_on": timezone.localdate().isoformat(),
            "summary": "Det går bättre.",
            "next_follow_up_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
            f"done_{action.pk}": "yes",
            f"effect_{action.pk}": "partly",
        },
    )
    assert response.status_code == 302
    sip.refresh_from_db()
    assert sip.status == Status.FOLLOWED_UP
    assert action.reviews.get().done == "yes"


def test_recording_a_meeting_on_its_page(world, signed_in):
    sip = elins_sip(world, meeting_called=True)
    meeting = SipMeetingFactory(sip=sip, starts_at=timezone.now() - dt.timedelta(hours=1))
    SipInviteeFactory(meeting=meeting, participant=sip.kim)
    SipInviteeFactory(meeting=meeting, participant=sip.bo)
    url = reverse("plans:meeting", args=[sip.pk, meeting.pk])
    response = signed_in(world.kim).post(url, {"attended": [sip.kim.pk], "minutes": "Vi enades om planen."})
    assert response.status_code == 302
    assert "Vi enades om planen." in signed_in(world.bo).get(url).content.decode()


def test_minutes_of_another_agency_are_withheld_without_consent(world, signed_in):
    sip = elins_sip(world, consent="withdrawn", paused=True)
    meeting = SipMeetingFactory(sip=sip, held=True)
    SipMinutesFactory(meeting=meeting, owner_agency=world.social, written_by=world.sam, text="Hemligt protokoll")
    body = signed_in(world.bo).get(reverse("plans:meeting", args=[sip.pk, meeting.pk])).content.decode()
    assert "Hemligt protokoll" not in body and "visas bara med ett gällande samtycke" in body


def test_history_names_what_changed_not_what_was_written(world, signed_in):
    from lots.plans import services

    sip = elins_sip(world)
    services.add_goal(actor=world.actor(world.kim), sip=sip, area="school", kind="need", text="Hemlig text om Elin")
    body = signed_in(world.bo).get(reverse("plans:history", args=[sip.pk])).content.decode()
    assert "Kim Kuratorsson (Utbildning (Testby kommun)) lade till ett behov eller ett mål." in body
    assert "Hemlig text" not in body


def test_closing_and_cancelling_pages(world, signed_in):
    sip = elins_sip(world, established=True)
    lead_by(sip, sip.sam)  # the lead closes the plan
    client = signed_in(world.sam)
    assert client.get(reverse("plans:cancel", args=[sip.pk])).status_code == 200
    refused = client.post(reverse("plans:cancel", args=[sip.pk]), {"version": sip.version, "comment": "x"})
    assert refused.status_code == 400 and "kan inte bli" in refused.content.decode()
    closed = client.post(
        reverse("plans:close", args=[sip.pk]),
        {"version": sip.version, "closed_on": timezone.localdate().isoformat(), "reason": "goals_met"},
    )
    assert closed.status_code == 302
    sip.refresh_from_db()
    assert sip.status == Status.CLOSED


def test_removing_a_participant_asks_first_and_then_says_what_it_did(world, signed_in):
    sip = elins_sip(world)
    client = signed_in(world.kim)
    url = reverse("plans:participant_change", args=[sip.pk, sip.bo.pk])
    asked = client.post(url, {"remove": "1"})
    body = asked.content.decode()
    assert asked.status_code == 200 and "Ta bort Bo Bupsson från planen?" in body
    assert 'name="remove" value="1"' in body and 'name="confirmed" value="yes"' in body
    sip.bo.refresh_from_db()
    assert sip.bo.removed_at is None, "nothing happens before it is confirmed"
    done = client.post(url, {"remove": "1", "confirmed": "yes"}, follow=True)
    sip.bo.refresh_from_db()
    assert sip.bo.removed_at is not None and "Borttagen ur planen." in done.content.decode()
