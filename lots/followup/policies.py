"""Who may see which organisation's figures.

Figures are aggregates with small counts suppressed: they are not person data, and reading them
is not a person-data read (nothing goes to the access log). They still say how an organisation
works, so they are shown by role:

| role | sees the figures of |
|---|---|
| steering group member | every principal of the agreement (the region, its municipalities), their agencies, units |
| head teacher, unit manager | their own agency and each of its units |
| everyone else | nothing (a 404, as for a page that does not exist) |

The choice in the page's filter (principal, agency, unit) is checked against this reach; one
outside it is answered as missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from lots.followup.tables import TOTAL, Tree
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Principal, Unit
from lots.organisations.roles import MANAGER_ROLES, Role

#: Roles that follow up, and how far.
STEERING_ROLES = frozenset({Role.STEERING_GROUP_MEMBER})
FOLLOW_UP_ROLES = STEERING_ROLES | MANAGER_ROLES


class _Everything(dict):
    """Every agency goes to the one row (a unit's figures: the unit may take part in another
    agency's plan)."""

    def __contains__(self, item) -> bool:
        return True

    def __getitem__(self, item):
        return TOTAL


@dataclass
class Selection:
    """The organisation the figures are for, and the tree they are counted and suppressed over."""

    level: str  # "agreement", "principal", "agency", "unit"
    title: str
    agency_ids: list[int]  # what the computations count: every agency of the tree
    tree: Tree
    unit_id: int | None = None
    principal_id: int | None = None
    agency_id: int | None = None


def follows_up(actor: Actor) -> bool:
    return actor.membership is not None and actor.role in FOLLOW_UP_ROLES


def _principals(actor: Actor) -> list[Principal]:
    principal = actor.staff_membership.unit.agency.principal
    region_id = principal.pk if principal.kind == Principal.Kind.REGION else principal.region_id
    if region_id is None:
        return [principal]
    return list(Principal.objects.filter(Q(pk=region_id) | Q(region_id=region_id)).order_by("kind", "name"))


def choices(actor: Actor, principal_id: int | None = None) -> tuple[list[Principal], list[Agency]]:
    """The principals and agencies the actor may choose among (agencies of the chosen principal)."""
    if actor.role in STEERING_ROLES:
        principals = _principals(actor)
        chosen = [p.pk for p in principals if principal_id in (None, p.pk)]
        agencies = list(Agency.objects.filter(principal_id__in=chosen).order_by("principal__name", "name"))
        return principals, agencies
    return [], [actor.staff_membership.unit.agency]


def _tree(principals: list[Principal], agencies: list[Agency], *, root=TOTAL, shown=()) -> Tree:
    """The agreement's tree: agencies under their principals under the whole."""
    parent: dict = {("p", p.pk): TOTAL for p in principals}
    parent.update({("a", a.pk): ("p", a.principal_id) for a in agencies})
    labels: dict = {("p", p.pk): p.name for p in principals} | {("a", a.pk): a.name for a in agencies}
    return Tree({a.pk: ("a", a.pk) for a in agencies}, parent, labels, root, tuple(shown))


def select(actor: Actor, *, principal_id=None, agency_id=None, unit_id=None) -> Selection:
    """What the actor asked to see, if they may; a 404 otherwise.

    Whatever is shown, the figures are counted and suppressed over the whole agreement (every
    principal of the actor's region and their agencies), so that a figure hidden in one view is
    hidden in every other, for every role."""
    if not follows_up(actor):
        raise Http404("No figures match the given query.")
    principals = _principals(actor)
    family = list(Agency.objects.filter(principal__in=principals).order_by("principal__name", "name"))
    reach, _agencies = choices(actor, principal_id)
    if principal_id is not None and principal_id not in {p.pk for p in reach}:
        raise Http404("No figures match the given query.")
    allowed = {a.pk: a for a in (family if actor.role in STEERING_ROLES else _agencies)}
    ids = [a.pk for a in family]
    if unit_id is not None:
        unit = Unit.objects.select_related("agency").filter(pk=unit_id).first()
        if unit is None or unit.agency_id not in allowed:
            raise Http404("No figures match the given query.")
        tree = Tree(_Everything(), {}, {TOTAL: unit.name})
        return Selection("unit", unit.name, [unit.agency_id], tree, unit_id=unit.pk, agency_id=unit.agency_id)
    if agency_id is not None or actor.role not in STEERING_ROLES:
        agency = allowed.get(agency_id if agency_id is not None else _agencies[0].pk)
        if agency is None:
            raise Http404("No figures match the given query.")
        tree = _tree(principals, family, root=("a", agency.pk))
        return Selection("agency", agency.name, ids, tree, agency_id=agency.pk, principal_id=agency.principal_id)
    if principal_id is not None:
        principal = next(p for p in principals if p.pk == principal_id)
        shown = [("a", a.pk) for a in family if a.principal_id == principal.pk]
        tree = _tree(principals, family, root=("p", principal.pk), shown=shown)
        return Selection("principal", principal.name, ids, tree, principal_id=principal.pk)
    tree = _tree(principals, family, shown=[("p", p.pk) for p in principals])
    return Selection("agreement", _("Every principal of the agreement"), ids, tree)


def units(selection: Selection) -> list[Unit]:
    """The units one may narrow an agency's figures to."""
    if selection.agency_id is None:
        return []
    return list(Unit.objects.filter(agency_id=selection.agency_id).order_by("name"))
