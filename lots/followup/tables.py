"""Counted groups made into the tables Lots shows, with small counts suppressed.

A table has a row per organisation (principal or agency) and one for the total, and a column
per category and one for the total. The relations a reader knows (each row adds up to its
total, each column to the total row) go to `suppression.suppress`; the cells come out as
`Cell`s that carry only what may be shown: a hidden count leaves this module as "<5" and
nothing else, so no page, export or API answer can show it by mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lots.followup import suppression
from lots.followup.registry import Indicator, Kind, Tally

TOTAL = "total"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when hidden
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None


def _cell(n: int, hidden: bool) -> Cell:
    return Cell(None if hidden else n, suppression.shown(n, hidden))


@dataclass(frozen=True)
class Row:
    key: Hashable
    label: str
    cells: tuple[Cell, ...]  # one per column, the total last
    share: int | None = None  # SHARE: per cent, when both its counts are shown
    median: int | None = None  # DURATION
    p90: int | None = None  # DURATION

    @property
    def total(self) -> Cell:
        return self.cells[-1]


@dataclass(frozen=True)
class Table:
    kind: Kind
    columns: tuple[str, ...]  # headings, the total last
    rows: tuple[Row, ...]  # the organisations (empty when the scope is one organisation)
    total: Row

    @property
    def headline(self) -> int | None:
        """The one figure of the table: the total count, share or median (None: hidden)."""
        if self.kind is Kind.SHARE:
            return self.total.share
        if self.kind is Kind.DURATION:
            return self.total.median
        return self.total.total.value


def percentile(histogram: Mapping[int, int], n: int, share: int) -> int | None:
    """Nearest-rank percentile of a histogram the database counted ({days: how many})."""
    if n <= 0:
        return None
    wanted, seen = (n * share + 99) // 100, 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= wanted:
            return days
    return None


@dataclass(frozen=True)
class Tree:
    """The organisations figures are counted for: each agency's row (`leaf_of`), each row's
    parent up to TOTAL, the names; and which part is shown: the rows under `root`, `root` as
    the total. Suppression runs over the whole tree, so that a figure is hidden the same way
    in every view of it (a principal's row among the principals, and the same principal's total
    over its agencies)."""

    leaf_of: Mapping[int, Hashable]
    parent: Mapping[Hashable, Hashable]
    labels: Mapping[Hashable, str]
    root: Hashable = TOTAL
    shown: tuple[Hashable, ...] = ()

    def chain(self, key: Hashable) -> list[Hashable]:
        """The key and every row above it."""
        found = [key]
        while found[-1] != TOTAL:
            found.append(self.parent.get(found[-1], TOTAL))
        return found


def _grid(leaves: Mapping[tuple, int], tree: Tree, cols: Sequence[Hashable]) -> dict[tuple, Cell]:
    """Every row of the tree × cols with the totals, suppressed together."""
    all_cols = [*cols, TOTAL]
    keys = {TOTAL, *tree.parent, *tree.parent.values()}
    full: dict[tuple, int] = {(k, c): 0 for k in keys for c in all_cols}
    for (leaf, c), n in leaves.items():
        for key in tree.chain(leaf):
            full[(key, c)] += n
            if cols:
                full[(key, TOTAL)] += n
    children: dict[Hashable, list] = defaultdict(list)
    for child, parent in tree.parent.items():
        children[parent].append(child)
    relations = [suppression.Sum((p, c), tuple((k, c) for k in kids)) for p, kids in children.items() for c in all_cols]
    if cols:
        relations += [suppression.Sum((k, TOTAL), tuple((k, c) for c in cols)) for k in keys]
    hidden = suppression.suppress(full, relations)
    return {key: _cell(n, key in hidden) for key, n in full.items()}


def build(indicator: Indicator, tallies: Iterable[Tally], tree: Tree) -> Table:
    """The indicator's table for one period; an agency outside the tree is not counted."""
    tallies = [t for t in tallies if t.agency_id in tree.leaf_of]
    if indicator.kind is Kind.SHARE:
        return _share_table(tallies, tree)
    if indicator.kind is Kind.DURATION:
        return _duration_table(tallies, tree)
    cols = list(indicator.categories)
    values: dict[tuple, int] = defaultdict(int)
    for t in tallies:
        values[(tree.leaf_of[t.agency_id], t.category if cols else TOTAL)] += t.n
    grid = _grid(values, tree, cols)
    headings = (*(str(indicator.categories[c]) for c in cols), str(_("Total")))
    return _table(Kind.COUNT, headings, [*cols, TOTAL], grid, tree)


def _table(kind, headings, cols, grid, tree: Tree, extra=None) -> Table:
    extra = extra or {}

    def row(key, label):
        return Row(key, label, tuple(grid[(key, c)] for c in cols), **extra.get(key, {}))

    return Table(
        kind,
        tuple(headings),
        tuple(row(r, tree.labels[r]) for r in tree.shown) if len(tree.shown) > 1 else (),
        row(tree.root, str(_("Total"))),
    )


def _share_table(tallies, tree: Tree) -> Table:
    values: dict[tuple, int] = defaultdict(int)
    for t in tallies:
        values[(tree.leaf_of[t.agency_id], "kept")] += t.n
        values[(tree.leaf_of[t.agency_id], "missed")] += t.of - t.n
    grid = _grid(values, tree, ["kept", "missed"])
    extra = {}
    for r in [*tree.shown, tree.root]:
        kept, missed, of = grid[(r, "kept")], grid[(r, "missed")], grid[(r, TOTAL)]
        if not (kept.hidden or missed.hidden or of.hidden) and of.value:
            extra[r] = {"share": round(100 * (kept.value or 0) / of.value)}
    headings = (str(_("Kept")), str(_("Not kept")), str(_("Total")))
    return _table(Kind.SHARE, headings, ["kept", "missed", TOTAL], grid, tree, extra)


def _duration_table(tallies, tree: Tree) -> Table:
    histograms: dict[Hashable, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    values: dict[tuple, int] = defaultdict(int)
    for t in tallies:
        leaf = tree.leaf_of[t.agency_id]
        for key in tree.chain(leaf):
            histograms[key][t.days] += t.n
        values[(leaf, TOTAL)] += t.n
    grid = _grid(values, tree, [])
    extra = {}
    for r in [*tree.shown, tree.root]:
        n = grid[(r, TOTAL)]
        if not n.hidden and n.value and n.value >= suppression.threshold():
            extra[r] = {
                "median": percentile(histograms[r], n.value, 50),
                "p90": percentile(histograms[r], n.value, 90),
            }
    return _table(Kind.DURATION, (str(_("Cases")),), [TOTAL], grid, tree, extra)
