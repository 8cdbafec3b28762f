"""The SIP as a FHIR Bundle: valid in every state, only what the viewer may see, logged."""

import pytest

from lots.access.policy import Denied
from lots.audit.models import AuditEntry
from lots.interop.fhir import codes
from lots.interop.fhir.export import sip_bundle
from lots.interop.tests.fhir_helpers import demo_like_sip, one, resources, validate
from lots.people.identity import make_identity_number
from lots.plans.models import Status
from lots.plans.tests.factories import SipActionReviewFactory, SipFollowUpFactory, elins_sip

pytestmark = pytest.mark.django_db

STATES = {
    "requested": ({"consent": None}, "draft"),
    "consent_obtained": ({}, "draft"),
    "meeting_called": ({"meeting_called": True}, "draft"),
    "established": ({"established": True}, "active"),
    "followed_up": ({"followed_up": True}, "active"),
    "paused": ({"paused": True, "consent": "withdrawn"}, "on-hold"),
    "closed": ({"closed": True}, "completed"),
    "cancelled": ({"cancelled": True}, "revoked"),
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_every_state_exports_a_valid_bundle_with_the_mapped_status(world, state):
    traits, fhir_status = STATES[state]
    sip = demo_like_sip(world, **traits)
    assert sip.status == state
    bundle = sip_bundle(actor=world.actor(world.kim), plan=sip)
    validate(bundle)
    assert one(bundle, "CarePlan")["status"] == fhir_status
    assert bundle["type"] == "collection"
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(full_urls) == len(bundle["entry"])


def test_the_bundle_holds_plan_team_goals_consent_activities_and_organisations(world):
    sip = demo_like_sip(world, established=True)
    sip.lead_user, sip.lead_agency, sip.lead_principal = world.sam, world.social, world.social.principal
    sip.save()
    bundle = sip_bundle(actor=world.actor(world.kim), plan=sip)
    validate(bundle)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}

    patient = one(bundle, "Patient")
    assert patient["identifier"] == [{"system": codes.PERSONNUMMER, "value": world.elin.identity_number}]
    assert patient["name"][0]["family"] == world.elin.last_name
    assert "address" not in patient

    goals = resources(bundle, "Goal")
    kinds = sorted(g["category"][1]["coding"][0]["code"] for g in goals)
    assert kinds == ["child_goal", "shared_goal"], "needs are not goals"
    own = next(g for g in goals if g["category"][1]["coding"][0]["code"] == "child_goal")
    assert own["expressedBy"] == {"reference": codes.urn("Patient", world.elin.pk)}
    assert own["category"][0]["coding"][0]["code"] == "school"

    care_plan = one(bundle, "CarePlan")
    assert care_plan["identifier"] == [{"system": codes.SIP_IDENTIFIER, "value": str(sip.pk)}]
    activities = {a["detail"]["description"]: a["detail"] for a in care_plan["activity"]}
    assert set(activities) == {"Anpassad studiegång", "BUP:s insats: utredning", "Läxhjälp"}
    bup_url = codes.urn("Organization", world.bup.pk)
    assert activities["BUP:s insats: utredning"]["performer"] == [{"reference": bup_url}]
    assert activities["Läxhjälp"]["performer"] == [{"display": "Föräldrarna"}]
    assert activities["Anpassad studiegång"]["goal"][0]["reference"] == own_url(bundle, own)
    for reference in (care_plan["subject"], care_plan["careTeam"][0], *(g for g in care_plan["goal"])):
        assert reference["reference"] in full_urls

    team = one(bundle, "CareTeam")
    roles = {m["member"]["display"]: m for m in team["participant"]}
    lead = roles[world.sam.get_full_name()]
    assert {"system": codes.PARTICIPANT_ROLE_SYSTEM, "code": "lead", "display": "Huvudansvarig"} in lead["role"][0][
        "coding"
    ]
    assert lead["onBehalfOf"] == {"reference": codes.urn("Organization", world.social.pk)}
    assert team["managingOrganization"] == [{"reference": codes.urn("Organization", world.social.pk)}]

    organisations = {o["id"]: o for o in resources(bundle, "Organization")}
    bup = organisations[f"agency-{world.bup.pk}"]
    assert bup["identifier"][0] == {
        "system": codes.ORGANISATIONSNUMMER,
        "value": world.bup.principal.organisation_number,
    }

    consent = one(bundle, "Consent")
    assert consent["status"] == "active"
    assert consent["patient"]["reference"] in full_urls
    assert {a["reference"]["reference"] for a in consent["provision"]["actor"]} == {
        codes.urn("Organization", a.pk) for a in (world.school, world.social, world.bup)
    }
    guardians = resources(bundle, "RelatedPerson")
    assert {p["id"] for p in guardians} == {f"guardian-{p.guardian_id}" for p in sip.consent.parties.all()}
    assert all("address" not in p for p in guardians)


