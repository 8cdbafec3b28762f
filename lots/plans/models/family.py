from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.plans.models.meetings import SipMeeting
from lots.plans.models.plan import Sip

#: The longest text the family may write at once.
FAMILY_WORDS_MAX = 2000


class FamilyWords(models.Model):
    """The family's own words about a plan, written in the family view (`lots.portal`): the
    child's own goals and wishes before a meeting, comments after it. Staff see them on the plan
    marked as the family's own words; no one edits them (a new text is a new row)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Goals and wishes before the meeting")
        AFTER = "after", _("Comments after the meeting")

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="family_words")
    meeting = models.ForeignKey(SipMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=FAMILY_WORDS_MAX)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_the_young_person = models.BooleanField(default=False)
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("the family's own words")
        verbose_name_plural = _("the family's own words")
        indexes = [models.Index(fields=["sip", "written_at"], name="plans_family_words_sip")]

    def __str__(self) -> str:
        return f"family words {self.pk}"
