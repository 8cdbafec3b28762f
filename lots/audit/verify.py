"""Walk every chain from its first row and report where it breaks.

The log is several independent chains (the `chain` column); each is walked in id order. A
changed row no longer matches its own hash; a removed or inserted row breaks the link from the
next row of its chain to the one before it; a row moved to another chain breaks both chains'
links. One pass over the table in id order walks all chains at once. Last, each chain's last row
must be the head the writers will link to next (audit_chainhead).

Given the rows that signed checkpoints name (`lots.audit.anchor`, kept outside the database), the
walk also checks that each is still there, with its hash, as the same row of its chain: a chain
cut at its end, or a log emptied, is found only so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lots.audit.anchor import Anchored
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


def verify_chain(*, chunk_size: int = 5000, anchored: Mapping[int, Anchored] | None = None) -> tuple[int, list[Break]]:
    """Rows checked and the breaks found, over all chains (and against the rows checkpoints name)."""
    checked = 0
    breaks: list[Break] = []
    anchored = anchored or {}
    counts: dict[int, int] = {}
    met: set[int] = set()
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
        counts[chain] = counts.get(chain, 0) + 1
        if entry_id in anchored:
            met.add(entry_id)
            breaks += _unlike_checkpoint(entry_id, chain, digest, counts[chain], anchored[entry_id])
    return checked, breaks + _heads_out_of_step(heads) + _anchored_rows_gone(anchored, met)


def _unlike_checkpoint(entry_id: int, chain: int, digest: str, count: int, expected: Anchored) -> list[Break]:
    said = f"the checkpoint of {expected.at}"
    if (chain, digest) != (expected.chain, expected.hash):
        return [Break(entry_id, f"is not the row {said} ended chain {expected.chain} with", chain)]
    if count != expected.count:
        return [Break(entry_id, f"is row {count} of its chain, {said} counted {expected.count}", chain)]
    return []


def _anchored_rows_gone(anchored: Mapping[int, Anchored], met: set[int]) -> list[Break]:
    """Rows a checkpoint named that the walk never met: the chain was cut, or the log emptied.
    One break per chain, at the last row of it that a checkpoint named."""
    gone: dict[int, tuple[int, Anchored]] = {}
    for entry_id, expected in anchored.items():
        if entry_id not in met and (expected.chain not in gone or entry_id > gone[expected.chain][0]):
            gone[expected.chain] = (entry_id, expected)
    return [
        Break(
            entry_id,
            f"is gone: the checkpoint of {expected.at} ended chain {chain} there with {expected.count} rows; "
            "the chain was cut at its end or the log emptied",
            chain,
        )
        for chain, (entry_id, expected) in sorted(gone.items())
    ]


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
