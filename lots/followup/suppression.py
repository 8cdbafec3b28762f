"""Small-number suppression: the one rule for every figure about children in Lots.

Every aggregate that Lots shows (the follow-up's dashboards and report, the routines' process
view, exports, the API) passes through here, so that a figure is hidden the same way everywhere.

- **Primary.** A count of 1 to threshold − 1 (`LOTS_FOLLOWUP_SMALL_COUNT`, default 5) is shown as
  "<5". Zero is shown: it names no one.
- **Secondary.** A reader who knows that some cells add up to another (a row and its total, the
  children who passed one step and those who passed or wait in the next) could work a hidden cell
  out by subtraction. The caller states those relations as `Sum`s; then
  1. no relation may have exactly one hidden cell,
  2. the hidden cells of a relation may not all be small ones (each known to lie between 1 and
     threshold − 1, their sum could pin them: 1 + 1 = 2, 4 + 4 = 8), and
  3. no hidden cell may follow from all the relations together (exact linear algebra over the
     hidden cells, modulo a large prime: a cell is given away when its unit vector lies in the
     row space), and
  4. no hidden cell may be pinned by bounds: a "<5" lies between 1 and threshold − 1, any other
     cell is at least 0, and each relation carries those bounds from cell to cell (4 + b = 9 puts
     b at 5 or more, so 5 + d = 6 puts d at 1 at most, and a "<5" d is then given away),
  each met by hiding one more cell: the smallest non-zero one shown in the relation. Such a cell
  is written "hidden", not "<5": it is not small.
- **Another period.** A change against the previous period is shown only when both figures are
  (`change`).

Shares, medians and other figures derived from counts are hidden when a count they rest on is
(see `lots.followup.tables`).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


def threshold() -> int:
    return int(settings.LOTS_FOLLOWUP_SMALL_COUNT)


def is_small(n: int, limit: int | None = None) -> bool:
    """Whether a count must be hidden on its own (primary suppression)."""
    limit = threshold() if limit is None else limit
    return 0 < n < limit


def small_label(limit: int | None = None) -> str:
    return f"<{threshold() if limit is None else limit}"


def shown(n: int, hidden: bool) -> str:
    """A count as it is written: the number; "<5" when it is small; "hidden" (in the reader's
    language) when it is hidden only so that a small one cannot be worked out."""
    if not hidden:
        return str(n)
    return small_label() if is_small(n) else str(_("hidden"))


@dataclass(frozen=True)
class Sum:
    """A relation a reader knows: the `parts` add up to `total`."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def suppress(values: Mapping[Any, int], relations: Iterable[Sum] = (), *, limit: int | None = None) -> set:
    """The keys of `values` to hide: the primary ones, and as few more as keep them hidden."""
    limit = threshold() if limit is None else limit
    relations = [r for r in relations if all(c in values for c in r.cells)]
    hidden = {key for key, n in values.items() if is_small(n, limit)}
    if not hidden:
        return hidden
    containing: dict[Hashable, list[int]] = defaultdict(list)
    for i, relation in enumerate(relations):
        for cell in relation.cells:
            containing[cell].append(i)
    while True:
        # The relations to look at again: those of every newly hidden cell, until none needs more.
        queue = deque(sorted({i for cell in hidden for i in containing[cell]}))
        waiting = set(queue)
        while queue:
            i = queue.popleft()
            waiting.discard(i)
            pick = _needs(values, relations[i], hidden, limit)
            if pick is None:
                continue
            hidden.add(pick)
            for j in [i, *containing[pick]]:
                if j not in waiting:
                    queue.append(j)
                    waiting.add(j)
        extra = _determined(values, relations, hidden)
        if extra is None:
            extra = _pinned(values, relations, hidden, limit)
        if extra is None:
            return hidden
        hidden.add(extra)


def _complement(values: Mapping, cells: Iterable[Hashable], hidden: set) -> Hashable | None:
    candidates = [c for c in cells if c not in hidden]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (values[c] == 0, values[c], repr(c)))


def _needs(values: Mapping, relation: Sum, hidden: set, limit: int) -> Hashable | None:
    """The cell to hide next for this relation, or None when it keeps its hidden cells hidden.

    A lone hidden cell follows by subtraction. Hidden cells that are all small are each known to
    lie between 1 and limit - 1: their sum can pin them (1 + 1 = 2, 4 + 4 = 8). A hidden cell that
    is not small has no such bound and keeps them open."""
    inside = [c for c in relation.cells if c in hidden]
    if inside and (len(inside) == 1 or all(is_small(values[c], limit) for c in inside)):
        return _complement(values, relation.cells, hidden)
    return None


