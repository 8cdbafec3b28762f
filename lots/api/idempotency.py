"""`Idempotency-Key` on POST: a retried call with the same key gets the first result back,
through the same `lots.core.idempotency.once` that protects the pages' forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.core import idempotency

HEADER = "Idempotency-Key"


def key_of(request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if key and not idempotency.well_formed(key):
        raise ValidationError({HEADER: _("Use 16 to 64 letters, digits or hyphens.")})
    return key
