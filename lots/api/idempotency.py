"""`Idempotency-Key` on POST: a retried call with the same key gets the first result back,
through the same `security.idempotency.run_once` that protects the pages' forms."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.security import idempotency

HEADER = "Idempotency-Key"


def key_of(request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if key and not idempotency.well_formed(key):
        raise ValidationError({HEADER: _("Use 16 to 64 letters, digits or hyphens.")})
    return key


def run_once(request, *, scope: str, action: Callable[[], str]) -> idempotency.Outcome:
    return idempotency.run_once(user=request.user, scope=f"api.{scope}", key=key_of(request), action=action)