#: The rank is taken modulo this prime (exact arithmetic on machine-sized numbers): the relations'
#: coefficients are 1 and -1, so a hidden cell follows modulo the prime exactly when it follows
#: over the rationals, unless the prime divides a minor of the relations, which for these
#: numbers it cannot in practice (a minor of n rows of ones is at most n^(n/2) in size).
_PRIME = (1 << 61) - 1


def _determined(values: Mapping, relations: list[Sum], hidden: set) -> Hashable | None:
    """A shown cell to hide because some hidden cell follows from the relations, or None.

    A hidden cell follows when its unit vector lies in the row space of the relations restricted
    to the hidden cells: in the reduced echelon form, a row with that one cell."""
    rows: list[dict[Hashable, int]] = []
    for relation in relations:
        row: dict[Hashable, int] = {}
        for part in relation.parts:
            if part in hidden:
                row[part] = row.get(part, 0) + 1
        if relation.total in hidden:
            row[relation.total] = row.get(relation.total, 0) - 1
        row = {k: v % _PRIME for k, v in row.items() if v % _PRIME}
        if row:
            rows.append(row)
    for reduced in _reduced(rows):
        if len(reduced) == 1:
            (key,) = reduced
            for relation in relations:
                if key in relation.cells:
                    pick = _complement(values, relation.cells, hidden)
                    if pick is not None:
                        return pick
    return None


#: Rounds of bound propagation; the tables Lots draws settle in a handful.
_ROUNDS = 100


def _pinned(values: Mapping, relations: list[Sum], hidden: set, limit: int) -> Hashable | None:
    """A shown cell to hide because the bounds a reader knows pin some hidden cell, or None.

    Each relation narrows its cells' bounds from the others' (interval propagation); a hidden
    cell whose lowest and highest possible values meet is given away."""
    low: dict[Hashable, float] = {}
    high: dict[Hashable, float] = {}
    for relation in relations:
        for cell in relation.cells:
            if cell not in hidden:
                low[cell] = high[cell] = values[cell]
            elif is_small(values[cell], limit):
                low[cell], high[cell] = 1, limit - 1
            else:
                low[cell], high[cell] = 0, math.inf
    for _round in range(_ROUNDS):
        changed = False
        for relation in relations:
            # total = sum(parts): each side bounds the other; each part is the total less the rest.
            terms = [(relation.total, 1), *((part, -1) for part in relation.parts)]
            for cell, sign in terms:
                rest_low = sum(low[c] if s == sign else -high[c] for c, s in terms if c != cell)
                rest_high = sum(high[c] if s == sign else -low[c] for c, s in terms if c != cell)
                # sign·cell + Σ s·c = 0, so cell = -sign·Σ(s·c) over the others.
                new_low, new_high = -rest_high, -rest_low
                if new_low > low[cell]:
                    low[cell], changed = new_low, True
                if new_high < high[cell]:
                    high[cell], changed = new_high, True
        if not changed:
            break
    for cell in sorted(hidden & low.keys(), key=repr):
        if low[cell] == high[cell]:
            for relation in relations:
                if cell in relation.cells:
                    pick = _complement(values, relation.cells, hidden)
                    if pick is not None:
                        return pick
    return None


def _reduced(rows: list[dict[Hashable, int]]) -> list[dict[Hashable, int]]:
    """The reduced row echelon form of sparse rows ({cell: coefficient}), modulo `_PRIME`."""
    done: list[tuple[Hashable, dict[Hashable, int]]] = []  # (pivot, row) with the pivot's coefficient 1
    for row in rows:
        row = dict(row)
        for pivot, other in done:
            factor = row.get(pivot)
            if factor:
                for k, v in other.items():
                    value = (row.get(k, 0) - factor * v) % _PRIME
                    if value:
                        row[k] = value
                    else:
                        row.pop(k, None)
        if not row:
            continue
        pivot = min(row, key=repr)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        row = {k: v * inverse % _PRIME for k, v in row.items()}
        for i, (p, other) in enumerate(done):
            factor = other.get(pivot)
            if factor:
                for k, v in row.items():
                    value = (other.get(k, 0) - factor * v) % _PRIME
                    if value:
                        other[k] = value
                    else:
                        other.pop(k, None)
                done[i] = (p, other)
        done.append((pivot, row))
    return [row for _pivot, row in done]


def change(now: int, before: int, *, now_hidden: bool, before_hidden: bool) -> int | None:
    """The change against the previous period, or None when either figure is hidden."""
    if now_hidden or before_hidden:
        return None
    return now - before
