"""A double submit makes one record: the one mechanism for every form and API call that creates.

A form carries a random `submission_key` (a hidden field drawn when the form is shown, from
`SubmissionKeyForm`); an API call carries the `Idempotency-Key` header. The service creates
through `once`: the first submission claims the key (a row of `SubmissionKey`, unique per user,
scope and key) and notes what it created; a second submission with the same key (a double
click, a resent POST, a retry after a timeout) gets the first record back instead of a second.
The claim and the creation are one transaction, so a refused or failed submission leaves the key
free for the next try; two submissions at the same moment meet at the unique constraint, and the
second waits for the first and gets its record. The answer says which happened:

    made = once(Goal, user_id=actor.user.pk, scope=f"plans.goal.{sip.pk}", key=key,
                create=lambda: Goal.objects.create(...))
    if made.created:
        ...  # the history and the log, written once

The scope names what is created and, where the same form serves several parents, for which one:
the same key used for another plan is another submission. Decision record 0009 says why one
table of keys serves every app.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from lots.core.models import SubmissionKey

M = TypeVar("M", bound=models.Model)

_KEY = re.compile(r"^[A-Za-z0-9-]{16,64}$")
DAMAGED = _("The form is damaged. Reload the page and fill it in again.")


def new_key() -> str:
    return uuid.uuid4().hex


def well_formed(key: str) -> bool:
    return bool(_KEY.match(key))


class SubmissionKeyForm(forms.Form):
    """Adds the hidden submission key. A missing key is allowed (no protection then: a service
    that needs one says so); a malformed one is refused."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_key)

    def clean(self):
        """A hidden field's error is shown for the whole form, where the person can see it."""
        data = super().clean()
        key = data.get("submission_key", "")
        if key and not well_formed(key):
            raise ValidationError(DAMAGED)
        return data


def saved(row: M) -> M:
    """`create` for a row built before the claim: `create=lambda: saved(report)`."""
    row.save()
    return row


@dataclass(frozen=True)
class Once(Generic[M]):
    """What a submission made, and whether this submission made it (False: a repeat)."""

    value: M
    created: bool


def once(model: type[M], *, user_id: int, scope: str, key: str, create: Callable[[], M]) -> Once[M]:
    """Run `create` once per (user, scope, key); a repeat gets the `model` row the first made.
    Without a key there is nothing to recognise a repeat by: `create` runs."""
    if not key:
        return Once(create(), created=True)
    if not well_formed(key):
        raise ValidationError(DAMAGED, code="damaged")
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionKey.objects.create(user_id=user_id, scope=scope, key=key)
        except IntegrityError:
            first = SubmissionKey.objects.get(user_id=user_id, scope=scope, key=key)
            made = model._default_manager.filter(pk=first.result).first() if first.result else None
            if made is None:  # what the first submission made is gone since
                raise ValidationError(_("This form was already used. Open it again."), code="used") from None
            return Once(made, created=False)
        made = create()
        claim.result = str(made.pk)
        claim.save(update_fields=["result"])
        return Once(made, created=True)
