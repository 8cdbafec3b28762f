"""A family that comes directly: the public page's self-referral, and the team calling back.

The page needs no account (the portal and the public catalogue link to it). What the family
writes is kept as it wrote it, for the team: it is never tied to the register and never shown
back (the family gets a receipt number only). Submissions are counted per client address and
refused over `PER_ADDRESS_PER_HOUR`, as a public form must be: counted whether they are accepted or
not, in the cache that the API's rate limit uses.
"""

from __future__ import annotations

import secrets
import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import Action
from lots.families.models import SelfReferral
from lots.families.policies import TEAM_GROUND, in_team
from lots.families.services._common import raise_if, text
from lots.families.services.engagements import coordinators
from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Unit

PER_ADDRESS_PER_HOUR = 5
MAX_NEEDS = 2000
#: The receipt: letters and digits that cannot be mistaken for each other when read aloud.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def teams() -> QuerySet[Unit]:
    """The family coordination teams a family may contact, by municipality."""
    return (
        Unit.objects.filter(kind=Unit.Kind.FAMILY_COORDINATION)
        .select_related("agency__principal")
        .order_by("agency__principal__name", "name")
    )


def spend_attempt(address: str | None) -> bool:
    """Count a submission from this address; False once the last hour's are over the limit (a
    sliding hour, as the API's rate limit counts: the times of the hour's submissions, kept in the
    cache)."""
    key = f"lots-families-self-referral-{address or 'unknown'}"
    now = time.time()
    recent = [at for at in cache.get(key, []) if at > now - 3600]
    if len(recent) >= PER_ADDRESS_PER_HOUR:
        return False
    cache.set(key, [*recent, now], timeout=3600)
    return True


def _receipt() -> str:
    while True:
        receipt = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
        if not SelfReferral.objects.filter(receipt=receipt).exists():
            return receipt


@transaction.atomic
def refer_own_family(
    *,
    team_id: int | None,
    name: str,
    phone: str,
    email: str,
    needs: str,
    members_with_needs: int | None,
    agencies_involved: int | None,
) -> SelfReferral:
    """The family asks the team for help. Recorded as the family's own request; the team's staff
    are told (a fixed text and a link to the team's page)."""
    errors: dict[str, str] = {}
    team = teams().filter(pk=team_id).first() if team_id else None
    if team is None:
        errors["team"] = _("Choose your municipality's family coordination team.")
    name = text(name, "name", _("Write your name."), errors, limit=200)
    phone, email = (phone or "").strip(), (email or "").strip()
    if not phone and not email:
        errors["phone"] = _("Give a phone number or an e-mail address, so that the team can reach you.")
    elif phone and (len(phone) > 30 or not all(c.isdigit() or c in " +-()" for c in phone)):
        errors["phone"] = _("Write the phone number with digits, spaces, + and - only.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Write the e-mail address in full, like namn@exempel.se.")
    needs = text(needs, "needs", _("Tell us briefly what your family needs help with."), errors, limit=MAX_NEEDS)
    for field, value in (("members_with_needs", members_with_needs), ("agencies_involved", agencies_involved)):
        if value is None or not 0 <= value <= 20:
            errors[field] = _("Give a number from 0 to 20.")
    raise_if(errors)
    assert team is not None and members_with_needs is not None and agencies_involved is not None
    made = SelfReferral.objects.create(
        team=team,
        name=name,
        phone=phone,
        email=email,
        needs=needs,
        members_with_needs=members_with_needs,
        agencies_involved=agencies_involved,
        receipt=_receipt(),
    )
    audit.record(None, [audit_access(Action.CREATE, made, detail="the family's own request")])
    notify_after_commit(
        recipients=coordinators(team),
        kind="families.self_referred",
        url=reverse("families:team"),
        dedupe_key=f"family-self-referral-{made.pk}",
    )
    return made


def audit_access(action: str, row: SelfReferral, *, detail: str = "") -> audit.Access:
    """A self-referral names no one in the register: logged with no child, under the team's ground."""
    return audit.Access(
        action=action, record_type=row._meta.label_lower, record_id=str(row.pk), ground=TEAM_GROUND, detail=detail
    )


@transaction.atomic
def mark_called_back(*, actor: Actor, self_referral_id: int) -> SelfReferral:
    """The team has called the family back (and referred it, where it fits)."""
    if not in_team(actor):
        raise SelfReferral.DoesNotExist
    row = SelfReferral.objects.select_for_update().get(pk=self_referral_id, team_id=actor.unit_id)
    if row.handled_at is None:
        row.handled_at = timezone.now()
        row.save(update_fields=["handled_at"])
    audit.record(actor, [audit_access(Action.CHANGE, row, detail="called back")])
    return row
