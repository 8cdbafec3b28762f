"""The hash chains: one canonical form of a row, used by the writer, the verifier and the bulk
generator alike (there is no other copy).

Each row's hash is an HMAC-SHA256 of its content and the previous row's hash, keyed with
LOTS_AUDIT_KEY, which lives outside the database: someone who can write to the database
but does not hold the key cannot forge a row that verifies.

The canonical form is the JSON of `CHAINED_FIELDS` with sorted keys, no spaces, `at` as
microseconds since 1970 (UTC) and anything else that JSON has no type for as its `str()`:
what `json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)` writes. `shown`
(the records a list showed, on a row that names them all) is left out where it is empty, so
rows written before it existed verify as they were hashed.
`canonical_row` writes the same bytes directly, because the log writes a row for every person
shown on every page; a test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

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
    "shown",
    "prev_hash",
)
#: A row's content as writers hand it over, in this order: the chained fields but the link.
FIELDS = CHAINED_FIELDS[:-1]
_AT = FIELDS.index("at")
_SHOWN = FIELDS.index("shown")
_LINK = -1
#: Per key in sorted order: its `"name":` prefix and where its value is in a row (-1: prev_hash).
_PLAN = tuple((f'"{name}":', FIELDS.index(name) if name in FIELDS else _LINK) for name in sorted(CHAINED_FIELDS))


def json_value(value: Any) -> str:
    """`json.dumps(value, default=str)` for the values a log row holds, without its overhead."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)  # as json does, also for IntEnum members
    if isinstance(value, str) and value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{str.__str__(value)}"'
    return json.dumps(value, default=str)


def canonical_row(row: Sequence[Any], prev_hash: str) -> bytes:
    """The canonical JSON of a row given as values in `FIELDS` order, linked to `prev_hash`."""
    parts = []
    for head, i in _PLAN:
        if i == _LINK:
            parts.append(head + json_value(prev_hash))
        elif i == _AT:
            parts.append(f"{head}{(row[i] - _EPOCH) // _MICROSECOND}")
        elif i == _SHOWN:
            if row[i] is not None:
                parts.append(head + json.dumps(row[i], sort_keys=True, separators=(",", ":"), default=str))
        else:
            parts.append(head + json_value(row[i]))
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def canonical(entry: AuditEntry) -> bytes:
    return canonical_row([getattr(entry, name) for name in FIELDS], entry.prev_hash)


def keyed_mac() -> hmac.HMAC:
    """An HMAC-SHA256 keyed with LOTS_AUDIT_KEY, to `.copy()` for each row."""
    return hmac.new(settings.LOTS_AUDIT_KEY.encode("utf-8"), digestmod=hashlib.sha256)


def row_hash(entry: AuditEntry) -> str:
    return hash_row([getattr(entry, name) for name in FIELDS], entry.prev_hash)


def hash_row(row: Sequence[Any], prev_hash: str, mac: hmac.HMAC | None = None) -> str:
    h = (mac or keyed_mac()).copy()
    h.update(canonical_row(row, prev_hash))
    return h.hexdigest()


def link(rows: Iterable[Sequence[Any]], prev_hash: str, mac: hmac.HMAC | None = None) -> Iterator[tuple[str, str]]:
    """(prev_hash, hash) of each row in turn, each row linked to the one before it."""
    mac = mac or keyed_mac()
    for row in rows:
        digest = hash_row(row, prev_hash, mac)
        yield prev_hash, digest
        prev_hash = digest
