"""Deviations (avvikelser): reports that collaboration between agencies failed, and their handling.

A deviation belongs to the agency that reported it (its secrecy domain), or, when Lots proposed
it from its own signals, to the agency concerned. It names the agencies involved (`Party`), each
handled by its nearest managers (`Party.handler_unit`, chosen when the party is added,
`routing.handler_unit_for`). It may name a child: then it is person data under the access policy,
and the child's name is shown only to those the policy lets see the child. History is appended
(`DeviationEvent`), never edited (SOSFS 2011:9: received, investigated, compiled, analysed, acted
on, documented).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MISSED_SIP = "missed_sip", _("Did not attend a SIP")
    NO_FEEDBACK = "no_feedback", _("No feedback on a concern report")
    ACTION_NOT_DELIVERED = "action_not_delivered", _("An action was not delivered")
    INFORMATION_NOT_PASSED = "information_not_passed", _("Information was not passed on")
    ROUTINE_NOT_FOLLOWED = "routine_not_followed", _("A routine was not followed")
    NO_OWNER = "no_owner", _("A child was left without an owner")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by Lots")
    OPEN = "open", _("Being handled")
    CLOSED = "closed", _("Closed")
    DISMISSED = "dismissed", _("Dismissed")


class Source(models.TextChoices):
    """Who raised it: staff, or one of Lots' own signals."""

    REPORTED = "reported", _("Reported by staff")
    REPORT_DEADLINE = "report_deadline", _("A concern report's deadline passed")
    FEEDBACK_LATE = "feedback_late", _("Feedback to a reporter was not given in time")
    SIP_FOLLOW_UP = "sip_follow_up", _("A SIP's follow-up date passed")
    SIP_ABSENCE = "sip_absence", _("An agency did not attend a SIP's meetings twice")
    STEP_UNOWNED = "step_unowned", _("A journey step was left without an owner")
    REQUEST_UNOWNED = "request_unowned", _("A request for help was left without an owner")
    CHILD_UNOWNED = "child_unowned", _("A child was left without an owner")


OPEN_STATUSES = (Status.PROPOSED, Status.OPEN)


class Deviation(models.Model):
    # Set by the access policy on the instances it reads (`policy.with_grounds`). Not a field.
    _ground: str
    _ground_id: int | None

    reporting_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("reported by agency"), on_delete=models.PROTECT, related_name="+"
    )
    reporting_unit = models.ForeignKey(
        "organisations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when Lots proposed the deviation from its own signals."),
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, default=Source.REPORTED)
    # One signal is proposed once (a dismissal is remembered): "sip-12-follow-up-20261201".
    signal_key = models.CharField(max_length=120, blank=True)
    evidence_url = models.CharField(_("evidence"), max_length=300, blank=True)
    happened_on = models.DateField(_("when it happened"))
    description = models.TextField(_("what happened"))
    consequence = models.TextField(_("the consequence for the child"), blank=True)
    child = models.ForeignKey(
        "people.Child", verbose_name=_("child"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    dismissed_reason = models.TextField(_("why it was dismissed"), blank=True)
    handling_due_on = models.DateField(_("to be handled by"), null=True, blank=True)
    overdue_raised_at = models.DateTimeField(null=True, blank=True)
    raised_at = models.DateTimeField(_("raised to the steering group"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.TextField(_("what was done"), blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        constraints = [
            models.UniqueConstraint(fields=["signal_key"], condition=~Q(signal_key=""), name="deviation_signal_once"),
            models.CheckConstraint(
                condition=Q(source="reported", reported_by__isnull=False) | (~Q(source="reported") & ~Q(signal_key="")),
                name="deviation_reporter_or_signal",
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismissed_reason=""), name="deviation_dismissed_with_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="deviation_closed_with_outcome"
            ),
        ]
        indexes = [
            models.Index(fields=["child", "status"], name="deviation_child_idx"),
            models.Index(fields=["status", "handling_due_on"], name="deviation_due_idx"),
            models.Index(fields=["reported_by", "reported_at"], name="deviation_reporter_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Deviation')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def proposed_by_lots(self) -> bool:
        return self.source != Source.REPORTED


class Party(models.Model):
    """An agency involved, and what its nearest managers recorded: the analysis and the measures."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="parties")
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whose managers handle it: the unit's, or the agency head's unit when the unit has none.
    handler_unit = models.ForeignKey(
        "organisations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    analysis = models.TextField(_("analysis"), blank=True)
    measures = models.TextField(_("measures agreed"), blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("agency involved")
        verbose_name_plural = _("agencies involved")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["deviation", "agency"], name="deviation_party_once")]
        indexes = [models.Index(fields=["handler_unit", "deviation"], name="deviation_handler_idx")]

    def __str__(self) -> str:
        return f"{self.deviation_id} – {self.agency_id}"


class DeviationEvent(models.Model):
    """One step in a deviation's history. Appended by the services, never changed."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported")
        PROPOSED = "proposed", _("Proposed by Lots")
        CONFIRMED = "confirmed", _("Confirmed by a manager")
        DISMISSED = "dismissed", _("Dismissed")
        ANALYSED = "analysed", _("Analysis and measures recorded")
        RAISED = "raised", _("Raised to the steering group")
        DISCUSSED = "discussed", _("Discussed in a forum")
        OVERDUE = "overdue", _("Handling overdue: raised")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened: it happened again")

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deviation event")
        verbose_name_plural = _("deviation events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["deviation", "at"], name="deviation_event_idx")]

    def __str__(self) -> str:
        return f"{self.deviation_id} {self.kind}"
