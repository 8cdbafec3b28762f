"""The follow-up's two charts, drawn by `lots.core.charts`: bars of this period against the one
before by organisation (the target as a dashed line), and lines month by month. A hidden figure
is a gap, never a bar; the same figures are shown as tables beside them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lots.core import charts
from lots.followup.registry import Kind
from lots.followup.selectors import Figures
from lots.followup.trends import Trend


def row_figure(kind: Kind, row) -> int | None:
    """A row's one figure: its count, share or median (None: hidden or too few)."""
    if kind is Kind.SHARE:
        return row.share
    if kind is Kind.DURATION:
        return row.median
    return row.total.value


def _unit(kind: Kind) -> str:
    return {Kind.SHARE: "%", Kind.DURATION: "d"}.get(kind, "")


def row_text(kind: Kind, row) -> str:
    """A row's one figure as the tables write it ("<5", "dolt", "–" when it is not shown)."""
    if kind is Kind.COUNT:
        return row.total.text
    value = row_figure(kind, row)
    return "–" if value is None else f"{value} {_unit(kind)}"


@dataclass(frozen=True)
class Compared:
    label: str
    now: int | None
    before: int | None
    now_text: str
    before_text: str


def comparison(f: Figures) -> list[Compared]:
    """This period and the previous one for each row the table shows, or for the total."""
    kind = f.indicator.kind
    now = f.now.rows or (f.now.total,)
    before = f.before.rows or (f.before.total,)
    return [
        Compared(n.label, row_figure(kind, n), row_figure(kind, b), row_text(kind, n), row_text(kind, b))
        for n, b in zip(now, before, strict=True)
    ]


def bars(f: Figures, title: str) -> SafeString:
    rows = comparison(f)
    labels = [r.label for r in rows] if f.now.rows else [title]
    guides = [] if f.target is None else [charts.Guide(f.target, _("target"))]
    return charts.bars(
        _("%(figure)s: this period against the previous one") % {"figure": f.indicator.label},
        labels,
        [
            charts.Series(_("This period"), [r.now for r in rows]),
            charts.Series(_("Previous period"), [r.before for r in rows]),
        ],
        ident=f"bars-{slugify(f.indicator.key)}",
        guides=guides,
        unit=_unit(f.indicator.kind),
    )


def lines(trend: Trend) -> SafeString:
    return charts.lines(
        (_("%(figure)s year by year") if trend.by_year else _("%(figure)s month by month"))
        % {"figure": trend.indicator.label},
        trend.labels,
        [
            charts.Series(_("This period"), [p.value for p in trend.now]),
            charts.Series(_("Previous period"), [p.value if p else None for p in trend.before]),
        ],
        ident=f"trend-{slugify(trend.indicator.key)}",
        unit=_unit(trend.indicator.kind),
    )
