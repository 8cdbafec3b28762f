"""What matters most to the family now, and the outcome measures the team follows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit.models import Action
from lots.families.models import Economy, Engagement, EventKind, Occasion, OutcomeRating, Priority
from lots.families.services._common import event, logged, raise_if
from lots.families.services.engagements import _active_engagement
from lots.organisations.actor import Actor

MAX_PRIORITIES = 5
SCALE = range(1, 6)


@transaction.atomic
def set_priorities(*, actor: Actor, engagement: Engagement, texts: Sequence[str]) -> list[Priority]:
    """The family's priorities in its own words and order; the earlier ones are kept as replaced."""
    engagement, ground = _active_engagement(actor, engagement)
    texts = [t.strip() for t in texts if t and t.strip()]
    if not texts:
        raise ValidationError({"texts": _("Write at least one thing that matters most now.")})
    if len(texts) > MAX_PRIORITIES or any(len(t) > 300 for t in texts):
        raise ValidationError({"texts": _("At most five priorities of 300 characters each.")})
    now = timezone.now()
    Priority.objects.filter(engagement=engagement, replaced_at__isnull=True).update(replaced_at=now)
    priorities = Priority.objects.bulk_create(
        [Priority(engagement=engagement, rank=i, text=t, set_at=now) for i, t in enumerate(texts, start=1)]
    )
    event(actor, engagement.referral, EventKind.PRIORITIES_SET)
    logged(actor, Action.CHANGE, engagement, ground, detail="priorities set")
    return priorities


@transaction.atomic
def record_rating(
    *,
    actor: Actor,
    engagement: Engagement,
    occasion: str,
    rated_on: dt.date | None,
    structure: int | None,
    control: int | None,
    children_eligible: int,
    adults_in_work_or_study: int,
    economy: str,
) -> OutcomeRating:
    """The measures at the start, every six months and at the end; the family rates structure
    and control over everyday life on the same 1–5 scale each time."""
    engagement, ground = _active_engagement(actor, engagement)
    errors: dict[str, str] = {}
    earlier = set(OutcomeRating.objects.filter(engagement=engagement).values_list("occasion", flat=True))
    if occasion not in Occasion.values:
        errors["occasion"] = _("Choose the occasion.")
    elif occasion == Occasion.START and Occasion.START in earlier:
        errors["occasion"] = _("The start is already rated.")
    elif occasion != Occasion.START and Occasion.START not in earlier:
        errors["occasion"] = _("Rate the start first.")
    elif occasion == Occasion.END and Occasion.END in earlier:
        errors["occasion"] = _("The end is already rated.")
    if rated_on is None or rated_on > timezone.localdate():
        errors["rated_on"] = _("Give the day of the rating, today or earlier.")
    for field, value in (("structure", structure), ("control", control)):
        if value not in SCALE:
            errors[field] = _("Choose a value from 1 to 5.")
    if children_eligible < 0 or adults_in_work_or_study < 0:
        errors["children_eligible"] = _("Give a number, 0 or more.")
    if economy not in Economy.values:
        errors["economy"] = _("Choose the economic situation.")
    raise_if(errors)
    assert rated_on is not None and structure is not None and control is not None
    rating = OutcomeRating.objects.create(
        engagement=engagement,
        occasion=occasion,
        rated_on=rated_on,
        structure=structure,
        control=control,
        children_eligible=children_eligible,
        adults_in_work_or_study=adults_in_work_or_study,
        economy=economy,
        recorded_by=actor.user,
    )
    event(actor, engagement.referral, EventKind.RATED, note=occasion)
    logged(actor, Action.CREATE, rating, ground)
    return rating
