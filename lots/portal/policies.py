"""Who may see what in the family view, stated once.

- A guardian with custody (`Relationship.Kind.GUARDIAN`) sees the plans and consents of their
  child while the child is under 18, and answers and withdraws the child's consents.
- A parent without custody, a foster parent or any other relative sees nothing here.
- A young person sees their own plans from `LOTS_PORTAL_OWN_PLAN_AGE` (default 13); from 18 the
  plan is theirs alone: the guardians see it no more, and the young person answers for consent.
- Protected identity holds: the family view never shows any address, school or unit of a child
  with protected identity (agencies by kind only), and never another adult's address at all.

Judged on every request from the register (relationships, date of birth): nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from lots.access.services import ADULT_AGE
from lots.organisations.actor import Actor
from lots.people.identity import age_on
from lots.people.models import Child, Relationship
from lots.portal.models import FamilyAccount

#: The grounds the access log records for a family member's reads.
GUARDIAN_GROUND = "family_guardian"
OWN_GROUND = "family_own"


@dataclass(frozen=True)
class Seeing:
    """A child the family member may see, and the ground for the log (ground_id: the account)."""

    child: Child
    ground: str
    ground_id: int
    hide_location: bool


def actor_for(account: FamilyAccount) -> Actor:
    """The family member as the access log names them: their own user, no membership."""
    return Actor(user=account.user, membership=None)


def _age(child: Child, today: dt.date) -> int | None:
    return None if child.date_of_birth is None else age_on(child.date_of_birth, today)


def ground_for(account: FamilyAccount, child: Child, *, custody: bool, today: dt.date | None = None) -> str | None:
    """The one rule. `custody`: the account's person is the child's guardian with custody."""
    today = today or timezone.localdate()
    age = _age(child, today)
    if account.child_id is not None:
        if account.child_id == child.pk and age is not None and age >= settings.LOTS_PORTAL_OWN_PLAN_AGE:
            return OWN_GROUND
        return None
    if custody and (age is None or age < ADULT_AGE):
        return GUARDIAN_GROUND
    return None


def visible_children(account: FamilyAccount) -> list[Seeing]:
    """The children this family member may see now (one query)."""
    if account.child_id is not None:
        candidates = [(account.child, False)] if account.child else []
    else:
        rows = Relationship.objects.filter(person_id=account.person_id, kind=Relationship.Kind.GUARDIAN).select_related(
            "child"
        )
        candidates = [(r.child, True) for r in rows]
    seeing = []
    for child, custody in candidates:
        ground = ground_for(account, child, custody=custody)
        if ground is not None:
            seeing.append(Seeing(child, ground, account.pk, hide_location=child.protected_identity))
    return sorted(seeing, key=lambda s: (s.child.first_name, s.child.pk))


def seeing(account: FamilyAccount, child_id: int) -> Seeing | None:
    return next((s for s in visible_children(account) if s.child.pk == child_id), None)
