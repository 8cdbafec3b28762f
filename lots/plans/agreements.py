"""The regional agreement that a plan follows: found through the principal's region."""

from __future__ import annotations

from lots.organisations.models import Principal
from lots.plans.models import RegionalAgreement


def region_id_of(principal: Principal) -> int:
    return principal.pk if principal.kind == Principal.Kind.REGION else principal.region_id


def agreement_for(principal: Principal) -> RegionalAgreement | None:
    region_id = region_id_of(principal)
    if region_id is None:
        return None
    return RegionalAgreement.objects.filter(region_id=region_id).first()
