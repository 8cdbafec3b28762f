"""Feedback to the reporter (SoL 19 kap. 6 §): asked for after filing, and due at once where an
investigation was already under way or where asked for after the decision."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.access import policy
from lots.audit.models import AuditEntry
from lots.intake.models import ConcernReport, ReportEvent
from lots.intake.services import reports as services
from lots.intake.tests.factories import ConcernReportFactory
from lots.notifications.models import Notification

pytestmark = pytest.mark.django_db


def monas(world, noah, **kwargs):
    kwargs.setdefault("feedback_requested", False)
    return ConcernReportFactory(
        receiving_agency=world.social, receiving_unit=world.reception_unit, child=noah, reporter=world.mona, **kwargs
    )


def test_the_reporter_asks_before_the_decision_and_the_answer_is_due_a_week_after_it(
    world, noah, chef, django_capture_on_commit_callbacks
):
    report = monas(world, noah, assessed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_feedback(actor=world.actor(world.mona), report_id=report.pk)
    report.refresh_from_db()
    assert report.feedback_requested and report.feedback_requested_at is not None
    assert list(report.events.values_list("kind", "by__username")) == [("feedback_requested", "mona")]
    row = AuditEntry.objects.get(action="change", record_type="intake.concernreport")
    assert (row.ground, row.detail) == ("reporter", "feedback requested")
    told = Notification.objects.filter(kind="intake.feedback_requested").values_list("recipient__username", flat=True)
    assert set(told) == {"rut", "maj"}
    decided = services.decide(
        actor=world.actor(world.rut), report_id=report.pk, outcome="not_opened", reason="Stöd finns redan."
    )
    assert decided.next_deadline_rule == "feedback"
    assert (decided.next_deadline_on - timezone.localdate()).days >= 7


def test_asked_after_the_decision_the_feedback_is_due_today(world, noah):
    report = monas(world, noah, not_opened=True, received_at=timezone.now() - dt.timedelta(days=5))
    services.request_feedback(actor=world.actor(world.mona), report_id=report.pk)
    report.refresh_from_db()
    assert (report.next_deadline_rule, report.next_deadline_on) == ("feedback_at_once", timezone.localdate())


def test_an_investigation_already_under_way_makes_the_feedback_due_at_once(world, noah):
    report = monas(world, noah, assessed=True, feedback_requested=True)
    decided = services.decide(
        actor=world.actor(world.rut), report_id=report.pk, outcome="already_ongoing", reason="Utredning pågår."
    )
    assert (decided.next_deadline_rule, decided.next_deadline_on) == ("feedback_at_once", timezone.localdate())


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ({"feedback_requested": True}, "Du har redan begärt återkoppling"),
        ({"not_opened": True, "feedback_given_at": timezone.now()}, "redan gett återkoppling"),
    ],
)
def test_asking_again_or_after_the_feedback_says_so_in_swedish_and_changes_nothing(world, noah, state, words):
    report = monas(world, noah, **state)
    with pytest.raises(ValidationError) as caught:
        services.request_feedback(actor=world.actor(world.mona), report_id=report.pk)
    assert words in " ".join(caught.value.messages)
    assert ConcernReport.objects.get(pk=report.pk).version == report.version
    assert not ReportEvent.objects.filter(kind="feedback_requested").exists()


@pytest.mark.parametrize("who", ["rut", "kim", "tor"])
def test_only_the_reporter_may_ask(world, noah, who):
    report = monas(world, noah)
    with pytest.raises(policy.Denied):
        services.request_feedback(actor=world.actor(getattr(world, who)), report_id=report.pk)
    assert not ConcernReport.objects.get(pk=report.pk).feedback_requested


def test_the_reporter_asks_from_their_report_page(world, noah, signed_in):
    report = monas(world, noah)
    client = signed_in(world.mona)
    page = reverse("intake:my_report", args=[report.pk])
    assert "Begär återkoppling" in client.get(page).content.decode()
    response = client.post(page, follow=True)
    body = response.content.decode()
    assert "Du har begärt återkoppling från socialtjänsten på anmälan." in body
    assert "Begär återkoppling" not in body
    again = client.post(page)
    assert again.status_code == 400
    assert "Du har redan begärt återkoppling på anmälan." in again.content.decode()
    assert ReportEvent.objects.filter(report=report, kind="feedback_requested").count() == 1


def test_someone_else_cannot_ask_through_the_page(world, noah, signed_in):
    report = monas(world, noah)
    assert signed_in(world.kim).post(reverse("intake:my_report", args=[report.pk])).status_code == 404
    assert not ConcernReport.objects.get(pk=report.pk).feedback_requested


def test_the_migration_moves_feedback_waiting_on_an_ongoing_investigation_to_the_decision_day(world, noah):
    migration = importlib.import_module("lots.intake.migrations.0003_feedback_asked_after_filing")
    decided = timezone.now() - dt.timedelta(days=2)
    waiting = monas(world, noah, assessed=True, status="already_ongoing", decided_at=decided, feedback_requested=True)
    ConcernReport.objects.filter(pk=waiting.pk).update(next_deadline_rule="feedback")  # as the old rule left it
    given = monas(world, noah, not_opened=True, feedback_requested=True, feedback_given_at=timezone.now())
    assert migration.feedback_at_once_where_already_ongoing(apps, None) == 1
    waiting.refresh_from_db()
    assert (waiting.next_deadline_rule, waiting.next_deadline_on) == ("feedback_at_once", timezone.localdate(decided))
    assert ConcernReport.objects.get(pk=given.pk).next_deadline_rule == ""
