"""Changes to children's records. One business action per function, logged in its transaction."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access.actor import Actor
from lots.audit.models import Action
from lots.people.identity import IdentityNumber
from lots.people.models import Child


def _reserve_number() -> str:
    """A local number for a child without a known identity number (never derived from the person)."""
    while True:
        number = f"RES-{secrets.randbelow(10**10):010d}"
        if not Child.objects.filter(reserve_number=number).exists():
            return number


@transaction.atomic
def create_child(
    *,
    actor: Actor,
    first_name: str,
    last_name: str,
    identity_number: IdentityNumber | None = None,
    date_of_birth: dt.date | None = None,
    reason: str,
) -> Child:
    """A child not yet in Lots (say, named in a concern report). Without an identity number the
    child gets a reserve number. The caller's own service has checked that the actor may do this."""
    if not first_name.strip() and not last_name.strip():
        raise ValidationError({"first_name": _("Give the child's name, or as much of it as is known.")})
    if identity_number is not None and Child.objects.filter(identity_number=identity_number.digits).exists():
        raise ValidationError({"identity_number": _("A child with this identity number is already in Lots.")})
    child = Child.objects.create(
        first_name=first_name.strip() or "?",
        last_name=last_name.strip() or "?",
        identity_number=identity_number.digits if identity_number else None,
        reserve_number=None if identity_number else _reserve_number(),
        date_of_birth=identity_number.birth_date if identity_number else date_of_birth,
    )
    child._ground = "created"
    policy.log_access(actor, Action.CREATE, [child], detail=reason[:300])
    return child
