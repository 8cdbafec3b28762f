"""Concern reports: filing one, and each step reception records.

The report is saved before anything else happens; notifications are sent after the commit and a
failure there is logged, never undoing the report. A double click with the same submission key
gives back the report already filed (`lots.core.idempotency`). Every step checks the policy, the
transition table and the report's version (two people acting on the same report at once: the
second is refused).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import assignments as access_assignments
from lots.access import policy
from lots.access.models import AssignmentSource
from lots.audit.models import Action
from lots.children import services as children_services
from lots.core.idempotency import Once, once, saved
from lots.intake import deadlines
from lots.intake.models import (
    ConcernReport,
    GuardiansInformed,
    ProtectionOutcome,
    ReporterKind,
    ReportEvent,
    ReportStatus,
    Violence,
)
from lots.intake.policies import RECEPTION_GROUNDS, REPORTER
from lots.intake.workflow import REPORT_TRANSITIONS
from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Unit
from lots.organisations.roles import Role
from lots.people import selectors as people_selectors
from lots.people.identity import IdentityNumber
from lots.people.models import Child

MAX_TEXT = 10_000
DUTY_TO_REPORT = "duty_to_report"

_REPORTER_KIND_BY_UNIT: dict[str, str] = {
    Unit.Kind.PRESCHOOL: ReporterKind.PRESCHOOL,
    Unit.Kind.SCHOOL: ReporterKind.SCHOOL,
    Unit.Kind.RESOURCE_SCHOOL: ReporterKind.SCHOOL,
}
_REPORTER_KIND_BY_AGENCY: dict[str, str] = {
    Agency.Kind.SCHOOL: ReporterKind.SCHOOL,
    Agency.Kind.HEALTH_CARE: ReporterKind.HEALTH_CARE,
    Agency.Kind.SOCIAL_SERVICES: ReporterKind.SOCIAL_SERVICES,
    Agency.Kind.CARE: ReporterKind.SOCIAL_SERVICES,
    Agency.Kind.OTHER: ReporterKind.OTHER,
}


def reporter_kind_for(unit: Unit | None) -> str:
    if unit is None:
        return ReporterKind.OTHER
    return _REPORTER_KIND_BY_UNIT.get(unit.kind) or _REPORTER_KIND_BY_AGENCY.get(unit.agency.kind, ReporterKind.OTHER)


def reception_unit_of(agency: Agency) -> Unit | None:
    return Unit.objects.filter(agency=agency, kind=Unit.Kind.SOCIAL_SERVICES_RECEPTION).order_by("pk").first()


def reception_staff(unit_id: int, *, managers_only: bool = False):
    """Who at a reception unit is told: its social workers, or only its managers."""
    roles = [Role.UNIT_MANAGER] if managers_only else [Role.SOCIAL_WORKER_INTAKE, Role.UNIT_MANAGER]
    memberships = Membership.objects.current().filter(unit_id=unit_id, role__in=roles).select_related("user")
    return [m.user for m in memberships]


def _refresh_deadline(report: ConcernReport) -> None:
    upcoming = deadlines.next_open(deadlines.report_deadlines(report))
    report.next_deadline_on = upcoming.due if upcoming else None
    report.next_deadline_rule = upcoming.rule.key if upcoming else ""


def _event(report, kind, actor, *, from_status="", note="") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        by=actor.user if actor else None,
        from_status=from_status,
        to_status=report.status if from_status else "",
        note=note,
    )


def _text(errors: dict, field: str, value: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = message
    elif len(value) > MAX_TEXT:
        errors[field] = _("The text is too long: at most %(n)s characters.") % {"n": MAX_TEXT}
    return value


@transaction.atomic
def file_report(
    *,
    actor: Actor,
    receiving_agency: Agency,
    submission_key: str,
    observed: str,
    observed_on: dt.date | None,
    violence: str,
    guardians_informed: str,
    guardians_not_informed_reason: str = "",
    child: Child | None = None,
    identity_number: IdentityNumber | None = None,
    child_name: str = "",
    child_details: str = "",
    reporter_name: str,
    reporter_phone: str = "",
    reporter_email: str = "",
    feedback_requested: bool = True,
) -> Once[ConcernReport]:
    """A professional reports a concern about a child to social services (SoL 19 kap. 1 §); the
    same submission key again is the report already filed (`created` False)."""
    if actor.membership is None:
        raise ValidationError(_("You need a current role to file a concern report."))
    key = (submission_key or "").strip()
    if not key:
        raise ValidationError(_("The form has expired; open it again."))

    errors: dict[str, str] = {}
    if receiving_agency is None or receiving_agency.kind != Agency.Kind.SOCIAL_SERVICES:
        errors["receiving_agency"] = _("Choose the social services the report is sent to.")
    reception = reception_unit_of(receiving_agency) if receiving_agency is not None else None
    if receiving_agency is not None and "receiving_agency" not in errors and reception is None:
        errors["receiving_agency"] = _("That social services has no reception in Lots; report by telephone.")
    observed = _text(errors, "observed", observed, _("Describe what you have seen or heard."))
    if observed_on is None:
        errors["observed_on"] = _("Say when it happened (an approximate day will do).")
    elif observed_on > timezone.localdate():
        errors["observed_on"] = _("The day cannot be in the future.")
    if violence not in Violence.values:
        errors["violence"] = _("Say whether the concern is about violence.")
    if guardians_informed not in GuardiansInformed.values:
        errors["guardians_informed"] = _("Say whether the guardians have been told.")
    reason = _text(
        errors,
        "guardians_not_informed_reason",
        guardians_not_informed_reason,
        _("Say why the guardians have not been told."),
        required=guardians_informed == GuardiansInformed.NO,
    )
    child_name = _text(errors, "child_name", child_name, "", required=False)[:200]
    child_details = _text(errors, "child_details", child_details, "", required=False)
    if child is None and identity_number is None and not child_name:
        errors["child_name"] = _("Give the child's name or identity number, or as much as you know.")
    if child is not None and policy.can(actor, "view", child) is None:
        errors["child"] = _("Choose one of your children, or give the identity number.")
    reporter_name = _text(errors, "reporter_name", reporter_name, _("Give your name."))[:200]
    if not (reporter_phone or "").strip() and not (reporter_email or "").strip():
        errors["reporter_phone"] = _(
            "Give a telephone number or an e-mail address so that social services can reach you."
        )
    if errors:
        raise ValidationError(errors)
    assert observed_on is not None and reception is not None  # the checks above refuse a report without them

    if child is None and identity_number is not None:
        found = people_selectors.child_id_for_number(identity_number)
        child = Child.objects.get(pk=found) if found else None
    unit = actor.membership.unit
    # The report keeps what the reporter wrote, and nothing the registry knows: a child found by
    # number or chosen from a list is linked (reception reads it through the policy), but its name
    # and number are never copied into what the reporter gave.
    report = ConcernReport(
        receiving_agency=receiving_agency,
        receiving_unit=reception,
        child=child,
        child_name_given=child_name,
        child_number_given=identity_number.digits if identity_number else "",
        child_details_given=child_details,
        reporter=actor.user,
        reporter_unit=unit,
        reporter_kind=reporter_kind_for(unit),
        reporter_name=reporter_name,
        reporter_phone=(reporter_phone or "").strip()[:40],
        reporter_email=(reporter_email or "").strip()[:254],
        observed=observed,
        observed_on=observed_on,
        violence=violence,
        guardians_informed=guardians_informed,
        guardians_not_informed_reason=reason if guardians_informed == GuardiansInformed.NO else "",
        feedback_requested=feedback_requested,
    )
    _refresh_deadline(report)
    filed = once(ConcernReport, user_id=actor.user.pk, scope="intake.report", key=key, create=lambda: saved(report))
    if not filed.created:
        return filed  # a double click: the report is already filed
    _event(report, ReportEvent.Kind.RECEIVED, actor)
    policy.log_access(actor, Action.CREATE, [report], ground=DUTY_TO_REPORT)
    notify_after_commit(
        recipients=reception_staff(reception.pk),
        kind="intake.report_received",
        url=reverse("intake:report", args=[report.pk]),
        dedupe_key=f"report-{report.pk}-received",
    )
    return filed


class _Held(NamedTuple):
    """A report locked for a change, and the ground the actor changes it on (for the log)."""

    report: ConcernReport
    ground: str


def _for_change(actor: Actor, report_id: int, version: int | None) -> _Held:
    """The report, locked, if the actor works on it at reception; refused if changed meanwhile."""
    report = ConcernReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise policy.Denied()
    ground = policy.can(actor, "change", report)
    if ground is None or ground not in RECEPTION_GROUNDS:
        audit_denied(actor, report)
    if version is not None and version != report.version:
        raise ValidationError(
            _("Someone else has changed the report since you opened it. Reload the page and try again.")
        )
    return _Held(report, ground)


def audit_denied(actor: Actor, report: ConcernReport) -> NoReturn:
    from lots.audit import services as audit

    audit.note_denied(actor, "intake.concernreport", str(report.pk))
    raise policy.Denied()


def _save(actor: Actor, report: ConcernReport, fields: list[str], detail: str, *, ground: str) -> None:
    report.version += 1
    _refresh_deadline(report)
    report.save(update_fields=[*fields, "version", "next_deadline_on", "next_deadline_rule"])
    policy.log_access(actor, Action.CHANGE, [report], detail=detail, ground=ground)


def _transition(report: ConcernReport, to: str) -> str:
    allowed = REPORT_TRANSITIONS.get(report.status, frozenset())
    if to not in allowed:
        raise ValidationError(
            {
                "outcome": _("The report is %(status)s; that step is not possible now.")
                % {"status": report.get_status_display().lower()}
            }
        )
    before, report.status = report.status, to
    return before


@transaction.atomic
def record_protection_assessment(
    *, actor: Actor, report_id: int, outcome: str, note: str, version: int | None = None
) -> ConcernReport:
    """The protection assessment, made at once (SoL 20 kap. 1 §): by whom, when, outcome."""
    report, ground = _for_change(actor, report_id, version)
    if report.protection_assessed_at is not None:
        raise ValidationError({"outcome": _("The protection assessment is already recorded.")})
    errors: dict[str, str] = {}
    if outcome not in ProtectionOutcome.values:
        errors["outcome"] = _("Choose the outcome of the protection assessment.")
    note = _text(errors, "note", note, _("Write down the protection assessment."))
    if errors:
        raise ValidationError(errors)
    report.protection_assessed_at = timezone.now()
    report.protection_assessed_by = actor.user
    report.protection_outcome = outcome
    report.protection_note = note
    _save(
        actor,
        report,
        ["protection_assessed_at", "protection_assessed_by", "protection_outcome", "protection_note"],
        "protection assessment",
        ground=ground,
    )
    _event(report, ReportEvent.Kind.PROTECTION_ASSESSED, actor, note=report.get_protection_outcome_display())
    return report


@transaction.atomic
def decide(
    *,
    actor: Actor,
    report_id: int,
    outcome: str,
    reason: str,
    investigation_reference: str = "",
    version: int | None = None,
    investigator=None,
) -> ConcernReport:
    """Open an investigation, open none, or note that one is already under way (SoL 20 kap. 2 §).

    A report about violence against the child, or violence the child witnessed, is investigated
    without a preliminary assessment: it cannot end in "no investigation". Opening one assigns the
    investigating social worker (`investigator`, of the actor's agency; by default the one who
    decides) to the child: the work itself gives need to know (access.assignments, issue 21)."""
    report, ground = _for_change(actor, report_id, version)
    if report.protection_assessed_at is None:
        raise ValidationError({"outcome": _("Record the protection assessment first.")})
    errors: dict[str, str] = {}
    if outcome not in (ReportStatus.INVESTIGATION_OPENED, ReportStatus.NOT_OPENED, ReportStatus.ALREADY_ONGOING):
        errors["outcome"] = _("Choose the decision.")
    elif outcome == ReportStatus.NOT_OPENED and report.concerns_violence:
        errors["outcome"] = _(
            "The report concerns violence against the child or violence the child has witnessed: "
            "an investigation is opened without a preliminary assessment."
        )
    reason = _text(
        errors, "reason", reason, _("Give the reason for the decision."), required=not report.concerns_violence
    )
    if errors:
        raise ValidationError(errors)
    before = _transition(report, outcome)
    now = timezone.now()
    report.decided_at = now
    report.decided_by = actor.user
    report.decision_reason = reason
    report.investigation_reference = (investigation_reference or "").strip()[:100]
    if outcome == ReportStatus.INVESTIGATION_OPENED:
        report.decision_ground = (
            deadlines.VIOLENCE_GROUND if report.concerns_violence else deadlines.rule(deadlines.DECISION).law
        )
        report.investigation_due_on = deadlines.rule(deadlines.INVESTIGATION).due(now)
    else:
        report.decision_ground = deadlines.rule(deadlines.DECISION).law
    _save(
        actor,
        report,
        [
            "status",
            "decided_at",
            "decided_by",
            "decision_reason",
            "decision_ground",
            "investigation_reference",
            "investigation_due_on",
        ],
        f"decision: {outcome}",
        ground=ground,
    )
    _event(report, ReportEvent.Kind.DECIDED, actor, from_status=before, note=reason)
    if outcome == ReportStatus.INVESTIGATION_OPENED and report.child is not None:
        made = access_assignments.assign_by_work(
            actor=actor, user=investigator or actor.user, child=report.child, source=AssignmentSource.INVESTIGATION
        )
        if made is None and investigator is not None:
            raise ValidationError({"investigator": _("The investigator must work with children in your agency.")})
    return report


@transaction.atomic
def extend_investigation(
    *, actor: Actor, report_id: int, until: dt.date | None, reason: str, version: int | None = None
) -> ConcernReport:
    """A decision to extend the investigation, for special reasons (SoL 20 kap. 3 §)."""
    report, ground = _for_change(actor, report_id, version)
    if report.status != ReportStatus.INVESTIGATION_OPENED:
        raise ValidationError({"until": _("Only an open investigation can be extended.")})
    errors: dict[str, str] = {}
    if until is None or (report.investigation_due_on and until <= report.investigation_due_on):
        errors["until"] = _("The new day must be later than the current one.")
    reason = _text(errors, "reason", reason, _("Give the special reasons for the extension."))
    if errors:
        raise ValidationError(errors)
    previous = report.investigation_due_on
    report.investigation_due_on = until
    report.investigation_extension_reason = reason
    _save(
        actor,
        report,
        ["investigation_due_on", "investigation_extension_reason"],
        "investigation extended",
        ground=ground,
    )
    _event(report, ReportEvent.Kind.EXTENDED, actor, note=f"{previous} → {until}: {reason}")
    return report


@transaction.atomic
def conclude_investigation(*, actor: Actor, report_id: int, version: int | None = None) -> ConcernReport:
    report, ground = _for_change(actor, report_id, version)
    before = _transition(report, ReportStatus.INVESTIGATION_CONCLUDED)
    report.investigation_concluded_at = timezone.now()
    _save(actor, report, ["status", "investigation_concluded_at"], "investigation concluded", ground=ground)
    _event(report, ReportEvent.Kind.CONCLUDED, actor, from_status=before)
    return report


@transaction.atomic
def give_feedback(*, actor: Actor, report_id: int, version: int | None = None) -> ConcernReport:
    """Tell the reporter whether an investigation was opened, not opened or is under way — and
    nothing more (SoL 19 kap. 6 §). The reporter reads it in "Mina anmälningar"."""
    report, ground = _for_change(actor, report_id, version)
    if report.decided_at is None:
        raise ValidationError(_("Feedback can be given once the decision is made."))
    if report.feedback_given_at is not None:
        raise ValidationError(_("Feedback has already been given."))
    report.feedback_given_at = timezone.now()
    _save(actor, report, ["feedback_given_at"], "feedback given", ground=ground)
    _event(report, ReportEvent.Kind.FEEDBACK_GIVEN, actor)
    notify_after_commit(
        recipients=[report.reporter],
        kind="intake.feedback",
        url=reverse("intake:my_report", args=[report.pk]),
        dedupe_key=f"report-{report.pk}-feedback",
    )
    return report


@transaction.atomic
def request_feedback(*, actor: Actor, report_id: int) -> ConcernReport:
    """The reporter asks for feedback after filing (SoL 19 kap. 6 §). Asked before the decision,
    it is due a week after the decision; asked after it, at once (`deadlines.feedback_deadline`).
    Reception is told; the reporter's own ground is the only one that may ask."""
    report = ConcernReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise policy.Denied()
    if report.reporter_id != actor.user.pk or policy.can(actor, "view", report) is None:
        audit_denied(actor, report)
    if report.feedback_given_at is not None:
        raise ValidationError(_("Social services have already given feedback on the report."))
    if report.feedback_requested:
        raise ValidationError(_("You have already asked for feedback on the report."))
    report.feedback_requested = True
    report.feedback_requested_at = timezone.now()
    _save(actor, report, ["feedback_requested", "feedback_requested_at"], "feedback requested", ground=REPORTER)
    _event(report, ReportEvent.Kind.FEEDBACK_REQUESTED, actor)
    notify_after_commit(
        recipients=reception_staff(report.receiving_unit_id),
        kind="intake.feedback_requested",
        url=reverse("intake:report", args=[report.pk]),
        dedupe_key=f"report-{report.pk}-feedback-requested",
    )
    return report


