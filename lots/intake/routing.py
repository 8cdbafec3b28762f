"""The seam between a described need and the agencies and routines that fit it.

`suggest(needs)` is the one function the entry point calls. Today it reads the editable routing
table (`RoutingRule`, edited by administrators in /admin/). When the catalogue and routines apps
land, this function is where their selectors are called (matching needs to interventions, and
the routine in force for the need); callers do not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lots.intake.models import Need, RoutingRule
from lots.organisations.models import Unit


@dataclass(frozen=True)
class Suggestion:
    unit: Unit
    needs: tuple[str, ...]  # the needs (labels) that led to this unit
    routines: tuple[str, ...]


def suggest(needs: Iterable[str], *, principal_ids: Iterable[int] | None = None) -> list[Suggestion]:
    """Units (each of one agency) and routines for the needs, in the table's order, one per unit."""
    wanted = [n for n in needs if n in Need.values]
    rules = RoutingRule.objects.filter(need__in=wanted).select_related("unit__agency__principal")
    if principal_ids is not None:
        rules = rules.filter(unit__agency__principal_id__in=list(principal_ids))
    by_unit: dict[int, tuple[Unit, list[str], list[str]]] = {}
    for rule in rules.order_by("order", "pk"):
        _unit, labels, routines = by_unit.setdefault(rule.unit_id, (rule.unit, [], []))
        label = str(Need(rule.need).label)
        if label not in labels:
            labels.append(label)
        if rule.routine and rule.routine not in routines:
            routines.append(rule.routine)
    return [Suggestion(unit=u, needs=tuple(n), routines=tuple(r)) for u, n, r in by_unit.values()]
