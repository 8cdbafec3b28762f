"""Signed checkpoints of the access log's chains, kept outside the database (decision 0008).

A chain shows a changed, removed or inserted row, but not rows cut off its end, nor a log
emptied whole: the head it would be checked against lives in the same database. A checkpoint
records, for every chain, its last row (id and hash) and how many rows it holds, signed with
HMAC-SHA256 under LOTS_ANCHOR_KEY, a key the database and the web processes never hold. It is
appended as one JSON line to LOTS_ANCHOR_FILE (and sent to syslog when LOTS_ANCHOR_SYSLOG is
set), which the operator ships to storage that only appends (docs/operations.md).

`verify_audit_log` and `restore_lots` check the log against the checkpoints: every checkpointed
row must still be there with its hash, as the same row of its chain. A line whose signature fails
is reported, never trusted. A "restore" line, written by a restore, starts the checks afresh: the
rows logged after the backup are gone for good, and the ids they had may be used again.

The writer runs from cron or the task worker (`checkpoint_audit_log`), never in a request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import logging.handlers
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Max, Q

from lots.audit.models import AuditEntry, ChainHead
from lots.conf import local_secret_key

VERSION = 1
#: How far from the end of the anchor file the writer looks for the last line.
_TAIL_BYTES = 1 << 16


class AnchorError(Exception):
    """The log and its signed checkpoints disagree, or a checkpoint's signature fails: the
    message names the chain and what is wrong."""


@dataclass(frozen=True)
class Anchored:
    """A row a checkpoint names: the chain's last row when the checkpoint was written."""

    chain: int
    hash: str
    count: int
    at: str


def anchor_key() -> bytes:
    """LOTS_ANCHOR_KEY; on a local install without it, one generated into LOTS_VAR_DIR/anchor_key.
    Read only when a checkpoint or a backup is written or checked, so the web processes need not
    hold it."""
    key = settings.LOTS_ANCHOR_KEY or local_secret_key(Path(settings.VAR_DIR) / "anchor_key")
    if key == settings.LOTS_AUDIT_KEY:
        raise ImproperlyConfigured("LOTS_ANCHOR_KEY must not be LOTS_AUDIT_KEY (docs/decisions/0008).")
    return key.encode("utf-8")


