"""The family's actions in the family view: sign-in, consent answers and withdrawals.

Each checks the family view's policy (`portal.policies`) and goes through the access app's own
functions (`access.family`), which check again and write the audit row in the same transaction.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from lots.access import family as consents
from lots.access import policy
from lots.access.models import Consent
from lots.core.idempotency import once
from lots.organisations.models import User
from lots.people.models import Child, RelatedPerson
from lots.plans import services as plans
from lots.plans.models import ExperienceAnswer, FamilyWords
from lots.portal import policies
from lots.portal.models import FamilyAccount
from lots.security import sessions

#: Set in the session of a family member's sign-in: the whole session is the family view's.
FAMILY_SESSION_KEY = "_family_account"
_BACKEND = "django.contrib.auth.backends.ModelBackend"


@transaction.atomic
def account_for_identity_number(*, identity_number: str) -> FamilyAccount | None:
    """The family account of the person the IdP vouched for (their identity number, from BankID
    or Freja): a guardian in the register, or a young person. Made on the first sign-in; None
    for a person Lots does not know (they are told so, and nothing is made)."""
    number = identity_number  # the IdP's claim, or the demo form's, already parsed to 12 digits
    person = RelatedPerson.objects.filter(identity_number=number).first()
    child = None if person else Child.objects.filter(identity_number=number).first()
    if person is None and child is None:
        return None
    account = FamilyAccount.objects.filter(person=person) if person else FamilyAccount.objects.filter(child=child)
    found = account.select_related("user", "person", "child").first()
    if found is not None:
        return found
    # The username names no one (no identity number in the log's user column, nor a name).
    user = User(username=f"familj-{secrets.token_hex(6)}", first_name="", last_name="")
    user.set_unusable_password()
    user.save()
    return FamilyAccount.objects.create(user=user, person=person, child=child)


def sign_in(*, request: HttpRequest, account: FamilyAccount, method: str) -> None:
    """Signs the family member in; the session is marked as the family view's (staff pages
    answer 404 to it, `portal.middleware`)."""
    login(request, account.user, backend=_BACKEND)
    request.session[FAMILY_SESSION_KEY] = account.pk
    sessions.record_sign_in(request=request, user=account.user, method=method)
    FamilyAccount.objects.filter(pk=account.pk).update(last_signed_in_at=timezone.now())


def _seeing_or_404(account: FamilyAccount, child_id: int) -> policies.Seeing:
    seen = policies.seeing(account, child_id)
    if seen is None:
        raise policy.Denied()
    return seen


def answer_consent(*, account: FamilyAccount, consent: Consent, agrees: bool) -> Consent:
    seen = _seeing_or_404(account, consent.child_id)
    if account.person is None:  # only a guardian answers a child's consent; from 18 staff record it
        raise policy.Denied()
    return consents.answer_consent(
        actor=policies.actor_for(account),
        consent=consent,
        guardian=account.person,
        agrees=agrees,
        ground=seen.ground,
        ground_id=seen.ground_id,
    )


def withdraw_consent(*, account: FamilyAccount, consent: Consent) -> Consent:
    seen = _seeing_or_404(account, consent.child_id)
    return consents.withdraw_own_consent(
        actor=policies.actor_for(account),
        consent=consent,
        guardian=account.person,
        child=account.child if account.person is None else None,
        ground=seen.ground,
        ground_id=seen.ground_id,
    )


def write_own_words(
    *, account: FamilyAccount, child_id: int, sip_id: int, kind: str, text: str, submission_key: str = ""
) -> FamilyWords:
    """The child's own goals and wishes before a meeting, or comments after it, in the family's
    own words: by whoever may see the plan here (a guardian with custody, the young person), saved
    and logged by the plans app on the family's ground; a form sent twice saves them once."""
    seen = _seeing_or_404(account, child_id)
    return once(
        FamilyWords,
        user_id=account.user_id,
        scope=f"portal.words.{sip_id}",
        key=submission_key,
        create=lambda: plans.write_family_words(
            policies.actor_for(account),
            child_id=child_id,
            sip_id=sip_id,
            kind=kind,
            text=text,
            ground=seen.ground,
            ground_id=seen.ground_id,
            by_the_young_person=account.child_id is not None,
        ),
    ).value


def answer_experience(
    *, account: FamilyAccount, child_id: int, sip_id: int, occasion: str, listened_to: str, knows_whom_to_call: str
) -> ExperienceAnswer:
    """The two questions on experience, after a meeting held or at the plan's closing: answered
    by whoever may see the plan here (a guardian with custody, the young person), once per
    occasion and family account (a second answer is refused, so a double submit saves one)."""
    seen = _seeing_or_404(account, child_id)
    occasion, meeting_id = plans.parse_occasion(occasion)
    return plans.answer_experience(
        policies.actor_for(account),
        child_id=child_id,
        sip_id=sip_id,
        occasion=occasion,
        meeting_id=meeting_id,
        listened_to=listened_to,
        knows_whom_to_call=knows_whom_to_call,
        ground=seen.ground,
        ground_id=seen.ground_id,
        by_the_young_person=account.child_id is not None,
    )
