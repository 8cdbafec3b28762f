"""The family's own words about a plan (`FamilyWords`), written in the family view.

The caller (the family view's policy, `lots.portal`) has judged that the reader may see this
child's plans, and on which ground; this checks that the plan is the child's, saves the text as
written (escaped wherever it is shown) and logs the write on that ground, in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.plans.models import FamilyWords, Sip, SipMeeting
from lots.plans.models.family import FAMILY_WORDS_MAX


@transaction.atomic
def write_family_words(
    reader: Actor,
    *,
    child_id: int,
    sip_id: int,
    kind: str,
    text: str,
    ground: str,
    ground_id: int | None,
    by_the_young_person: bool,
) -> FamilyWords:
    """Before a meeting: the child's own goals and wishes (tied to the next meeting); after one:
    comments (tied to the last meeting held). A plan not of this child: `policy.Denied` (404)."""
    sip = Sip.objects.filter(pk=sip_id, child_id=child_id).first()
    if sip is None:
        raise policy.Denied()
    if kind not in FamilyWords.Kind.values:
        raise ValidationError(_("Choose what you are writing about."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write something first."))
    if len(text) > FAMILY_WORDS_MAX:
        raise ValidationError(_("Write at most %(count)d characters.") % {"count": FAMILY_WORDS_MAX})
    now = timezone.now()
    meetings = SipMeeting.objects.filter(sip=sip, cancelled_at__isnull=True)
    if kind == FamilyWords.Kind.BEFORE:
        meeting = meetings.filter(starts_at__gte=now).order_by("starts_at").first()
    else:
        meeting = meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
    words = FamilyWords.objects.create(
        sip=sip,
        meeting=meeting,
        kind=kind,
        text=text,
        written_by=reader.user,
        by_the_young_person=by_the_young_person,
        written_at=now,
    )
    policy.log_access(reader, Action.CREATE, [policy.Seen(sip, ground, ground_id)], detail="family's own words")
    return words
