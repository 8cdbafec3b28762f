"""The hash chain: one canonical form of a row, used by the writer and the verifier alike.

Each row's hash is an HMAC-SHA256 of its content and the previous row's hash, keyed with
LOTS_AUDIT_KEY, which lives outside the database: someone who can write to the database
but does not hold the key cannot forge a row that verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from lots.audit.models import AuditEntry

GENESIS = "0" * 64
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
CHAINED_FIELDS = (
    "at",
    "user_id",
    "username",
    "membership_id",
    "agency_id",
    "role",
    "api_client_id",
    "action",
    "child_id",
    "record_type",
    "record_id",
    "ground",
    "ground_id",
    "flags",
    "request_id",
    "ip_address",
    "detail",
    "prev_hash",
)


def canonical(entry: AuditEntry) -> bytes:
    values = {}
    for name in CHAINED_FIELDS:
        value = getattr(entry, name)
        if name == "at":
            value = (value - _EPOCH) // _MICROSECOND
        values[name] = value
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def row_hash(entry: AuditEntry) -> str:
    return hmac.new(settings.LOTS_AUDIT_KEY.encode("utf-8"), canonical(entry), hashlib.sha256).hexdigest()
