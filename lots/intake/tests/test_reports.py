import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.intake import deadlines, selectors
from lots.intake.models import ConcernReport, ReportEvent, ReportStatus
from lots.intake.services import reports as services
from lots.intake.tests.factories import ConcernReportFactory
from lots.notifications import services as notification_services
from lots.notifications.models import Notification
from lots.people.identity import make_identity_number, parse_identity_number
from lots.people.models import Child

pytestmark = pytest.mark.django_db


def filing(world, **overrides):
    """What filing a report answers: the report, and whether this submission filed it."""
    arguments = dict(
        actor=world.actor(world.mona),
        receiving_agency=world.social,
        submission_key=uuid.uuid4().hex,
        observed="Noah har blåmärken på armarna och säger att pappa slog honom i går.",
        observed_on=timezone.localdate(),
        violence="subjected",
        guardians_informed="no",
        guardians_not_informed_reason="Det är en av vårdnadshavarna som misstänks.",
        reporter_name="Mona Mentorsson",
        reporter_phone="070-174 06 11",
    )
    arguments.update(overrides)
    return services.file_report(**arguments)


def file(world, **overrides):
    return filing(world, **overrides).value


def test_a_report_is_saved_with_its_deadlines_history_and_log_and_reception_is_told(
    world, noah, chef, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = file(world, child=noah)
    assert report.receiving_unit == world.reception_unit
    assert report.reporter_kind == "school" and report.child == noah and report.child_name_given == ""
    assert report.next_deadline_rule == "protection_assessment"
    assert report.next_deadline_on == timezone.localdate()
    assert list(report.events.values_list("kind", flat=True)) == ["received"]
    row = AuditEntry.objects.get(action="create", record_type="intake.concernreport")
    assert (row.child_id, row.ground) == (noah.pk, "duty_to_report")
    told = set(Notification.objects.filter(kind="intake.report_received").values_list("recipient__username", flat=True))
    assert told == {"rut", "maj"}


def test_a_double_click_files_one_report(world, noah):
    key = uuid.uuid4().hex
    first = filing(world, child=noah, submission_key=key)
    second = filing(world, child=noah, submission_key=key, observed="Annan text")
    assert first.created and not second.created
    assert first.value.pk == second.value.pk
    assert ConcernReport.objects.count() == 1


def test_a_failing_notification_does_not_undo_the_report(world, noah, monkeypatch, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(notification_services, "notify", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = file(world, child=noah)
    assert ConcernReport.objects.filter(pk=report.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"observed": "  "}, "observed", "Beskriv"),
        ({"observed_on": None}, "observed_on", "när"),
        ({"observed_on": timezone.localdate() + dt.timedelta(days=2)}, "observed_on", "framtiden"),
        ({"violence": "kanske"}, "violence", "våld"),
        ({"guardians_not_informed_reason": ""}, "guardians_not_informed_reason", "varför"),
        ({"reporter_phone": ""}, "reporter_phone", "telefonnummer"),
        ({"child_name": ""}, "child_name", "namn"),
        ({"receiving_agency": None}, "receiving_agency", "socialtjänst"),
    ],
)
def test_bad_input_names_the_field_in_swedish_and_saves_nothing(world, overrides, field, words):
    with pytest.raises(ValidationError) as caught:
        file(world, **overrides)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert not ConcernReport.objects.exists() and not ReportEvent.objects.exists()


def test_an_unknown_child_keeps_what_is_known_and_is_linked_later_with_a_reserve_number(world):
    report = file(world, child_name="Pojke, ca 10 år", child_details="Går i åk 4 på Testskolan, heter kanske Alex")
    assert report.child is None and report.child_name_given == "Pojke, ca 10 år"
    services.link_child(
        actor=world.actor(world.rut), report_id=report.pk, first_name="Alex", last_name="Okänd", version=report.version
    )
    report.refresh_from_db()
    assert report.child.reserve_number.startswith("RES-") and report.child.identity_number is None
    assert list(report.events.values_list("kind", flat=True)) == ["received", "child_linked"]


def test_a_reported_identity_number_links_the_known_child_without_telling_the_reporter(world):
    number = parse_identity_number(world.elin.identity_number)
    report = file(world, identity_number=number, child_name="")
    assert report.child == world.elin
    view = selectors.my_report(world.actor(world.mona), report.pk)
    assert view.child_name == "" and view.child_number == world.elin.display_number


def test_reception_links_by_identity_number_and_creates_a_child_not_yet_in_lots(world):
    report = file(world, child_name="Flicka")
    number = parse_identity_number(make_identity_number(dt.date(2016, 3, 3), 981))
    services.link_child(
        actor=world.actor(world.rut), report_id=report.pk, identity_number=number, first_name="Vera", last_name="Ny"
    )
    assert Child.objects.get(identity_number=number.digits).reserve_number is None


