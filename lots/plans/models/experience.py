"""How the child and the guardians experienced the plan: two short questions after a meeting and
at closing, the follow-up's "experience" indicators (issue 23).

An answer set names no one: who answered is a child or a guardian, never which; it belongs to the
plan like the family's own words do. Appended, never edited: a correction is a new answer set.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.plans.models.meetings import SipMeeting
from lots.plans.models.plan import Sip


class Occasion(models.TextChoices):
    MEETING = "meeting", _("After a meeting")
    CLOSING = "closing", _("At closing")


class Respondent(models.TextChoices):
    CHILD = "child", _("The child or young person")
    GUARDIAN = "guardian", _("A guardian")


class Channel(models.TextChoices):
    PAPER = "paper", _("Entered by staff from paper")
    FAMILY_VIEW = "family_view", _("Answered in the family view")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NONE = "none", _("Did not answer")


#: The two questions, in the order they are asked (field name, the question).
QUESTIONS = (
    ("listened_to", _("Did you feel listened to?")),
    ("knows_whom_to_call", _("Do you know whom to call?")),
)


class ExperienceAnswer(models.Model):
    """One person's answers to the two questions on one occasion: after a meeting held (which
    one) or at the plan's closing."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="experience_answers")
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    meeting = models.ForeignKey(SipMeeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    respondent = models.CharField(_("who answered"), max_length=10, choices=Respondent.choices)
    channel = models.CharField(_("how it was entered"), max_length=12, choices=Channel.choices)
    listened_to = models.CharField(_("Did you feel listened to?"), max_length=6, choices=Answer.choices)
    knows_whom_to_call = models.CharField(_("Do you know whom to call?"), max_length=6, choices=Answer.choices)
    answered_on = models.DateField(_("answered on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("experience answer")
        verbose_name_plural = _("experience answers")
        indexes = [models.Index(fields=["answered_on", "sip"], name="plans_experience_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(occasion="meeting", meeting__isnull=False) | Q(occasion="closing", meeting__isnull=True),
                name="plans_experience_occasion",
            ),
            # A family account answers once per occasion (staff may enter many answers from paper).
            models.UniqueConstraint(
                fields=["meeting", "entered_by"],
                condition=Q(channel="family_view", occasion="meeting"),
                name="plans_experience_family_once_meeting",
            ),
            models.UniqueConstraint(
                fields=["sip", "entered_by"],
                condition=Q(channel="family_view", occasion="closing"),
                name="plans_experience_family_once_closing",
            ),
        ]

    def __str__(self) -> str:
        return f"experience {self.pk}"
