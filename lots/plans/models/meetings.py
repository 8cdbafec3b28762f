"""SIP meetings: when and where, who was called and who came. The minutes are content (content.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lots.plans.models.plan import Sip, SipParticipant, new_uid

if TYPE_CHECKING:
    from lots.access.presentation import Withheld
    from lots.plans.models.content import SipMinutes


class SipMeeting(models.Model):
    """A meeting where the plan is drawn up or followed up. Its UID stays for its life, and each
    change raises `sequence`, so a calendar replaces the event it imported before."""

    # Not fields: what plans.selectors.page sets for the page.
    minutes_shown: SipMinutes | None
    place_shown: str | Withheld
    called: list[SipInvitee]
    attended_count: int
    i_am_called: bool

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    called_by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField(auto_now_add=True)
    uid = models.CharField(max_length=120, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    held_at = models.DateTimeField(_("recorded as held"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("SIP meeting")
        verbose_name_plural = _("SIP meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["sip", "starts_at"], name="sip_meeting_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="sip_meeting_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(video_link=""), name="sip_meeting_has_a_place"),
        ]

    def __str__(self) -> str:
        return f"SIP {self.sip_id} meeting {self.starts_at:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_held(self) -> bool:
        return self.held_at is not None


class SipInvitee(models.Model):
    """A participant called to a meeting, and whether they came."""

    meeting = models.ForeignKey(SipMeeting, on_delete=models.CASCADE, related_name="invitees")
    participant = models.ForeignKey(SipParticipant, on_delete=models.CASCADE, related_name="invitations")
    attended = models.BooleanField(_("attended"), null=True)
    uninvited = models.BooleanField(_("no longer called"), default=False)

    class Meta:
        verbose_name = _("called to a SIP meeting")
        verbose_name_plural = _("called to SIP meetings")
        constraints = [models.UniqueConstraint(fields=["meeting", "participant"], name="sip_invitee_once")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.meeting_id}"
