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


def _grid(values: Mapping[tuple, int], rows: Sequence[Hashable], cols: Sequence[Hashable]) -> dict[tuple, Cell]:
    """Every cell of rows × cols with the margins, suppressed together."""
    all_rows, all_cols = [*rows, TOTAL], [*cols, TOTAL]
    full: dict[tuple, int] = {}
    for r in rows:
        for c in cols:
            full[(r, c)] = values.get((r, c), 0)
        full[(r, TOTAL)] = sum(full[(r, c)] for c in cols) if cols else values.get((r, TOTAL), 0)
    for c in all_cols:
        full[(TOTAL, c)] = sum(full[(r, c)] for r in rows)
    relations = [suppression.Sum((TOTAL, c), tuple((r, c) for r in rows)) for c in all_cols]
    if cols:
        relations += [suppression.Sum((r, TOTAL), tuple((r, c) for c in cols)) for r in all_rows]
    hidden = suppression.suppress(full, relations)
    return {key: _cell(n, key in hidden) for key, n in full.items()}


def build(
    indicator: Indicator, tallies: Iterable[Tally], row_of: Mapping[int, Hashable], labels: Mapping[Hashable, str]
) -> Table:
    """The indicator's table for one period: `row_of` maps an agency to its row (a principal or
    itself); `labels` names the rows in order. An agency outside `row_of` is not counted."""
    rows = list(labels)
    tallies = [t for t in tallies if t.agency_id in row_of]
    if indicator.kind is Kind.SHARE:
        return _share_table(tallies, row_of, rows, labels)
    if indicator.kind is Kind.DURATION:
        return _duration_table(tallies, row_of, rows, labels)
    cols = list(indicator.categories)
    values: dict[tuple, int] = defaultdict(int)
    for t in tallies:
        values[(row_of[t.agency_id], t.category if cols else TOTAL)] += t.n
    grid = _grid(values, rows, cols)
    headings = (*(str(indicator.categories[c]) for c in cols), str(_("Total")))
    return _table(Kind.COUNT, headings, [*cols, TOTAL], grid, rows, labels)


def _table(kind, headings, cols, grid, rows, labels, extra=None) -> Table:
    extra = extra or {}

    def row(key, label):
        return Row(key, label, tuple(grid[(key, c)] for c in cols), **extra.get(key, {}))

    return Table(
        kind,
        tuple(headings),
        tuple(row(r, labels[r]) for r in rows) if len(rows) > 1 else (),
        row(TOTAL, str(_("Total"))),
    )


def _share_table(tallies, row_of, rows, labels) -> Table:
    values: dict[tuple, int] = defaultdict(int)
    for t in tallies:
        values[(row_of[t.agency_id], "kept")] += t.n
        values[(row_of[t.agency_id], "missed")] += t.of - t.n
    grid = _grid(values, rows, ["kept", "missed"])
    extra = {}
    for r in [*rows, TOTAL]:
        kept, missed, of = grid[(r, "kept")], grid[(r, "missed")], grid[(r, TOTAL)]
        if not (kept.hidden or missed.hidden or of.hidden) and of.value:
            extra[r] = {"share": round(100 * (kept.value or 0) / of.value)}
    headings = (str(_("Kept")), str(_("Not kept")), str(_("Total")))
    return _table(Kind.SHARE, headings, ["kept", "missed", TOTAL], grid, rows, labels, extra)


def _duration_table(tallies, row_of, rows, labels) -> Table:
    histograms: dict[Hashable, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    values: dict[tuple, int] = defaultdict(int)
    for t in tallies:
        r = row_of[t.agency_id]
        histograms[r][t.days] += t.n
        histograms[TOTAL][t.days] += t.n
        values[(r, TOTAL)] += t.n
    grid = _grid(values, rows, [])
    extra = {}
    for r in [*rows, TOTAL]:
        n = grid[(r, TOTAL)]
        if not n.hidden and n.value and n.value >= suppression.threshold():
            extra[r] = {
                "median": percentile(histograms[r], n.value, 50),
                "p90": percentile(histograms[r], n.value, 90),
            }
    return _table(Kind.DURATION, (str(_("Cases")),), [TOTAL], grid, rows, labels, extra)