def test_only_reception_acts_on_a_report(world, noah):
    report = file(world, child=noah)
    for outsider in (world.sam, world.mona, world.kim, world.bo):
        with pytest.raises(Http404):
            services.record_protection_assessment(
                actor=world.actor(outsider), report_id=report.pk, outcome="no_immediate_need", note="Ok"
            )


def test_a_violence_report_opens_an_investigation_without_a_preliminary_assessment(world, noah):
    rut = world.actor(world.rut)
    report = file(world, child=noah)
    with pytest.raises(ValidationError, match="skyddsbedömningen"):
        services.decide(actor=rut, report_id=report.pk, outcome="investigation_opened", reason="")
    services.record_protection_assessment(
        actor=rut, report_id=report.pk, outcome="no_immediate_need", note="Barnet är tryggt hos mamma i kväll."
    )
    with pytest.raises(ValidationError, match="utan förhandsbedömning"):
        services.decide(actor=rut, report_id=report.pk, outcome="not_opened", reason="Inget")
    report = services.decide(actor=rut, report_id=report.pk, outcome="investigation_opened", reason="")
    assert report.status == ReportStatus.INVESTIGATION_OPENED
    assert report.decision_ground == deadlines.VIOLENCE_GROUND
    assert report.investigation_due_on == deadlines.rule("investigation").due(report.decided_at)
    assert report.next_deadline_rule == "feedback"


def test_an_illegal_step_and_a_stale_version_are_refused(world, noah):
    rut = world.actor(world.rut)
    report = file(world, child=noah, violence="none")
    services.record_protection_assessment(actor=rut, report_id=report.pk, outcome="no_immediate_need", note="Ok.")
    with pytest.raises(ValidationError, match="Någon annan"):
        services.decide(actor=rut, report_id=report.pk, outcome="not_opened", reason="Inget", version=report.version)
    services.decide(actor=rut, report_id=report.pk, outcome="not_opened", reason="Familjen har redan stöd.")
    with pytest.raises(ValidationError):
        services.conclude_investigation(actor=rut, report_id=report.pk)
    with pytest.raises(ValidationError):
        services.decide(actor=rut, report_id=report.pk, outcome="investigation_opened", reason="Ny")


def test_an_extension_needs_a_later_day_and_special_reasons(world, noah):
    rut = world.actor(world.rut)
    report = ConcernReportFactory(
        receiving_agency=world.social, receiving_unit=world.reception_unit, child=noah, opened=True
    )
    report.investigation_due_on = timezone.localdate() + dt.timedelta(days=100)
    report.save()
    with pytest.raises(ValidationError) as caught:
        services.extend_investigation(actor=rut, report_id=report.pk, until=report.investigation_due_on, reason="")
    assert set(caught.value.message_dict) == {"until", "reason"}
    later = report.investigation_due_on + dt.timedelta(days=30)
    report = services.extend_investigation(
        actor=rut, report_id=report.pk, until=later, reason="Väntar på BUP:s utlåtande."
    )
    assert report.investigation_due_on == later
    services.conclude_investigation(actor=rut, report_id=report.pk)


def test_the_reporter_gets_only_the_lawful_feedback_and_never_the_assessment(
    world, noah, signed_in, django_capture_on_commit_callbacks
):
    rut = world.actor(world.rut)
    report = file(world, child=noah)
    services.record_protection_assessment(
        actor=rut, report_id=report.pk, outcome="immediate_protection", note="HEMLIG-BEDOMNING placeras jourhem"
    )
    services.decide(
        actor=rut,
        report_id=report.pk,
        outcome="investigation_opened",
        reason="HEMLIGT-SKAL",
        investigation_reference="BU-2026-1234",
    )
    services.offer_meeting(actor=rut, report_id=report.pk, to="reporter")
    client = signed_in(world.mona)
    before = client.get(f"/ingang/mina-anmalningar/{report.pk}/").content.decode()
    assert "Ingen återkoppling" in before or "inte gett återkoppling" in before
    with django_capture_on_commit_callbacks(execute=True):
        services.give_feedback(actor=rut, report_id=report.pk)
    body = client.get(f"/ingang/mina-anmalningar/{report.pk}/").content.decode()
    listing = client.get("/ingang/mina-anmalningar/").content.decode()
    assert "En utredning har inletts." in body and "En utredning har inletts." in listing
    assert "erbjuder dig ett möte" in body
    # Rut Mottagarsson decided: her name is not for the reporter ("Rut" alone is in the menu's "Rutiner").
    for secret in ("HEMLIG-BEDOMNING", "HEMLIGT-SKAL", "BU-2026-1234", "jourhem", "Skyddsbedömning", "Mottagarsson"):
        assert secret not in body and secret not in listing
    assert client.get(f"/ingang/mottagning/{report.pk}/").status_code == 404
    assert Notification.objects.filter(recipient=world.mona, kind="intake.feedback").exists()


def test_feedback_waits_for_the_decision(world, noah):
    report = file(world, child=noah)
    with pytest.raises(ValidationError, match="beslutet"):
        services.give_feedback(actor=world.actor(world.rut), report_id=report.pk)
