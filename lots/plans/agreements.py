"""The regional agreement that a plan follows: found through the principal's region."""

from __future__ import annotations

from django.db.models import QuerySet

from lots.organisations.models import Principal
from lots.plans.models import RegionalAgreement


def region_id_of(principal: Principal) -> int:
    return principal.pk if principal.kind == Principal.Kind.REGION else principal.region_id


def agreements_in(region_id: int) -> QuerySet[RegionalAgreement]:
    """The region's agreements, the one in force first."""
    return RegionalAgreement.objects.filter(region_id=region_id).order_by("pk")


def agreement_for(principal: Principal) -> RegionalAgreement | None:
    region_id = region_id_of(principal)
    if region_id is None:
        return None
    return agreements_in(region_id).first()
