"""Charts drawn on the server as SVG by pygal, one helper for every app (the follow-up's
figures, the pupil's absence).

The strict Content-Security-Policy refuses inline `<style>`, `<script>` and `style=""`: pygal
puts all three into its SVG, so they are taken out of the tree it renders before the SVG is
written into the page. The looks come from `static/lots/charts.css` (the pages' stylesheet
links it; a PDF reads the same file, `STYLESHEET`). Without its script pygal's tooltips are
gone: every chart is shown with its figures as a table beside it, for screen readers and for
print. Text in a chart (labels, the title) is written by ElementTree, which escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.util import compute_scale

from lots.core.diagrams import check_safe

STYLESHEET = Path(__file__).parent / "static" / "lots" / "charts.css"
WIDTH, HEIGHT = 640, 260
_STRIPPED = {"style", "script", "desc"}  # pygal's CSS and script, and its tooltips' data


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per label; None: not shown (a gap)


@dataclass(frozen=True)
class Guide:
    """A line drawn across the chart: a threshold or a target."""

    value: float
    label: str


def _y_labels(series: Sequence[Series], guides: Sequence[Guide], unit: str, ceiling: float | None):
    values = [v for s in series for v in s.values if v is not None] + [g.value for g in guides]
    top = ceiling if ceiling is not None else max([*values, 1])
    ticks = [t for t in compute_scale(0, top, False, 0, 4, 8) if t not in {g.value for g in guides}]
    suffix = f" {unit}" if unit else ""
    labels = [{"value": t, "label": f"{t:g}{suffix}"} for t in ticks]
    labels += [{"value": g.value, "label": f"{g.label} {g.value:g}{suffix}"} for g in guides]
    return sorted(labels, key=lambda label: label["value"]), [g.value for g in guides], top


def _clean(chart: pygal.graph.graph.Graph, title: str, ident: str, css_class: str) -> SafeString:
    """pygal's tree without what the CSP refuses, labelled for assistive technology."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            overlay = "tooltip-overlay" in child.get("class", "")
            if child.tag in _STRIPPED or child.tag is ElementTree.Comment or overlay:
                parent.remove(child)
        parent.attrib.pop("style", None)
        parent.attrib.pop("id", None)
    for own_title in root.findall("title"):  # pygal's ("Pygal"): ours is the one read out
        root.remove(own_title)
    root.set("class", f"chart {css_class}".strip())
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title")
    label = ElementTree.Element("title", {"id": f"{ident}-title"})
    label.text = title
    root.insert(0, label)
    check_safe(root)
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308 - ElementTree escapes every text


def _draw(kind, title, labels, series, *, ident, guides=(), unit="", ceiling=None, css_class="", **config):
    y_labels, major, top = _y_labels(series, guides, unit, ceiling)
    chart = kind(
        width=WIDTH,
        height=HEIGHT,
        js=[],
        css=[],
        disable_xml_declaration=True,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        y_labels=y_labels,
        y_labels_major=major,
        range=(0, top),
        truncate_label=-1,
        order_min=0,  # whole numbers on the axis: counts, per cent, days
        allow_interruptions=True,
        margin=8,
        **config,
    )
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.label, list(s.values))
    return _clean(chart, title, ident, css_class)


def bars(title: str, labels: Sequence[str], series: Sequence[Series], *, ident: str, **options) -> SafeString:
    """Bars side by side per label (one bar per series), guides across (a target)."""
    return _draw(pygal.Bar, title, labels, series, ident=ident, **options)


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[Series], *, ident: str, **options) -> SafeString:
    """Bars stacked per label (the series add up), guides across (thresholds)."""
    return _draw(pygal.StackedBar, title, labels, series, ident=ident, **options)


def lines(title: str, labels: Sequence[str], series: Sequence[Series], *, ident: str, **options) -> SafeString:
    """A line per series over the labels (months), a gap where a value is not shown."""
    return _draw(pygal.Line, title, labels, series, ident=ident, **options)
