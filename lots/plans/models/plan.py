"""The plan itself (its record: status, dates, lead), the regional rule it follows, and its history.

The plan's record is owned by the requesting agency (its secrecy domain). What the parties write
in it lives in content rows, each owned by the writer's agency (content.py).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionalAgreement(models.Model):
    """The region's agreement on SIP: whether schools may call one, and how soon a meeting must be held.

    Schools are not parties to a SIP in law; their right to call one comes from such an
    agreement (Västra Götaland: the same right as the others, a meeting within three weeks).
    """

    region = models.OneToOneField(
        "organisations.Principal",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="sip_agreement",
        limit_choices_to={"kind": "region"},
    )
    name = models.CharField(_("name"), max_length=200)
    schools_may_request = models.BooleanField(
        _("schools may request a SIP"),
        default=True,
        help_text=_("Whether the agreement gives schools the right to call a SIP."),
    )
    meeting_within_days = models.PositiveSmallIntegerField(
        _("first meeting within (days)"),
        default=21,
        help_text=_("Calendar days from the request to the first meeting."),
    )
    reminder_days_before_follow_up = models.PositiveSmallIntegerField(
        _("remind the lead (days before follow-up)"), default=7
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)

    class Meta:
        verbose_name = _("regional SIP agreement")
        verbose_name_plural = _("regional SIP agreements")
        constraints = [
            models.CheckConstraint(condition=Q(meeting_within_days__gte=1), name="agreement_meeting_days_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONSENT_OBTAINED = "consent_obtained", _("Consent obtained")
    MEETING_CALLED = "meeting_called", _("Meeting called")
    ESTABLISHED = "established", _("Plan established")
    FOLLOWED_UP = "followed_up", _("Followed up")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ClosingReason(models.TextChoices):
    GOALS_MET = "goals_met", _("The goals are met")
    ONE_AGENCY = "one_agency", _("The needs are now met by one agency")
    MOVED = "moved", _("The child has moved")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The consent was withdrawn")
    CHILD_DECLINED = "child_declined", _("The child or the family declined")
    OTHER = "other", _("Other")


class Sip(models.Model):
    """A coordinated individual plan (SIP) for one child."""

    # Not fields: what plans.selectors reads with the plan (annotations) or sets for its pages.
    next_meeting_at: dt.datetime | None
    pending_meeting_at: dt.datetime | None  # the earliest meeting called, neither held nor cancelled
    _schools_may_request: bool | None
    requesting_label: str

    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    child = models.ForeignKey("people.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="sips")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requesting_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("requested from"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    reason = models.TextField(_("why a SIP is needed"))
    meeting_due_on = models.DateField(_("first meeting due"), null=True, blank=True)
    first_meeting_on = models.DateField(_("first meeting held"), null=True, blank=True)
    lead_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    lead_principal = models.ForeignKey(
        "organisations.Principal",
        verbose_name=_("lead principal"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead person"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    paused_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    ended_on = models.DateField(_("closed or cancelled on"), null=True, blank=True)
    closing_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosingReason.choices, blank=True)
    ending_comment = models.TextField(_("comment on closing or cancelling"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("SIP")
        verbose_name_plural = _("SIPs")
        indexes = [
            models.Index(fields=["child", "status"], name="sip_child_status_idx"),
            models.Index(fields=["lead_user", "status"], name="sip_lead_idx"),
            models.Index(fields=["status", "follow_up_on"], name="sip_follow_up_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_agency__isnull=True, lead_principal__isnull=True, lead_user__isnull=True)
                | Q(lead_agency__isnull=False, lead_principal__isnull=False, lead_user__isnull=False),
                name="sip_lead_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"SIP {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.CANCELLED)

    def follow_up_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status in (Status.ESTABLISHED, Status.FOLLOWED_UP)
            and self.follow_up_on is not None
            and self.follow_up_on < today
        )

    def meeting_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.first_meeting_on is None
            and self.status in (Status.REQUESTED, Status.CONSENT_OBTAINED, Status.MEETING_CALLED)
            and self.meeting_due_on is not None
            and self.meeting_due_on < today
        )


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("Staff of an agency")
    CHILD = "child", _("The child")
    GUARDIAN = "guardian", _("Guardian")
    RELATIVE = "relative", _("Relative or other person the family wants there")
    OTHER = "other", _("Other (association, Försäkringskassan, police …)")


class SipParticipant(models.Model):
    """Who takes part: staff (with their agency and mandate), the child, guardians, others."""

    # Not a field: the unit and agency as this viewer may read them (plans.selectors).
    org_label: str

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("who"), max_length=20, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sip_participations", null=True, blank=True
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role_text = models.CharField(_("role or relation"), max_length=200, blank=True)
    has_mandate = models.BooleanField(
        _("may decide on the agency's actions"),
        default=False,
        help_text=_("Has the mandate to decide on their agency's actions at the meeting."),
    )
    assignment = models.ForeignKey(
        "access.Assignment", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("SIP participant")
        verbose_name_plural = _("SIP participants")
        indexes = [models.Index(fields=["user", "agency", "removed_at"], name="sip_participant_user_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["sip", "user"], condition=Q(removed_at__isnull=True), name="sip_participant_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="staff", user__isnull=False, agency__isnull=False, unit__isnull=False)
                    | (~Q(kind="staff") & Q(user__isnull=True) & ~Q(name=""))
                ),
                name="sip_participant_staff_or_named",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def is_staff(self) -> bool:
        return self.kind == ParticipantKind.STAFF


class ContributingAgency(SipParticipant):
    """A participant's agency seen as an author of the plan's content.

    Everything a party writes in a plan is judged by one rule: visible when its agency's content
    in this SIP is (own agency, or a consent for this SIP that lets that agency share). Asking the
    policy that once per agency, on this proxy, lets a plan's page ask it once instead of once per
    kind of content; test_policy.py holds the two answers equal.
    """

    class Meta:
        proxy = True
        verbose_name = _("agency writing in a SIP")
        verbose_name_plural = _("agencies writing in SIPs")


class EventKind(models.TextChoices):
    REQUESTED = "requested", _("SIP requested")
    CONSENT_CONFIRMED = "consent_confirmed", _("Consent obtained")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    PARTICIPANT_ADDED = "participant_added", _("Participant added")
    PARTICIPANT_CHANGED = "participant_changed", _("Participant's mandate changed")
    PARTICIPANT_REMOVED = "participant_removed", _("Participant removed")
    MEETING_CALLED = "meeting_called", _("Meeting called")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MEETING_RECORDED = "meeting_recorded", _("Meeting recorded")
    ESTABLISHED = "established", _("Plan established")
    REVISED = "revised", _("Plan revised")
    GOAL_ADDED = "goal_added", _("Need or goal added")
    GOAL_REVISED = "goal_revised", _("Need or goal revised")
    ACTION_ADDED = "action_added", _("Action added")
    ACTION_REVISED = "action_revised", _("Action revised")
    NOTE_ADDED = "note_added", _("Note added")
    EXPERIENCE_RECORDED = "experience_recorded", _("Experience answers entered")
    FOLLOWED_UP = "followed_up", _("Plan followed up")
    PAUSED = "paused", _("Paused: consent withdrawn")
    RESUMED = "resumed", _("Resumed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class SipEvent(models.Model):
    """The plan's history: who did what, when, and which fields changed. Appended, never edited
    (the database refuses UPDATE). It names fields, never the text written in them, so the
    history shows no content that the reader's consent does not cover."""

    # Not fields: the history as this viewer may read it (plans.selectors.records).
    agency_label: str
    sentence: str

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+", null=True)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("SIP event")
        verbose_name_plural = _("SIP events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["sip", "at"], name="sip_event_idx")]

    def __str__(self) -> str:
        return f"{self.sip_id}: {self.kind}"


def new_uid() -> str:
    return f"sip-meeting-{uuid.uuid4()}@lots"
