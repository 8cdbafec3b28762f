"""The FHIR export reads in a constant number of queries and logs in one append the same rows
as the reads it is made of would log one by one."""

import pytest

from lots.access.models import ConsentAgency, ConsentParty
from lots.access.secrecy import Purpose
from lots.access.selectors import consents_for_child
from lots.access.tests.factories import ConsentPartyFactory
from lots.audit.models import Action, AuditEntry
from lots.core.testing import appends_to_the_log, queries_of
from lots.interop.fhir.export import sip_bundle
from lots.interop.tests.fhir_helpers import demo_like_sip, resources
from lots.organisations.tests.factories import AgencyFactory
from lots.people.tests.factories import RelatedPersonFactory
from lots.plans.selectors import plan_page
from lots.plans.tests.factories import SipActionFactory, SipGoalFactory

pytestmark = pytest.mark.django_db

#: What one export costs: the plan page's ten reads (the plan with its consents' scopes,
#: participants, meetings, readable agencies, goals, follow-ups, actions, minutes, notes, the
#: family's own words, the answers on experience — read with the page, not yet in the bundle), the
#: consent with its agencies and parties, the viewer's clearance (a guardian named in the consent
#: has protected identity) and one INSERT into the log. A request also takes the log chain's lock
#: and reads its head, once per transaction (here in the warm-up).
EXPORT_QUERIES = 14
_CHAIN_FIELDS = {"id", "at", "prev_hash", "hash"}


def _rows_after(last_id: int) -> list[dict]:
    """The log rows written since `last_id`, every field but those of the chain and the time."""
    fields = [f.attname for f in AuditEntry._meta.fields if f.name not in _CHAIN_FIELDS]
    return list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk").values(*fields))


def _last_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _with_guardians(world, sip):
    ConsentPartyFactory(consent=sip.consent, guardian=RelatedPersonFactory(last_name="Ek"))
    ConsentPartyFactory(consent=sip.consent, role=ConsentParty.Role.CHILD, guardian=None, child_age=14)
    ConsentPartyFactory(consent=sip.consent, guardian=RelatedPersonFactory(protected_identity=True))
    return sip


def test_the_export_logs_in_one_page_the_rows_its_reads_log(world):
    sip = _with_guardians(world, demo_like_sip(world, established=True))
    bo = world.actor(world.bo)  # BUP: sees the school's and social services' writing under the consent
    start = _last_id()
    plan_page(bo, sip.pk, action=Action.EXPORT)
    consents_for_child(bo, sip.child_id, purpose=Purpose.SIP, reference_id=sip.pk)
    one_by_one = _rows_after(start)

    middle = _last_id()
    statements = queries_of(lambda: sip_bundle(actor=bo, plan=sip))
    assert sum(map(appends_to_the_log, statements)) == 1
    assert _rows_after(middle) == one_by_one
    assert {(r["record_type"], r["action"], r["ground"]) for r in one_by_one} == {
        ("plans.sip", "export", "consent"),
        ("plans.sipgoal", "export", "consent"),
        ("plans.sipaction", "export", "consent"),
        ("access.consent", "list", "named_in_consent"),
    }


def test_the_export_reads_in_a_constant_number_of_queries_whatever_the_consent_names(world):
    sip = _with_guardians(world, demo_like_sip(world, established=True))
    kim = world.actor(world.kim)
    sip_bundle(actor=kim, plan=sip)  # warm-up: caches filled on the first read
    few = queries_of(lambda: sip_bundle(actor=kim, plan=sip))
    for n in range(6):
        ConsentAgency.objects.create(consent=sip.consent, agency=AgencyFactory(), receives=n % 2 == 0)
        ConsentPartyFactory(consent=sip.consent, guardian=RelatedPersonFactory())
        SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo, what=f"Insats {n}")
        SipGoalFactory(sip=sip, owner_agency=world.social, written_by=world.sam, text=f"Mål {n}")
    many = queries_of(lambda: sip_bundle(actor=kim, plan=sip))
    assert len(many) == len(few) <= EXPORT_QUERIES
    assert len(resources(sip_bundle(actor=kim, plan=sip), "RelatedPerson")) == 8