@transaction.atomic
def offer_meeting(*, actor: Actor, report_id: int, to: str, version: int | None = None) -> ConcernReport:
    """Offer a meeting to the reporter, or to the child and guardians (SoL 19 kap. 5 §)."""
    report, ground = _for_change(actor, report_id, version)
    field = {"reporter": "reporter_meeting_offered_at", "family": "family_meeting_offered_at"}.get(to)
    if field is None:
        raise ValidationError(_("Choose whom the meeting is offered to."))
    if getattr(report, field) is not None:
        raise ValidationError(_("The meeting has already been offered."))
    setattr(report, field, timezone.now())
    _save(actor, report, [field], f"meeting offered: {to}", ground=ground)
    _event(report, ReportEvent.Kind.MEETING_OFFERED, actor, note=to)
    if to == "reporter":
        notify_after_commit(
            recipients=[report.reporter],
            kind="intake.meeting_offered",
            url=reverse("intake:my_report", args=[report.pk]),
            dedupe_key=f"report-{report.pk}-meeting",
        )
    return report


@transaction.atomic
def link_child(
    *,
    actor: Actor,
    report_id: int,
    identity_number: IdentityNumber | None = None,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: dt.date | None = None,
    version: int | None = None,
) -> ConcernReport:
    """Link a report about an unknown child to the child's record; a child not yet in Lots is
    created (with a reserve number when no identity number is known)."""
    report, ground = _for_change(actor, report_id, version)
    if report.child_id is not None:
        raise ValidationError(_("The report is already linked to a child."))
    found = people_selectors.child_id_for_number(identity_number) if identity_number else None
    if found:
        child = Child.objects.get(pk=found)
    else:
        child = children_services.create_child(
            actor=actor,
            first_name=first_name,
            last_name=last_name,
            identity_number=identity_number,
            date_of_birth=date_of_birth,
            reason=f"concern report {report.pk}",
        )
    report.child = child
    _save(actor, report, ["child"], "child linked", ground=ground)
    _event(report, ReportEvent.Kind.CHILD_LINKED, actor)
    return report
