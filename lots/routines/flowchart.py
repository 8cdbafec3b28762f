"""The flowchart of a routine version as an SVG drawn on the server: no script, prints well.

A simple layered layout: each step in the layer of its distance from the first step (breadth
first), steps of a layer side by side in their order; branches forward are straight arrows,
branches back (a loop) curve round the right-hand side. The SVG is an image with a title and a
description; the page puts a text version (an ordered list with the branches) beside it. The
process view passes figures per step, which are written into the boxes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lots.followup.suppression import threshold
from lots.routines import graph
from lots.routines.models import DayKind, Step

WIDTH, HEIGHT, FIGURES_HEIGHT = 250, 72, 34
GAP_X, GAP_Y, MARGIN, TOP = 40, 56, 20, 40
LANE, LABEL_ROOM = 14, 190  # a lane on the right for each branch back; room for their conditions


def nodes_of_steps(steps: Sequence[Step]) -> list[graph.Node]:
    return [
        graph.Node(
            key=s.key,
            title=s.title,
            next=tuple(b.to_step.key for b in s.branches.all()),
            relative_to=s.relative_to.key if s.relative_to_id else None,
        )
        for s in steps
    ]


def deadline_text(step: Step) -> str:
    if step.deadline_days is None:
        return ""
    n = step.deadline_days
    if n == 0:  # not "0 days from the start"
        if step.relative_to_id:
            return _("The same day as “%(step)s”") % {"step": step.relative_to.title}
        return _("The day the journey starts")
    if step.deadline_kind == DayKind.WORKING:
        days = ngettext("%(n)s working day", "%(n)s working days", n) % {"n": n}
    else:
        days = ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
    if step.relative_to_id:
        return _("%(days)s after “%(step)s”") % {"days": days, "step": step.relative_to.title}
    return _("%(days)s from the start") % {"days": days}


def layout(nodes: Sequence[graph.Node]) -> dict[str, tuple[int, int]]:
    """(layer, position in layer) of each step; steps the start does not reach go last."""
    depths = graph.Graph(list(nodes)).depths()
    last = max(depths.values(), default=-1) + 1
    layers: dict[int, list[str]] = {}
    for node in nodes:
        layers.setdefault(depths.get(node.key, last), []).append(node.key)
    return {key: (layer, i) for layer, keys in layers.items() for i, key in enumerate(keys)}


_TEXT_ATTRS = {
    "node-title": 'font-size="14" font-weight="600" fill="#1b1b1b"',
    "node-meta": 'font-size="12" fill="#3d4451"',
    "node-figures": 'font-size="12" fill="#1d3557"',
    "edge-label": 'font-size="12" fill="#3d4451"',
}


def _text(x: float, y: float, content: str, css: str, *, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" class="{css}" text-anchor="{anchor}" font-family="sans-serif" '
        f"{_TEXT_ATTRS[css]}>{escape(content)}</text>"
    )


def render(
    steps: Sequence[Step],
    *,
    title: str,
    figures: Mapping[str, object] | None = None,
    stalled: str | None = None,
) -> SafeString:
    nodes = nodes_of_steps(steps)
    places = layout(nodes)
    per_layer: dict[int, int] = {}
    for layer, _i in places.values():
        per_layer[layer] = per_layer.get(layer, 0) + 1
    columns = max(per_layer.values(), default=1)
    height = HEIGHT + (FIGURES_HEIGHT if figures is not None else 0)
    right = MARGIN + columns * WIDTH + (columns - 1) * GAP_X
    edges = [(s.key, b) for s in steps for b in s.branches.all() if b.to_step.key in places]
    back = [e for e in edges if places[e[1].to_step.key][0] < places[e[0]][0]]
    total_w = right + LANE * (len(back) + 1) + (LABEL_ROOM if back else 0) + MARGIN
    total_h = TOP + len(per_layer) * height + max(len(per_layer) - 1, 0) * GAP_Y + GAP_Y
    box: dict[str, tuple[float, float]] = {}
    for key, (layer, i) in places.items():
        row_w = per_layer[layer] * WIDTH + (per_layer[layer] - 1) * GAP_X
        left = MARGIN + (columns * WIDTH + (columns - 1) * GAP_X - row_w) / 2
        box[key] = (left + i * (WIDTH + GAP_X), TOP + layer * (height + GAP_Y))
    desc = _("A flowchart of %(n)s steps. The same steps are listed as text beside it.") % {"n": len(nodes)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" role="img" '
        f'viewBox="0 0 {total_w:.0f} {total_h:.0f}" '
        f'width="{total_w:.0f}" height="{total_h:.0f}" aria-labelledby="flow-title flow-desc">',
        f'<title id="flow-title">{escape(title)}</title><desc id="flow-desc">{escape(desc)}</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#1d3557"/></marker></defs>',
    ]
    for source, branch in edges:
        target = branch.to_step.key
        points, label_at, anchor = _route(
            box[source],
            box[target],
            places[source][0],
            places[target][0],
            height,
            lane=right + LANE * (1 + back.index((source, branch))) if (source, branch) in back else None,
            shift=edges.index((source, branch)) % 3,
        )
        path = " ".join(f"{'M' if i == 0 else 'L'} {x:.0f} {y:.0f}" for i, (x, y) in enumerate(points))
        parts.append(
            f'<g class="edge" data-from="{escape(source)}" data-to="{escape(target)}">'
            f'<path d="{path}" fill="none" stroke="#1d3557" stroke-width="1.5" marker-end="url(#arrow)"/>'
        )
        if branch.condition:
            text = textwrap.shorten(branch.condition, 30, placeholder="…")
            parts.append(_text(*label_at, text, "edge-label", anchor=anchor))
        parts.append("</g>")
    for step in steps:
        x, y = box[step.key]
        css = "node node--stalled" if step.key == stalled else "node"
        stroke = ' stroke="#9b2226" stroke-width="3"' if step.key == stalled else ' stroke="#1d3557" stroke-width="1.5"'
        parts.append(f'<g class="{css}" data-step="{escape(step.key)}">')
        parts.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{WIDTH}" height="{height}" rx="8" fill="#ffffff"{stroke}/>')
        lines = textwrap.wrap(step.title, 32)[:2] or [step.key]
        for i, line in enumerate(lines):
            parts.append(_text(x + WIDTH / 2, y + 20 + i * 17, line, "node-title"))
        who = " · ".join(
            p for p in [step.get_responsible_role_display() or step.get_agency_kind_display(), deadline_text(step)] if p
        )
        parts.append(_text(x + WIDTH / 2, y + HEIGHT - 12, textwrap.shorten(who, 44, placeholder="…"), "node-meta"))
        if figures is not None:
            parts.append(_figures(x, y, figures.get(step.key)))
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it was escaped above)


def _route(source, target, source_layer, target_layer, height, *, lane, shift):
    """The points of an arrow, where its condition goes, and how that text is anchored.

    Forward: straight from the bottom of one box to the top of the next. Within a layer: down
    into the gap below, across, up into the target. Back (a loop): down into the gap below the
    source, right to its own lane beyond every column, up to the gap above the target, and down
    into it; arrows thus run in the gaps, never through a box.
    """
    (sx, sy), (tx, ty) = source, target
    offset = (shift - 1) * 6
    if target_layer > source_layer:
        start, end = (sx + WIDTH / 2, sy + height), (tx + WIDTH / 2, ty)
        return [start, end], ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 - 4), "middle"
    below = sy + height + GAP_Y / 2 + offset
    if lane is None:
        x1, x2 = sx + WIDTH / 2 + 30, tx + WIDTH / 2 - 30
        points = [(x1, sy + height), (x1, below), (x2, below), (x2, ty + height)]
        return points, ((x1 + x2) / 2, below - 4), "middle"
    above = ty - GAP_Y / 2 + offset
    x1, x2 = sx + WIDTH - 30, tx + WIDTH - 30
    points = [(x1, sy + height), (x1, below), (lane, below), (lane, above), (x2, above), (x2, ty)]
    return points, (lane + 4, (below + above) / 2), "start"


def _figures(x: float, y: float, row) -> str:
    if row is None or (not row.passed and not row.open):
        line1, line2 = _("no journeys yet"), ""
    else:
        if row.median is None and "passed" in row.hidden and row.passed >= threshold():
            # Hidden so that a small count beside it cannot be worked out: not too few.
            line1 = _("passed: %(n)s") % {"n": row.passed_shown}
        elif row.median is None:
            line1 = _("passed: %(n)s (too few for times)") % {"n": row.passed_shown}
        else:
            line1 = _("median %(m)s d · 90%%: %(p)s d · %(n)s passed") % {
                "m": row.median,
                "p": row.p90,
                "n": row.passed_shown,
            }
        line2 = _("waiting here: %(open)s, overdue: %(late)s") % {"open": row.open_shown, "late": row.overdue_shown}
    return _text(x + WIDTH / 2, y + HEIGHT + 8, line1, "node-figures") + (
        _text(x + WIDTH / 2, y + HEIGHT + 24, line2, "node-figures") if line2 else ""
    )
