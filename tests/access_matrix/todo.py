"""Rows of the access matrix for the start page ("Att göra"): everyone has one, and a child is
named on it only to those with something to do about the child that the policy lets them see."""

from lots.plans.tests.factories import elins_sip
from tests.access_matrix.rows import EVERYONE, Row

MATRIX = {
    "todo:start": Row(
        lambda w, f: [], EVERYONE, shows=lambda w: "Berg", sees=frozenset({"kim", "mona", "rita", "tor!"})
    ),
}


def fixtures(world) -> dict:
    """Kim leads a plan for Elin whose follow-up is overdue. The school's absence signals about
    Elin (attendance's fixtures) are work for those at the school who may see her (her mentor
    Mona, the rektor Rita, Tor with the glass broken), never for BUP or social services, who
    may read them under a consent."""
    sip = elins_sip(world, overdue=True)
    sip.lead_user, sip.lead_agency, sip.lead_principal = world.kim, world.school, world.school.principal
    sip.save(update_fields=["lead_user", "lead_agency", "lead_principal"])
    return {}
