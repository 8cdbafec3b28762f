"""Consents as the family itself reads, answers and withdraws them (the family view, `lots.portal`).

Staff record consents given on paper or in a meeting (`access.services`). Here a guardian with
custody, or a young person of 18 or more, acts on their own consent: the caller (the portal's
policy) has decided that the reader may act for this child and passes the ground; these functions
check again, in access's own terms, that the person is a party the law lets answer (a guardian
with custody of a child under 18; the young person from 18), so that no caller can widen it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access.models import Consent, ConsentAgency, ConsentParty
from lots.access.services import (
    ADULT_AGE,
    WITHDRAWAL_CONSEQUENCES,
    PartyInput,
    _add_party,
    _age_on,
    _refresh_effective,
    custodial_guardian_ids,
    require_consent_takes_changes,
)
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.people.models import Child, RelatedPerson


def _may_answer(consent: Consent, *, guardian: RelatedPerson | None, child: Child | None) -> bool:
    age = _age_on(consent.child, timezone.localdate())
    if guardian is not None:
        return (age is None or age < ADULT_AGE) and guardian.pk in custodial_guardian_ids(consent.child)
    return child is not None and child.pk == consent.child_id and age is not None and age >= ADULT_AGE


def consents_for_family(reader: Actor, *, child_id: int, ground: str, ground_id: int | None) -> list[Consent]:
    """The child's consents with their agencies and parties, for the family; logged as a list."""
    consents = list(
        Consent.objects.filter(child_id=child_id)
        .select_related("child")
        .prefetch_related(
            Prefetch("agencies", queryset=ConsentAgency.objects.select_related("agency").order_by("agency__name")),
            Prefetch("parties", queryset=ConsentParty.objects.select_related("guardian").order_by("given_at")),
        )
    )
    policy.log_access(reader, Action.LIST, [policy.Seen(c, ground, ground_id) for c in consents], detail="family view")
    return consents


def _locked(consent: Consent) -> Consent:
    return Consent.objects.select_for_update().select_related("child").get(pk=consent.pk)


@transaction.atomic
def answer_consent(
    *, actor: Actor, consent: Consent, guardian: RelatedPerson, agrees: bool, ground: str, ground_id: int | None
) -> Consent:
    """A guardian answers a consent in the family view (given digitally); it takes effect once
    every guardian with custody has agreed: until the second answers, it waits."""
    consent = _locked(consent)
    if not _may_answer(consent, guardian=guardian, child=None):
        raise policy.Denied()
    require_consent_takes_changes(consent)
    _add_party(consent, consent.child, PartyInput(guardian=guardian, agrees=agrees))
    _refresh_effective(consent, consent.child)
    policy.log_access(actor, Action.CHANGE, [policy.Seen(consent, ground, ground_id)], detail="answered in family view")
    return consent


@transaction.atomic
def withdraw_own_consent(
    *,
    actor: Actor,
    consent: Consent,
    guardian: RelatedPerson | None = None,
    child: Child | None = None,
    ground: str,
    ground_id: int | None,
) -> Consent:
    """Withdrawal by the family acts at once, as `services.withdraw_consent` (the policy asks for
    an active consent on every read) and with the same consequences (a SIP pauses)."""
    consent = _locked(consent)
    if not _may_answer(consent, guardian=guardian, child=child):
        raise policy.Denied()
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent is already withdrawn."))
    person = guardian if guardian is not None else child
    assert person is not None  # _may_answer asked for one
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by_name = person.full_name
    consent.withdrawal_noted_by = actor.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by_name", "withdrawal_noted_by"])
    policy.log_access(
        actor, Action.CHANGE, [policy.Seen(consent, ground, ground_id)], detail="withdrawn in family view"
    )
    consequence = WITHDRAWAL_CONSEQUENCES.get(consent.purpose)
    if consequence is not None:
        consequence(actor, consent)
    return consent
