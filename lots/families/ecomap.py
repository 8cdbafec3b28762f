"""The network map (an ecomap: the child in the centre) and the family's contact map, as SVG
drawn on the server: no script, prints well on paper. Each page puts the table it is drawn from
beside it, and the SVG carries a title and a description for those who cannot see it.

The ecomap: the private network on the left half, the professional on the right; the closer a
person, the nearer the centre (three rings); the more important, the larger the circle and the
heavier the line. The contact map: the family in the centre, its members around it, the
agencies on the outer ring, a line for each member's contacts with an agency.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SIZE = 640
CENTRE = SIZE / 2
RINGS = {3: 115, 2: 195, 1: 270}
RADIUS = {1: 12, 2: 17, 3: 23}


def _point(radius: float, angle: float) -> tuple[float, float]:
    return CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)


FILL = {"private": "#f4d9a6", "professional": "#c9def0"}
FONT = {"map-label": 13, "map-heading": 15, "map-centre-label": 14}


def _label(x: float, y: float, text: str, css: str = "map-label") -> str:
    short = text if len(text) <= 22 else text[:21] + "…"
    weight = ' font-weight="bold"' if css != "map-label" else ""
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{FONT[css]}" font-family="sans-serif" fill="#1a1a1a"{weight} '
        f'text-anchor="middle">{escape(short)}</text>'
    )


def _svg(title: str, description: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 (every text is escaped above; the rest is numbers)
        f'<svg class="network-map" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-labelledby="map-title map-desc" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">{escape(title)}</title>'
        f'<desc id="map-desc">{escape(description)}</desc>{"".join(body)}</svg>'
    )


def _spread(count: int, start: float, end: float) -> list[float]:
    """`count` angles spread over the arc from `start` to `end`, away from its ends."""
    return [start + (end - start) * (i + 0.5) / count for i in range(count)]


def draw(child_name: str, people: Sequence) -> SafeString:
    """The child's ecomap from its `NetworkPerson` rows."""
    body = [
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{r}" fill="none" stroke="#8a8a8a" stroke-dasharray="4 4"/>'
        for r in sorted(RINGS.values(), reverse=True)
    ]
    body.append(f'<line x1="{CENTRE}" y1="30" x2="{CENTRE}" y2="{SIZE - 30}" stroke="#8a8a8a"/>')
    body.append(_label(CENTRE / 2, 24, _("Private network"), "map-heading"))
    body.append(_label(CENTRE * 1.5, 24, _("Professional network"), "map-heading"))
    nodes = []
    for sphere, (start, end) in {
        "private": (math.pi * 0.5, math.pi * 1.5),
        "professional": (-math.pi * 0.5, math.pi * 0.5),
    }.items():
        members = [p for p in people if p.sphere == sphere]
        for person, angle in zip(members, _spread(len(members), start, end), strict=True):
            x, y = _point(RINGS[person.closeness], angle)
            body.append(
                f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.0f}" y2="{y:.0f}" stroke="#33597a" '
                f'stroke-width="{person.importance * 1.5:.1f}"/>'
            )
            nodes.append(
                f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{RADIUS[person.importance]}" fill="{FILL[sphere]}" '
                'stroke="#1a1a1a"/>'
            )
            nodes.append(_label(x, y + RADIUS[person.importance] + 14, person.name))
    body += nodes
    body.append(f'<circle cx="{CENTRE}" cy="{CENTRE}" r="34" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"/>')
    body.append(_label(CENTRE, CENTRE + 5, child_name, "map-centre-label"))
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
    return _svg(_("Network map of %(name)s") % {"name": child_name}, description, body)


def contact_map(family: str, members: Sequence[tuple[str, Sequence]]) -> SafeString:
    """The family's contact map: (member's name, the member's contacts) for each member."""
    agencies: dict[int, str] = {}
    for _name, contacts in members:
        for contact in contacts:
            agencies.setdefault(contact.agency_id, contact.agency.name)
    agency_angle = dict(zip(agencies, _spread(len(agencies), -math.pi / 2, math.pi * 1.5), strict=True))
    member_angles = _spread(len(members), -math.pi / 2, math.pi * 1.5)
    body, nodes = [], []
    for (name, contacts), angle in zip(members, member_angles, strict=True):
        mx, my = _point(120, angle)
        per_agency: dict[int, int] = {}
        for contact in contacts:
            per_agency[contact.agency_id] = per_agency.get(contact.agency_id, 0) + 1
        for agency_id, n in per_agency.items():
            ax, ay = _point(255, agency_angle[agency_id])
            body.append(
                f'<line x1="{mx:.0f}" y1="{my:.0f}" x2="{ax:.0f}" y2="{ay:.0f}" stroke="#33597a" '
                f'stroke-width="{n * 1.5:.1f}"/>'
            )
        body.append(
            f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{mx:.0f}" y2="{my:.0f}" stroke="#6b4e16" stroke-width="2"/>'
        )
        nodes.append(f'<circle cx="{mx:.0f}" cy="{my:.0f}" r="20" fill="#f4d9a6" stroke="#1a1a1a"/>')
        nodes.append(_label(mx, my + 34, name))
    for agency_id, name in agencies.items():
        ax, ay = _point(255, agency_angle[agency_id])
        nodes.append(
            f'<rect x="{ax - 14:.0f}" y="{ay - 14:.0f}" width="28" height="28" fill="#c9def0" stroke="#1a1a1a"/>'
        )
        nodes.append(_label(ax, ay + 30, name))
    body += nodes
    body.append(f'<circle cx="{CENTRE}" cy="{CENTRE}" r="34" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"/>')
    body.append(_label(CENTRE, CENTRE + 5, family, "map-centre-label"))
    count = sum(len(c) for _n, c in members)
    description = _("%(contacts)s contacts of %(members)s members with %(agencies)s agencies.") % {
        "contacts": count,
        "members": len(members),
        "agencies": len(agencies),
    }
    return _svg(_("Contact map of %(family)s") % {"family": family}, description, body)
