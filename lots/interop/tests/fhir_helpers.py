"""What the FHIR tests share: validating a bundle with fhir.resources (R4B models), and reading
its entries back by type."""

from __future__ import annotations

from fhir.resources.R4B import get_fhir_model_class

from lots.plans.tests.factories import SipActionFactory, SipGoalFactory, elins_sip


def validate(bundle: dict) -> None:
    """Raise if the bundle, or any resource in it, is not valid FHIR R4(B)."""
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def one(bundle: dict, kind: str) -> dict:
    (resource,) = resources(bundle, kind)
    return resource


def demo_like_sip(world, **traits):
    """Elin's SIP with a goal of her own, a shared goal and an action from each of three agencies."""
    sip = elins_sip(world, **traits)
    own = SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim, childs_own=True)
    SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim, text="Skolans mål: närvaro")
    SipGoalFactory(sip=sip, owner_agency=world.social, written_by=world.sam, need=True)
    SipActionFactory(sip=sip, owner_agency=world.school, written_by=world.kim, what="Anpassad studiegång", goal=own)
    SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo, what="BUP:s insats: utredning")
    SipActionFactory(sip=sip, owner_agency=world.social, written_by=world.sam, by_family=True, what="Läxhjälp")
    return sip
