import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.core.testing import queries_of
from lots.intake.models import ConcernReport, ReportEvent
from lots.intake.services import reminders
from lots.intake.tests.factories import ConcernReportFactory
from lots.notifications.models import Notification
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def report_for(world, **kwargs):
    return ConcernReportFactory(receiving_agency=world.social, receiving_unit=world.reception_unit, **kwargs)


def form_data(world, child, **overrides):
    data = {
        "submission_key": uuid.uuid4().hex,
        "receiving_agency": str(world.social.pk),
        "child": str(child.pk),
        "observed": "Märken på armarna.",
        "observed_on": timezone.localdate().isoformat(),
        "violence": "subjected",
        "guardians_informed": "yes",
        "reporter_name": "Mona Mentorsson",
        "reporter_phone": "070-174 06 11",
        "feedback_requested": "on",
    }
    data.update(overrides)
    return data


def test_filing_through_the_form_and_a_double_post_makes_one_report(world, noah, signed_in):
    client = signed_in(world.mona)
    assert client.get(reverse("intake:report_new")).status_code == 200
    data = form_data(world, noah)
    first = client.post(reverse("intake:report_new"), data)
    second = client.post(reverse("intake:report_new"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ConcernReport.objects.count() == 1


def test_bad_input_in_the_form_is_shown_in_swedish_and_nothing_is_saved(world, noah, signed_in):
    response = signed_in(world.mona).post(
        reverse("intake:report_new"), form_data(world, noah, guardians_informed="no", reporter_phone="")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ange varför vårdnadshavarna inte har fått veta." in body
    assert "telefonnummer eller en e-postadress" in body
    assert not ConcernReport.objects.exists()


def test_the_queue_puts_overdue_and_violence_first_and_filters_by_status(world, signed_in):
    today = timezone.localdate()
    old = report_for(world, received_at=timezone.now() - dt.timedelta(days=20), assessed=True)
    new_violent = report_for(world, violent=True)
    new_plain = report_for(world)
    client = signed_in(world.rut)
    rows = client.get(reverse("intake:queue")).context["rows"]
    assert [r.report.pk for r in rows] == [old.pk, new_violent.pk, new_plain.pk]
    assert [r.status for r in rows] == ["overdue", "due_today", "due_today"]
    assert old.next_deadline_on < today
    overdue = client.get(reverse("intake:queue"), {"status": "overdue"}).context["rows"]
    assert [r.report.pk for r in overdue] == [old.pk]
    violent = client.get(reverse("intake:queue"), {"violence": "1"}).context["rows"]
    assert [r.report.pk for r in violent] == [new_violent.pk]
    counts = client.get(reverse("intake:queue")).context["counts"]
    assert counts == {"on_time": 0, "due_today": 2, "overdue": 1}


def test_the_queue_is_empty_for_staff_not_at_reception_and_for_another_municipality(world, signed_in):
    report_for(world)
    ConcernReportFactory()  # another municipality's social services
    for outsider in (world.sam, world.mona, world.bo):
        assert list(signed_in(outsider).get(reverse("intake:queue")).context["rows"]) == []
    assert len(signed_in(world.rut).get(reverse("intake:queue")).context["rows"]) == 1


def test_the_queue_renders_in_a_constant_number_of_queries_and_logs_each_child(world, signed_in, chef):
    client = signed_in(world.rut)
    url = reverse("intake:queue")
    report_for(world, child=world.saga)  # a protected child costs one clearance query, always one
    client.get(url)
    few = queries_of(lambda: client.get(url))
    for i in range(30):
        report_for(world, child=ChildFactory(protected=i % 10 == 0), violent=i % 3 == 0)
        report_for(world, unknown_child=True)
    many = queries_of(lambda: client.get(url))
    assert len(many) == len(few) <= 14
    listed = AuditEntry.objects.filter(action="list", user_id=world.rut.pk, record_type="intake.concernreport")
    shown = [item for row in listed for item in row.shown or ()]  # a list's row names every report shown
    alone = [row for row in listed if not row.shown]  # a protected child's row is its own
    assert len({item["child"] for item in shown if item["child"]} | {row.child_id for row in alone}) >= 20
    assert {item["ground"] for item in shown} | {row.ground for row in alone} == {"reception"}
    # the reception manager sees the same statuses from the same module
    assert signed_in(chef).get(url).context["counts"] == client.get(url).context["counts"]


def test_a_protected_child_is_masked_in_the_queue(world, signed_in):
    report_for(world, child=world.saga)
    body = signed_in(world.rut).get(reverse("intake:queue")).content.decode()
    assert "Skyddad identitet" in body and world.saga.last_name not in body


def test_reception_sees_the_reported_childs_identity_only_while_a_report_exists(world, noah, signed_in):
    client = signed_in(world.rut)
    assert client.get(reverse("people:child", args=[noah.pk])).status_code == 404
    report_for(world, child=noah)
    page = client.get(reverse("people:child", args=[noah.pk]))
    assert page.status_code == 200 and "Orosanmälningar" in page.content.decode()
    assert "Gun Berg" not in page.content.decode()
    assert signed_in(world.sam).get(reverse("people:child", args=[noah.pk])).status_code == 404


def test_the_report_page_runs_the_steps_and_refuses_a_stale_form(world, noah, signed_in):
    report = report_for(world, child=noah, violent=True)
    client = signed_in(world.rut)
    url = reverse("intake:report", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and "HSLF-FS 2022:39" in page.content.decode()
    ok = client.post(
        url,
        {
            "action": "protection",
            "protection-version": "1",
            "protection-outcome": "no_immediate_need",
            "protection-note": "Tryggt i kväll.",
        },
    )
    assert ok.status_code == 302
    stale = client.post(
        url, {"action": "decision", "decision-version": "1", "decision-outcome": "investigation_opened"}
    )
    assert stale.status_code == 400 and "Någon annan har ändrat" in stale.content.decode()
    opened = client.post(
        url, {"action": "decision", "decision-version": "2", "decision-outcome": "investigation_opened"}
    )
    assert opened.status_code == 302
    assert client.post(url, {"action": "meeting_reporter", "version": "3"}).status_code == 302
    asked = client.post(url, {"action": "feedback", "version": "4"})
    assert asked.status_code == 200 and "Ge anmälaren återkoppling?" in asked.content.decode(), "asks first"
    report.refresh_from_db()
    assert not report.feedback_given_at, "nothing given before it is confirmed"
    given = client.post(url, {"action": "feedback", "version": "4", "confirmed": "yes"}, follow=True)
    assert "Återkopplingen är given till anmälaren." in given.content.decode()
    report.refresh_from_db()
    assert report.status == "investigation_opened" and report.feedback_given_at and report.reporter_meeting_offered_at
    assert list(report.events.values_list("kind", flat=True)) == [
        "protection_assessed",
        "decided",
        "meeting_offered",
        "feedback_given",
    ]


def test_the_confirmation_keeps_the_version_that_was_seen_so_a_change_meanwhile_is_refused(world, noah, signed_in):
    report = report_for(world, child=noah, opened=True)
    client = signed_in(world.rut)
    url = reverse("intake:report", args=[report.pk])
    seen = report.version
    report.version += 1  # someone else saved the report after the page was read
    report.save(update_fields=["version"])
    asked = client.post(url, {"action": "conclude", "version": str(seen)})
    assert f'name="version" value="{seen}"' in asked.content.decode()
    refused = client.post(url, {"action": "conclude", "version": str(seen), "confirmed": "yes"})
    assert refused.status_code == 400 and "Någon annan har ändrat" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == "investigation_opened"


def test_the_daily_scan_reminds_before_and_raises_overdue_to_the_manager_once(world, chef):
    due_soon = report_for(world, assessed=True)  # decision in 14 days: not yet
    due_soon.next_deadline_on = timezone.localdate() + dt.timedelta(days=1)
    due_soon.save()
    late = report_for(world, received_at=timezone.now() - dt.timedelta(days=3))
    first = reminders.scan_deadlines()
    second = reminders.scan_deadlines()
    assert (first.reminded, first.escalated) == (1, 1)
    assert (second.reminded, second.escalated) == (0, 0)
    assert set(
        Notification.objects.filter(kind="intake.deadline_near").values_list("recipient__username", flat=True)
    ) == {"rut", "maj"}
    assert list(
        Notification.objects.filter(kind="intake.deadline_overdue").values_list("recipient__username", flat=True)
    ) == ["maj"]
    assert ReportEvent.objects.filter(report=late, kind="escalated").count() == 1
    for notification in Notification.objects.all():
        assert "Noah" not in str(notification.text) and "Lindqvist" not in notification.url
    call_command("intake_deadlines")


def test_concluding_an_investigation_asks_first_and_says_what_it_did(world, noah, signed_in):
    report = report_for(world, child=noah, opened=True)
    client = signed_in(world.rut)
    url = reverse("intake:report", args=[report.pk])
    body = client.get(url).content.decode()
    assert 'value="conclude"' in body and "data-submit-once" not in body.split('value="conclude"')[0][-200:]
    asked = client.post(url, {"action": "conclude", "version": str(report.version)})
    text = asked.content.decode()
    assert asked.status_code == 200 and "Avsluta utredningen?" in text and "Det går inte att ångra." in text
    assert 'name="confirmed" value="yes"' in text and "Nej, gå tillbaka" in text
    report.refresh_from_db()
    assert report.status == "investigation_opened" and not report.events.exists(), "nothing changed yet"
    done = client.post(url, {"action": "conclude", "version": str(report.version), "confirmed": "yes"}, follow=True)
    report.refresh_from_db()
    assert report.status == "investigation_concluded"
    page = done.content.decode()
    assert "Utredningen är avslutad." in page and "Sparat." not in page
    assert "Rut Mottagarsson avslutade utredningen." in page, "the history says it in a sentence"
