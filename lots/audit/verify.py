"""Walk every chain from its first row and report where it breaks.

The log is several independent chains (the `chain` column); each is walked in id order. A
changed row no longer matches its own hash; a removed or inserted row breaks the link from the
next row of its chain to the one before it; a row moved to another chain breaks both chains'
links. One pass over the table in id order walks all chains at once. Last, each chain's last row
must be the head the writers will link to next (audit_chainhead).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lots.audit.chain import FIELDS, GENESIS, hash_row, keyed_mac
from lots.audit.models import AuditEntry, ChainHead

_COLUMNS = ("id", "chain", *FIELDS, "prev_hash", "hash")


@dataclass(frozen=True)
class Break:
    entry_id: int
    problem: str
    chain: int = 0

    def __str__(self) -> str:
        return f"row {self.entry_id} (chain {self.chain}): {self.problem}"


def verify_chain(*, chunk_size: int = 5000) -> tuple[int, list[Break]]:
    """Rows checked and the breaks found, over all chains."""
    checked = 0
    breaks: list[Break] = []
    heads: dict[int, tuple[str, int]] = {}  # chain -> (hash of its last row walked, that row's id)
    mac = keyed_mac()
    for entry_id, chain, *content, prev_hash, digest in _rows(chunk_size):
        checked += 1
        expected_prev, previous_id = heads.get(chain, (GENESIS, None))
        if prev_hash != expected_prev:
            after = f"row {previous_id}" if previous_id is not None else "the start of the chain"
            problem = f"does not follow {after}: a row was removed or inserted here, or moved between chains"
            breaks.append(Break(entry_id, problem, chain))
        if hash_row(content, prev_hash, mac) != digest:
            breaks.append(
                Break(entry_id, "its hash does not match its content: changed after it was written, or forged", chain)
            )
        heads[chain] = (digest, entry_id)
    return checked, breaks + _heads_out_of_step(heads)


def _heads_out_of_step(heads: dict[int, tuple[str, int]]) -> list[Break]:
    """Each chain's recorded head (audit_chainhead), where the next row will link, must be the
    hash of its last row: otherwise that row is a later addition, or the head was changed."""
    found = []
    for chain, recorded in ChainHead.objects.order_by("chain").values_list("chain", "hash"):
        last_hash, last_id = heads.get(chain, (GENESIS, None))
        if recorded != last_hash:
            problem = "is not where the chain's recorded head says it ends: a row was added after it without the head"
            if last_id is None:
                problem = "has no rows, but its recorded head names one"
            found.append(Break(last_id or 0, problem, chain))
    return found


def _rows(chunk_size: int) -> Iterator[tuple]:
    last_id = 0
    while True:
        chunk = list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk").values_list(*_COLUMNS)[:chunk_size])
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1][0]