def _canonical(document: dict) -> bytes:
    body = {name: value for name, value in document.items() if name != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(document: dict) -> dict:
    """The document with its `signature`: HMAC-SHA256 under the anchor key of its other keys."""
    return {**document, "signature": hmac.new(anchor_key(), _canonical(document), hashlib.sha256).hexdigest()}


def signature_holds(document: dict) -> bool:
    given = document.get("signature")
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(given, sign(document)["signature"])


def private_file(path: Path) -> int:
    """Open `path` to append, created 0600 (and its folder 0700 when it is made here)."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)


# Writing ----------------------------------------------------------------------------------------


def _last_line(path: Path) -> dict | None:
    if not path.exists():
        return None
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - _TAIL_BYTES))
        lines = [line for line in handle.read().splitlines() if line.strip()]
    if not lines:
        return None
    try:
        return json.loads(lines[-1])
    except ValueError:
        return None


def current_heads(previous: dict | None = None) -> dict[str, dict]:
    """Each chain's last row and its number of rows: {"<chain>": {"id", "hash", "count"}}.

    Counted from a trusted previous checkpoint on (the rows of a chain after its last row then),
    so that a checkpoint reads the rows written since the last one, not the whole log; without
    one, the whole log is counted once."""
    before = {int(chain): head for chain, head in (previous or {}).get("chains", {}).items()}
    chains = sorted({*ChainHead.objects.values_list("chain", flat=True), *before})
    since = min((head["id"] for head in before.values()), default=0) if set(chains) <= set(before) else 0
    aggregates = {}
    for chain in chains:
        after = before.get(chain, {}).get("id", 0) if since else 0
        new_rows = Q(chain=chain, id__gt=after)
        aggregates[f"n{chain}"] = Count("id", filter=new_rows)
        aggregates[f"last{chain}"] = Max("id", filter=new_rows)
    found = AuditEntry.objects.filter(id__gt=since).aggregate(**aggregates) if chains else {}
    last_ids = [found[f"last{chain}"] for chain in chains if found[f"last{chain}"] is not None]
    hashes = dict(AuditEntry.objects.filter(pk__in=last_ids).values_list("pk", "hash"))
    heads = {}
    for chain in chains:
        old = before.get(chain) if since else None
        last = found[f"last{chain}"]
        if last is None and old is None:
            continue
        if last is None:
            heads[str(chain)] = dict(old)
        else:
            count = (old["count"] if old else 0) + found[f"n{chain}"]
            heads[str(chain)] = {"id": last, "hash": hashes[last], "count": count}
    return heads


def _still_there(previous: dict) -> list[str]:
    """The previous checkpoint's rows, looked up by id: any gone or changed is a cut log."""
    chains = previous.get("chains", {})
    rows = dict(AuditEntry.objects.filter(pk__in=[head["id"] for head in chains.values()]).values_list("pk", "hash"))
    return [
        f"chain {chain}: row {head['id']}, the last checkpoint's end, is gone or changed"
        for chain, head in sorted(chains.items(), key=lambda item: int(item[0]))
        if rows.get(head["id"]) != head["hash"]
    ]


def write_checkpoint(*, kind: str = "checkpoint", **extra) -> dict:
    """Append a signed checkpoint of every chain to the anchor (and syslog). Refuses, naming the
    chains, when the log no longer holds the previous checkpoint's rows."""
    path = Path(settings.LOTS_ANCHOR_FILE)
    previous = _last_line(path)
    trusted = previous if previous and signature_holds(previous) else None
    with transaction.atomic():
        if trusted and kind == "checkpoint":
            gone = _still_there(trusted)
            if gone:
                raise AnchorError("The access log was cut after the last checkpoint: " + "; ".join(gone))
        heads = current_heads(trusted if kind == "checkpoint" else None)
    document = sign(
        {
            "v": VERSION,
            "kind": kind,
            "at": dt.datetime.now(tz=dt.UTC).isoformat(),
            "rows": sum(head["count"] for head in heads.values()),
            "chains": heads,
            **extra,
        }
    )
    line = json.dumps(document, sort_keys=True, separators=(",", ":"))
    fd = private_file(path)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if settings.LOTS_ANCHOR_SYSLOG:
        _to_syslog(line)
    return document


def _to_syslog(line: str) -> None:
    address: str | tuple[str, int] = settings.LOTS_ANCHOR_SYSLOG
    if ":" in address and not address.startswith("/"):
        host, port = address.rsplit(":", 1)
        address = (host, int(port))
    handler = logging.handlers.SysLogHandler(address=address, facility=logging.handlers.SysLogHandler.LOG_AUTH)
    try:
        record = {"msg": "lots-audit-anchor " + line, "levelno": logging.INFO, "levelname": "INFO"}
        handler.emit(logging.makeLogRecord(record))
    finally:
        handler.close()


# Checking ---------------------------------------------------------------------------------------


@dataclass
class Anchor:
    """What the anchor file says: the rows it names since the last restore, and its faults."""

    path: Path
    lines: int = 0
    anchored: dict[int, Anchored] | None = None
    problems: list[str] | None = None
    last_at: str | None = None

    @property
    def missing(self) -> bool:
        return self.lines == 0


def read_anchor(path: Path | None = None, *, until: str | None = None) -> Anchor:
    """The checkpoints in the anchor file since its last restore line (those written by `until`,
    an ISO time, when given). Lines that do not parse or whose signature fails are problems."""
    path = Path(path or settings.LOTS_ANCHOR_FILE)
    anchor = Anchor(path=path, anchored={}, problems=[])
    if not path.exists():
        return anchor
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            anchor.lines += 1
            try:
                document = json.loads(raw)
            except ValueError:
                anchor.problems.append(f"anchor line {number} is not a checkpoint")
                continue
            if not isinstance(document, dict) or not signature_holds(document):
                anchor.problems.append(f"anchor line {number}: its signature does not hold (changed, or another key)")
                continue
            if until is not None and _time(document["at"]) > _time(until):
                continue
            if document.get("kind") == "restore":
                anchor.anchored = {}
            anchor.anchored.update(_rows_named(document))
            anchor.last_at = document["at"]
    return anchor


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _rows_named(document: dict) -> Iterable[tuple[int, Anchored]]:
    for chain, head in document.get("chains", {}).items():
        yield head["id"], Anchored(chain=int(chain), hash=head["hash"], count=head["count"], at=document["at"])
