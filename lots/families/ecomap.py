"""The network map (an ecomap: the child in the centre) and the family's contact map, laid out by
Graphviz's twopi on the server (lots.core.diagrams): no script, prints well on paper. Each page
puts the table it is drawn from beside it, and shows that table alone with a notice when
Graphviz cannot draw (the functions then return None).

The ecomap: the child is the root and the rings around it are closeness (the closest on the
inner ring, reached through invisible steps for the others); the more important a person, the
heavier the line. The private network are yellow ellipses, the professional blue boxes. The
contact map: the family in the centre, its members on the first ring, the agencies on the
second, a line for each member's contacts with an agency, heavier the more contacts.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lots.core import diagrams

FILL = {"private": "#f4d9a6", "professional": "#c9def0"}
SHAPE = {"private": "ellipse", "professional": "box"}
LINE = "#33597a"


def _graph(root_label: str) -> list[str]:
    return [
        "graph map {",
        "graph " + diagrams.attributes({"root": "c", "ranksep": 0.9, "overlap": "false", "splines": "false"}) + ";",
        "node "
        + diagrams.attributes({"fontname": diagrams.FONT, "style": "filled", "color": "#1a1a1a", "margin": "0.12,0.06"})
        + ";",
        "edge " + diagrams.attributes({"color": LINE}) + ";",
        "c "
        + diagrams.attributes(
            {
                "label": diagrams.label([diagrams.Line(root_label, size=15, bold=True, width=18)]),
                "shape": "doublecircle",
                "fillcolor": "#ffffff",
                "penwidth": 2,
                "class": "centre",
            }
        )
        + ";",
    ]


def _render(lines: list[str], title: str, description: str) -> SafeString | None:
    source = "\n".join([*lines, "}"])
    return diagrams.render(source, title=title, description=description, css_class="network-map", engine="twopi")


def _hidden_path(name: str, hops: int) -> list[str]:
    """Invisible steps from the centre to `name`, so that twopi puts it `hops` + 1 rings out."""
    lines, previous = [], "c"
    for hop in range(hops):
        step = f"{name}_{hop}"
        lines.append(f'{step} [style=invis, label="", width=0.1, height=0.1];')
        lines.append(f"{previous} -- {step} [style=invis];")
        previous = step
    lines.append(f"{previous} -- {name} [style=invis];")
    return lines


def draw(child_name: str, people: Sequence) -> SafeString | None:
    """The child's ecomap from its `NetworkPerson` rows (closeness 3 is the innermost ring)."""
    lines = _graph(child_name)
    ordered = sorted(people, key=lambda p: (p.sphere != "private", -p.closeness, p.name))
    for i, person in enumerate(ordered):
        name = f"p{i}"
        node = {
            "label": diagrams.label([diagrams.Line(person.name, size=13, width=18)]),
            "shape": SHAPE[person.sphere],
            "fillcolor": FILL[person.sphere],
            "class": f"person {person.sphere}",
        }
        lines.append(f"{name} {diagrams.attributes(node)};")
        lines += _hidden_path(name, 3 - person.closeness)
        lines.append(f"c -- {name} {diagrams.attributes({'weight': 0, 'penwidth': person.importance * 1.5})};")
    private = sum(1 for p in people if p.sphere == "private")
    description = (
        ngettext("%(n)s person in the network", "%(n)s people in the network", len(people)) % {"n": len(people)}
        + ", "
        + _("%(private)s private, %(professional)s professional.")
        % {
            "private": private,
            "professional": len(people) - private,
        }
    )
    return _render(lines, _("Network map of %(name)s") % {"name": child_name}, description)


def contact_map(family: str, members: Sequence[tuple[str, Sequence]]) -> SafeString | None:
    """The family's contact map: (member's name, the member's contacts) for each member."""
    lines = _graph(family)
    agencies: dict[int, str] = {}
    for _name, contacts in members:
        for contact in contacts:
            agencies.setdefault(contact.agency_id, contact.agency.name)
    for agency_id, name in agencies.items():
        node = {
            "label": diagrams.label([diagrams.Line(name, size=13, width=18)]),
            "shape": "box",
            "fillcolor": FILL["professional"],
            "class": "agency",
        }
        lines.append(f"a{agency_id} {diagrams.attributes(node)};")
    for i, (name, contacts) in enumerate(members):
        node = {
            "label": diagrams.label([diagrams.Line(name, size=13, bold=True, width=18)]),
            "shape": "ellipse",
            "fillcolor": FILL["private"],
            "class": "member",
        }
        lines.append(f"m{i} {diagrams.attributes(node)};")
        lines.append(f"c -- m{i} {diagrams.attributes({'color': '#6b4e16', 'penwidth': 2})};")
        per_agency: dict[int, int] = {}
        for contact in contacts:
            per_agency[contact.agency_id] = per_agency.get(contact.agency_id, 0) + 1
        for agency_id, n in per_agency.items():
            lines.append(f"m{i} -- a{agency_id} {diagrams.attributes({'penwidth': n * 1.5})};")
    count = sum(len(c) for _n, c in members)
    description = _("%(contacts)s contacts of %(members)s members with %(agencies)s agencies.") % {
        "contacts": count,
        "members": len(members),
        "agencies": len(agencies),
    }
    return _render(lines, _("Contact map of %(family)s") % {"family": family}, description)
