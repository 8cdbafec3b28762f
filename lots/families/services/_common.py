"""What the families app's services share: the policy check, the history and the log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.families.models import Engagement, FamilyEvent, Referral
from lots.organisations.actor import Actor

MAX_TEXT = 4000


def may_change(actor: Actor, obj: models.Model) -> str:
    """The ground on which the actor changes obj; a 404 where they may not (one answer)."""
    ground = policy.can(actor, "change", obj)
    if ground is None:
        raise policy.Denied()
    return ground


def logged(actor: Actor, action: str, obj: models.Model, ground: str, detail: str = "") -> None:
    policy.log_access(actor, action, [obj], detail=detail, ground=ground)


def event(actor: Actor | None, referral: Referral, kind: str, note: str = "") -> FamilyEvent:
    return FamilyEvent.objects.create(referral=referral, kind=kind, by=actor.user if actor else None, note=note[:300])


def text(value: str, field: str, message: str, errors: dict[str, str], *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    elif len(value) > limit:
        errors[field] = _("The text is too long: at most %(n)s characters.") % {"n": limit}
    return value


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def engagement_url(engagement: Engagement) -> str:
    return reverse("families:engagement", args=[engagement.pk])


def referral_url(referral: Referral) -> str:
    return reverse("families:referral", args=[referral.pk])
