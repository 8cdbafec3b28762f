"""Which principals share routines: a municipality, its region, and the region's municipalities.

Routines are agreed between the principals of one region (the region's own and each
municipality's); staff read every published routine of that family.
"""

from __future__ import annotations

from lots.access.actor import Actor
from lots.organisations.models import Principal


def family_of(principal_id: int) -> list[int]:
    principal = Principal.objects.only("pk", "region_id", "kind").get(pk=principal_id)
    region_id = principal.pk if principal.kind == Principal.Kind.REGION else principal.region_id
    if region_id is None:
        return [principal.pk]
    return [region_id, *Principal.objects.filter(region_id=region_id).values_list("pk", flat=True)]


def actor_family(actor: Actor) -> list[int]:
    if actor.membership is None:
        return []
    return family_of(actor.membership.unit.agency.principal_id)
