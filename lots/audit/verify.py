"""Walk the chain from the first row and report where it breaks.

A changed row no longer matches its own hash; a removed or inserted row breaks the link
from the next row to the one before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lots.audit.chain import GENESIS, row_hash
from lots.audit.models import AuditEntry


@dataclass(frozen=True)
class Break:
    entry_id: int
    problem: str

    def __str__(self) -> str:
        return f"row {self.entry_id}: {self.problem}"


def verify_chain(*, chunk_size: int = 5000) -> tuple[int, list[Break]]:
    checked = 0
    breaks: list[Break] = []
    expected_prev = GENESIS
    previous_id = None
    for entry in _rows(chunk_size):
        checked += 1
        if entry.prev_hash != expected_prev:
            after = f"row {previous_id}" if previous_id is not None else "the start of the log"
            breaks.append(Break(entry.pk, f"does not follow {after}: a row was removed or inserted here"))
        if row_hash(entry) != entry.hash:
            breaks.append(
                Break(
                    entry.pk,
                    "its hash does not match its content: changed after it was written, or forged",
                )
            )
        expected_prev = entry.hash
        previous_id = entry.pk
    return checked, breaks


def _rows(chunk_size: int) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        chunk = list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1].pk
