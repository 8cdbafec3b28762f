"""Double-submitted forms create one record.

A form carries a random `submission_key` (a hidden field drawn when the form is shown). The
view runs its service through `run_once`: the first submission claims the key and stores what
it created; a second submission with the same key (a double click, a resent POST, a retry after
a timeout) gets the first result back instead of a second record. The claim and the action are
one transaction, so a failed action leaves the key free for the next try.

    form = ConsentForm(...)   # a form with IdempotentFormMixin
    outcome = idempotency.run_once(user=request.user, scope="access.consent",
                                   key=form.cleaned_data["submission_key"],
                                   action=lambda: str(services.record_consent(...).pk))
    return redirect("access:consent", int(outcome.result))
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lots.organisations.models import User
from lots.security.models import IdempotencyKey

_KEY = re.compile(r"^[A-Za-z0-9-]{16,64}$")


def new_key() -> str:
    return uuid.uuid4().hex


def well_formed(key: str) -> bool:
    return bool(_KEY.match(key))


class IdempotentFormMixin(forms.Form):
    """Adds the hidden submission key. A missing key is allowed (no protection then); a
    malformed one is refused."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_key)

    def clean(self):
        """A hidden field's error is shown for the whole form, where the person can see it."""
        data = super().clean()
        key = data.get("submission_key", "")
        if key and not well_formed(key):
            raise ValidationError(_("The form is damaged. Reload the page and fill it in again."))
        return data


@dataclass(frozen=True)
class Outcome:
    result: str
    repeated: bool


def run_once(*, user: User, scope: str, key: str, action: Callable[[], str]) -> Outcome:
    """Run `action` once per (user, scope, key); its return value (an id) is what repeats get."""
    if not key:
        return Outcome(result=action(), repeated=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(user=user, scope=scope, key=key)
        except IntegrityError:
            first = IdempotencyKey.objects.get(user=user, scope=scope, key=key)
            return Outcome(result=first.result, repeated=True)
        result = action()
        claim.result = str(result)
        claim.save(update_fields=["result"])
        return Outcome(result=claim.result, repeated=False)
