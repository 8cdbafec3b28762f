"""Sections of the child's page contributed by the domain apps.

The people app draws the child's page; plans, intake, routines and the others each add a
section by registering a function here in their AppConfig.ready(). Each function reads
through its own app's selectors (so through the access policy) and returns the template
and context of its section, or None when it has nothing to show this viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    order: int
    name: str
    build: Callable  # (request, actor, child_view) -> tuple[str, dict] | None


_PANELS: dict[str, Panel] = {}


def register(name: str, build: Callable, *, order: int = 100) -> None:
    _PANELS[name] = Panel(order=order, name=name, build=build)


def render_child_panels(request, actor, child_view) -> list[str]:
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        built = panel.build(request, actor, child_view)
        if built is not None:
            template, context = built
            rendered.append(render_to_string(template, {**context, "child": child_view}, request=request))
    return rendered
