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
     hidden cells: a cell is given away when its unit vector lies in the row space),
  each met by hiding one more cell: the smallest non-zero one shown in the relation. Such a cell
  is written "hidden", not "<5": it is not small.
- **Another period.** A change against the previous period is shown only when both figures are
  (`change`).

Shares, medians and other figures derived from counts are hidden when a count they rest on is
(see `lots.followup.tables`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
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
    while True:
        extra = _line_rule(values, relations, hidden, limit)
        if extra is None:
            extra = _determined(values, relations, hidden)
        if extra is None:
            return hidden
        hidden.add(extra)


def _complement(values: Mapping, cells: Iterable[Hashable], hidden: set) -> Hashable | None:
    candidates = [c for c in cells if c not in hidden]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (values[c] == 0, values[c], repr(c)))


def _line_rule(values: Mapping, relations: list[Sum], hidden: set, limit: int) -> Hashable | None:
    for relation in relations:
        inside = [c for c in relation.cells if c in hidden]
        if not inside:
            continue
        # A lone hidden cell follows by subtraction. Hidden cells that are all small are each known
        # to lie between 1 and limit - 1: their sum can pin them (1 + 1 = 2, 4 + 4 = 8). A hidden
        # cell that is not small has no such bound and keeps them open.
        if len(inside) == 1 or all(is_small(values[c], limit) for c in inside):
            pick = _complement(values, relation.cells, hidden)
            if pick is not None:
                return pick
    return None


def _determined(values: Mapping, relations: list[Sum], hidden: set) -> Hashable | None:
    """A shown cell to hide because some hidden cell follows from the relations, or None."""
    order = sorted(hidden, key=repr)
    column = {key: i for i, key in enumerate(order)}
    rows = []
    for relation in relations:
        row = [Fraction(0)] * len(order)
        for part in relation.parts:
            if part in column:
                row[column[part]] += 1
        if relation.total in column:
            row[column[relation.total]] -= 1
        if any(row):
            rows.append(row)
    for pivot_row in _reduced(rows, len(order)):
        support = [i for i, x in enumerate(pivot_row) if x]
        if len(support) == 1:
            key = order[support[0]]
            containing = [r for r in relations if key in r.cells]
            for relation in containing:
                pick = _complement(values, relation.cells, hidden)
                if pick is not None:
                    return pick
    return None


def _reduced(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    """The reduced row echelon form of `rows` (exact, over the rationals)."""
    rows = [list(r) for r in rows]
    result_rows = 0
    for col in range(width):
        pivot = next((i for i in range(result_rows, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[result_rows], rows[pivot] = rows[pivot], rows[result_rows]
        head = rows[result_rows][col]
        rows[result_rows] = [x / head for x in rows[result_rows]]
        for i in range(len(rows)):
            if i != result_rows and rows[i][col]:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[result_rows], strict=True)]
        result_rows += 1
    return rows[:result_rows]


def change(now: int, before: int, *, now_hidden: bool, before_hidden: bool) -> int | None:
    """The change against the previous period, or None when either figure is hidden."""
    if now_hidden or before_hidden:
        return None
    return now - before
