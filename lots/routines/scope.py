"""Which principals share routines: a municipality, its region, and the region's municipalities.

Routines are agreed between the principals of one region (the region's own and each
municipality's); staff read every published routine of that family. The family is returned as a
subquery, so that a read costs one statement.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lots.organisations.actor import Actor
from lots.organisations.models import Principal


def family(principal: Principal) -> QuerySet | list[int]:
    region_id = principal.pk if principal.kind == Principal.Kind.REGION else principal.region_id
    if region_id is None:
        return [principal.pk]
    return Principal.objects.filter(Q(pk=region_id) | Q(region_id=region_id)).values("pk")


def family_of(principal_id: int) -> QuerySet | list[int]:
    return family(Principal.objects.only("pk", "region_id", "kind").get(pk=principal_id))


def actor_family(actor: Actor) -> QuerySet | list[int]:
    if actor.membership is None:
        return []
    return family(actor.membership.unit.agency.principal)


def shares_with(actor: Actor, principal_id: int) -> bool:
    """Whether the principal is in the actor's family (its routines are the actor's)."""
    return Principal.objects.filter(pk=principal_id, pk__in=actor_family(actor)).exists()
