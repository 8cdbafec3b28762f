"""The flowchart of a routine version, laid out by Graphviz's dot on the server (lots.core.diagrams):
no script, readable text, prints well.

Each step is a box with its title, who does it and by when; a branch is an arrow with its
condition. The process view passes figures per step, written into the boxes, and the step most
journeys wait in (outlined in red); a child's journey passes the steps it is at now (filled and
marked in words). The page puts a text version (an ordered list with the branches) beside it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lots.core import diagrams
from lots.followup.suppression import threshold
from lots.routines.models import DayKind, Step


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


COLOURS = {"line": "#1d3557", "text": "#1b1b1b", "meta": "#3d4451", "stalled": "#9b2226", "current": "#fff3c4"}


def render(
    steps: Sequence[Step],
    *,
    title: str,
    figures: Mapping[str, object] | None = None,
    stalled: str | None = None,
    current: Collection[str] = (),
) -> SafeString | None:
    """The flowchart laid out by Graphviz's dot; None when dot cannot draw it (the page then
    relies on its text version). `current` are the steps a child's journey is at now."""
    keys = {s.key for s in steps}
    number = {s.key: i for i, s in enumerate(steps)}
    lines = [
        "digraph flowchart {",
        f"graph {diagrams.attributes({'rankdir': 'TB', 'nodesep': 0.5, 'ranksep': 0.6, 'fontname': diagrams.FONT})};",
        "node "
        + diagrams.attributes(
            {
                "shape": "box",
                "style": "rounded,filled",
                "fillcolor": "#ffffff",
                "color": COLOURS["line"],
                "fontname": diagrams.FONT,
                "fontcolor": COLOURS["text"],
                "margin": "0.2,0.1",
            }
        )
        + ";",
        "edge "
        + diagrams.attributes({"color": COLOURS["line"], "fontname": diagrams.FONT, "fontcolor": COLOURS["meta"]})
        + ";",
    ]
    for step in steps:
        node = {
            "label": diagrams.label(_step_lines(step, figures, current=step.key in current)),
            "id": f"flowchart-step-{step.key}",
        }
        classes = ["step"]
        if step.key in current:
            classes.append("node--current")
            node.update(fillcolor=COLOURS["current"], penwidth=3)
        if step.key == stalled:
            classes.append("node--stalled")
            node.update(color=COLOURS["stalled"], penwidth=3)
        node["class"] = " ".join(classes)
        lines.append(f"s{number[step.key]} {diagrams.attributes(node)};")
    for step in steps:
        for branch in step.branches.all():
            if branch.to_step.key not in keys:
                continue
            edge = {"id": f"flowchart-edge-{step.key}__{branch.to_step.key}"}
            if branch.condition:
                edge["label"] = diagrams.label([diagrams.Line(branch.condition, size=11, width=24)])
            lines.append(f"s{number[step.key]} -> s{number[branch.to_step.key]} {diagrams.attributes(edge)};")
    lines.append("}")
    desc = _("A flowchart of %(n)s steps. The same steps are listed as text beside it.") % {"n": len(steps)}
    return diagrams.render("\n".join(lines), title=title, description=desc, css_class="flowchart", cacheable=True)


def _step_lines(step: Step, figures: Mapping[str, object] | None, *, current: bool) -> list[diagrams.Line]:
    lines = []
    if current:
        lines.append(diagrams.Line("▶ " + _("The journey is here"), size=12, bold=True))
    lines.append(diagrams.Line(step.label, size=14, bold=True, width=28))
    who = " · ".join(
        p for p in [step.get_responsible_role_display() or step.get_agency_kind_display(), deadline_text(step)] if p
    )
    if who:
        lines.append(diagrams.Line(who, size=12, width=36))
    if figures is not None:
        lines += [diagrams.Line(text, size=12, width=40) for text in _figures(figures.get(step.key))]
    return lines


def _figures(row) -> list[str]:
    if row is None or (not row.passed and not row.open):
        return [_("no journeys yet")]
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
    return [line1, _("waiting here: %(open)s, overdue: %(late)s") % {"open": row.open_shown, "late": row.overdue_shown}]
