"""Who handles a deviation: the nearest managers of every agency involved.

For each agency involved, the managers (rektor, enhetschef) of the unit named; where no unit is
named, or the unit has no manager today, the agency's head: the managers of the agency's
administration unit (förvaltningsledning). An agency with neither is handled by the steering
group of its principal's region, which sees every deviation of its principals anyway.

A deviation that involves more than one principal is raised to the steering group of the
region they share (scenario 5: the school's municipality and the region's BUP).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from lots.organisations.models import Agency, Membership, Principal, Unit, User
from lots.organisations.roles import MANAGER_ROLES, Role


def _managed_units(unit_ids: Iterable[int]) -> set[int]:
    return set(
        Membership.objects.current()
        .filter(unit_id__in=list(unit_ids), role__in=list(MANAGER_ROLES), user__is_active=True)
        .values_list("unit_id", flat=True)
    )


def agency_head_unit(agency_id: int) -> Unit | None:
    """The agency's administration unit that has a manager today, if any."""
    return (
        Unit.objects.filter(
            agency_id=agency_id,
            kind=Unit.Kind.ADMINISTRATION,
            pk__in=Membership.objects.current().filter(role__in=list(MANAGER_ROLES)).values("unit_id"),
        )
        .order_by("pk")
        .first()
    )


def handler_unit_for(agency: Agency, unit: Unit | None) -> Unit | None:
    """The unit whose managers handle the agency's part: the unit named, else the agency's head."""
    if unit is not None and unit.agency_id == agency.pk and _managed_units([unit.pk]):
        return unit
    return agency_head_unit(agency.pk)


def managers_of(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The current managers of each unit, in one query."""
    found: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.current().filter(
        unit_id__in=list(unit_ids), role__in=list(MANAGER_ROLES), user__is_active=True
    )
    for membership in memberships.select_related("user"):
        found[membership.unit_id].append(membership.user)
    return found


def region_of(principal: Principal) -> int:
    return (
        principal.pk if principal.kind == Principal.Kind.REGION or principal.region_id is None else principal.region_id
    )


def family_ids(principal_ids: Iterable[int]) -> set[int]:
    """The principals sharing a steering group with these: their regions and the regions' municipalities."""
    principals = list(Principal.objects.filter(pk__in=list(principal_ids)).only("pk", "kind", "region_id"))
    regions = {region_of(p) for p in principals}
    return set(Principal.objects.filter(Q(pk__in=regions) | Q(region_id__in=regions)).values_list("pk", flat=True))


def steering_group(principal_ids: Iterable[int]) -> list[User]:
    """The steering group members of the principals' region family."""
    memberships = Membership.objects.current().filter(
        role=Role.STEERING_GROUP_MEMBER,
        unit__agency__principal_id__in=family_ids(principal_ids),
        user__is_active=True,
    )
    return [m.user for m in memberships.select_related("user")]