def own_url(bundle, resource):
    return next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is resource)


def test_a_withdrawn_consent_is_inactive(world):
    sip = demo_like_sip(world, paused=True, consent="withdrawn")
    bundle = sip_bundle(actor=world.actor(world.kim), plan=sip)
    consent = one(bundle, "Consent")
    assert consent["status"] == "inactive"
    assert "end" in consent["provision"]["period"]


def test_a_samordningsnummer_gets_its_own_system(world):
    world.elin.identity_number = make_identity_number(world.elin.date_of_birth, 123, samordning=True)
    world.elin.save()
    bundle = sip_bundle(actor=world.actor(world.kim), plan=elins_sip(world))
    assert one(bundle, "Patient")["identifier"][0]["system"] == codes.SAMORDNINGSNUMMER


def test_a_reviewed_action_exports_its_status(world):
    sip = demo_like_sip(world, followed_up=True)
    action = sip.actions.get(what="BUP:s insats: utredning")
    SipActionReviewFactory(follow_up=SipFollowUpFactory(sip=sip, owner_agency=world.bup), action=action)
    bundle = sip_bundle(actor=world.actor(world.bo), plan=sip)
    activity = next(a for a in one(bundle, "CarePlan")["activity"] if a["id"] == f"action-{action.pk}")
    assert activity["detail"]["status"] == "completed"


def test_the_protected_child_has_no_address_and_agencies_are_named_by_kind(world):
    saga = world.saga
    sip = demo_like_sip(world, established=True)
    sip.child = saga
    sip.save()
    kim = world.actor(world.kim)
    bundle = sip_bundle(actor=kim, plan=sip)
    validate(bundle)
    text = str(bundle)
    assert saga.street_address not in text and saga.city not in text and saga.postal_code not in text
    assert "address" not in one(bundle, "Patient")
    for organisation in resources(bundle, "Organization"):
        assert "identifier" not in organisation, "an organisation number could tell where the child lives"
        assert organisation["name"] in {"Skola", "Socialtjänst", "Hälso- och sjukvård"}


def test_the_patient_of_a_protected_child_is_labelled_restricted_for_every_viewer(world):
    """The receiving system learns that the identity is protected, cleared viewer or not."""
    sip = demo_like_sip(world, established=True)
    assert "meta" not in one(sip_bundle(actor=world.actor(world.kim), plan=sip), "Patient")
    sip.child = world.saga
    sip.save()
    for viewer in (world.kim, world.rita):  # Rita is cleared for Saga, Kim is not
        bundle = sip_bundle(actor=world.actor(viewer), plan=sip)
        validate(bundle)
        assert one(bundle, "Patient")["meta"]["security"] == [
            {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R", "display": "restricted"}
        ]


def test_the_export_goes_through_the_policy_and_is_logged(world):
    sip = demo_like_sip(world, established=True)
    with pytest.raises(Denied):
        sip_bundle(actor=world.actor(world.berit), plan=sip)
    sip_bundle(actor=world.actor(world.bo), plan=sip.pk)
    assert AuditEntry.objects.filter(user_id=world.bo.pk, action="export", record_type="plans.sip").exists()


def test_the_status_table_covers_every_status():
    assert set(codes.CAREPLAN_STATUS) == set(Status.values) == set(codes.GOAL_STATUS)


def test_the_export_reads_in_a_constant_number_of_queries(world):
    from lots.core.testing import queries_of
    from lots.plans.tests.factories import SipActionFactory, SipGoalFactory

    sip = demo_like_sip(world, established=True)
    kim = world.actor(world.kim)
    sip_bundle(actor=kim, plan=sip)  # warm-up: caches filled on the first read
    small = len(queries_of(lambda: sip_bundle(actor=kim, plan=sip)))
    for n in range(8):
        SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo, what=f"Insats {n}")
        SipGoalFactory(sip=sip, owner_agency=world.social, written_by=world.sam, text=f"Mål {n}")
    assert len(queries_of(lambda: sip_bundle(actor=kim, plan=sip))) == small
