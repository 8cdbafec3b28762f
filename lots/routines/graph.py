"""Checking a routine's graph before it is saved: every way through must be able to end.

A version's steps form a directed graph: branches lead from a step to the next; a step with no
branch is an end step; the first step (lowest order) is the start. Refused, each with a Swedish
message naming the step:

- a branch, or a deadline, naming a step that does not exist;
- a loop with no way out: a step from which no end step can be reached;
- a deadline counted from a step that is not earlier: the step it counts from must lead to this
  step and be reached before it (nearer the start);
- at publishing only: a step that cannot be reached from the start.

Pure functions over plain data, so that the editor, the services and the property-based tests
share them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Node:
    key: str
    title: str = ""
    next: tuple[str, ...] = ()
    relative_to: str | None = None

    @property
    def name(self) -> str:
        return self.title or self.key


@dataclass
class Problem:
    key: str
    message: str


@dataclass
class Graph:
    nodes: list[Node]
    by_key: dict[str, Node] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {n.key: n for n in self.nodes}

    @property
    def start(self) -> str | None:
        return self.nodes[0].key if self.nodes else None

    def successors(self, key: str) -> list[str]:
        return [k for k in self.by_key[key].next if k in self.by_key]

    def reachable_from(self, key: str) -> set[str]:
        seen, queue = {key}, deque([key])
        while queue:
            for nxt in self.successors(queue.popleft()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def depths(self) -> dict[str, int]:
        """Breadth-first distance from the start: the layer a step is drawn in."""
        if self.start is None:
            return {}
        depth, queue = {self.start: 0}, deque([self.start])
        while queue:
            key = queue.popleft()
            for nxt in self.successors(key):
                if nxt not in depth:
                    depth[nxt] = depth[key] + 1
                    queue.append(nxt)
        return depth

    def can_end(self) -> set[str]:
        """Steps from which some end step can be reached (walking the branches backwards)."""
        back: dict[str, list[str]] = {k: [] for k in self.by_key}
        for node in self.nodes:
            for nxt in self.successors(node.key):
                back[nxt].append(node.key)
        ends = [n.key for n in self.nodes if not n.next]
        seen, queue = set(ends), deque(ends)
        while queue:
            for prev in back[queue.popleft()]:
                if prev not in seen:
                    seen.add(prev)
                    queue.append(prev)
        return seen


def problems(nodes: Sequence[Node], *, publishing: bool = False) -> list[Problem]:
    """Everything wrong with the graph, in step order; empty when it is sound."""
    found: list[Problem] = []
    keys: set[str] = set()
    for node in nodes:
        if node.key in keys:
            found.append(Problem(node.key, _("Two steps have the key “%(key)s”.") % {"key": node.key}))
        keys.add(node.key)
    graph = Graph(list(nodes))
    for node in nodes:
        for nxt in node.next:
            if nxt not in keys:
                found.append(
                    Problem(
                        node.key,
                        _("The step “%(step)s” leads to a step “%(missing)s” that does not exist.")
                        % {"step": node.name, "missing": nxt},
                    )
                )
        if node.relative_to is not None and node.relative_to not in keys:
            found.append(
                Problem(
                    node.key,
                    _("The deadline of the step “%(step)s” counts from a step “%(missing)s” that does not exist.")
                    % {"step": node.name, "missing": node.relative_to},
                )
            )
    can_end = graph.can_end()
    for node in nodes:
        if node.key not in can_end:
            found.append(
                Problem(
                    node.key,
                    _("The step “%(step)s” is in a loop that can never end: no way leads from it to an end step.")
                    % {"step": node.name},
                )
            )
    depths = graph.depths()
    for node in nodes:
        earlier = node.relative_to
        if earlier is None or earlier not in keys:
            continue
        leads_here = earlier != node.key and node.key in graph.reachable_from(earlier)
        before = earlier not in depths or node.key not in depths or depths[earlier] < depths[node.key]
        if not (leads_here and before):
            found.append(
                Problem(
                    node.key,
                    _("The deadline of the step “%(step)s” counts from “%(other)s”, which is not an earlier step.")
                    % {"step": node.name, "other": graph.by_key[earlier].name},
                )
            )
    if publishing:
        if not nodes:
            found.append(Problem("", _("A routine needs at least one step.")))
        for node in nodes:
            if node.key not in depths:
                found.append(
                    Problem(
                        node.key,
                        _("The step “%(step)s” cannot be reached from the first step.") % {"step": node.name},
                    )
                )
    return found


def check(nodes: Iterable[Node], *, publishing: bool = False, field_name: str = "steps") -> None:
    """Raise a ValidationError listing every problem, each naming its step."""
    found = problems(list(nodes), publishing=publishing)
    if found:
        raise ValidationError({field_name: [p.message for p in found]})
