"""Collaboration forums: BUS, plenary meetings, networks, steering and working groups.

A forum has members from several agencies and principals, a chair and a schedule. Its meetings
have an agenda (items raised by members, and deviations on their way to it), attendance, minutes,
decisions and action items with an owner and a due date, followed up at the next meeting.
Forums discuss cases without names: an agenda item may name a child only as person data under the
access policy (members without a ground see the item without the name).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_uid() -> str:
    return f"{uuid.uuid4()}@lots"


class ForumKind(models.TextChoices):
    BUS = "bus", _("BUS group")
    PLENARY = "plenary", _("Plenary meeting")
    NETWORK = "network", _("Network")
    STEERING_GROUP = "steering_group", _("Steering group")
    WORKING_GROUP = "working_group", _("Working group")


class Forum(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ForumKind.choices)
    principal = models.ForeignKey(
        "organisations.Principal", verbose_name=_("convened by"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("purpose"), blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True, help_text=_("For example: twice a term."))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["principal", "name"], name="forum_unique_name")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    role_text = models.CharField(_("role in the forum"), max_length=200, blank=True)
    joined_on = models.DateField(_("member from"), default=timezone.localdate)
    left_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "user"], condition=Q(left_on__isnull=True), name="forum_member_once"
            )
        ]
        indexes = [models.Index(fields=["user", "left_on"], name="forum_member_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} – {self.forum}"


class Meeting(models.Model):
    """A meeting of the forum. Its UID stays for its life, each change raises `sequence`."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uid = models.CharField(max_length=120, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    held_at = models.DateTimeField(_("minutes kept"), null=True, blank=True)
    minutes = models.TextField(pgettext_lazy("forum", "minutes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["forum", "starts_at"], name="forum_meeting_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="forum_meeting_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.starts_at:%Y-%m-%d}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None


class AgendaItem(models.Model):
    """An item on a meeting's agenda: raised by a member, or a deviation on its way to the forum."""

    # Set by the access policy on the instances it reads. Not a field.
    _ground: str
    _ground_id: int | None

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(_("item"), max_length=300)
    details = models.TextField(
        _("details"), blank=True, help_text=_("Without names: a case is discussed without them.")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    deviation = models.ForeignKey(
        "deviations.Deviation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child = models.ForeignKey("people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("discussion"), blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "deviation"],
                condition=Q(deviation__isnull=False),
                name="forum_agenda_deviation_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(_("attended"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="forum_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.meeting_id}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:50]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """Something a member undertook at a meeting: followed up at the next one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    followed_up_in = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_up_actions"
    )
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="forum_action_owner_idx")]

    def __str__(self) -> str:
        return self.text[:50]
