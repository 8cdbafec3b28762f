"""A region system's CareTeam/CarePlan update: what maps is applied through the plans services,
everything else is reported, invalid files are refused whole, and it is all or nothing."""

import copy
import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from lots.access.policy import Denied
from lots.interop.fhir import codes
from lots.interop.fhir.export import sip_bundle
from lots.interop.fhir.imports import apply_careplan_update
from lots.interop.tests.fhir_helpers import demo_like_sip, one
from lots.plans.models import Done, SipAction, SipActionReview, SipEvent, SipFollowUp, SipParticipant, Status

pytestmark = pytest.mark.django_db


def _counts(sip):
    return (
        SipEvent.objects.filter(sip=sip).count(),
        SipAction.objects.filter(sip=sip).count(),
        SipFollowUp.objects.filter(sip=sip).count(),
        list(SipParticipant.objects.filter(sip=sip).order_by("pk").values_list("has_mandate", flat=True)),
    )


@pytest.fixture
def sip(world):
    return demo_like_sip(world, established=True)


def test_an_unchanged_export_imports_as_no_change(world, sip):
    bo = world.actor(world.bo)
    before = _counts(sip)
    bundle = json.loads(json.dumps(sip_bundle(actor=bo, plan=sip)))
    report = apply_careplan_update(actor=bo, plan=sip, payload=bundle)
    assert not report.changed and report.applied == []
    assert report.not_applied == []
    assert _counts(sip) == before
    sip.refresh_from_db()
    assert sip.status == Status.ESTABLISHED


def test_an_activity_status_becomes_a_follow_up_with_a_review(world, sip):
    bo = world.actor(world.bo)
    bundle = sip_bundle(actor=bo, plan=sip)
    action = sip.actions.get(what="BUP:s insats: utredning")
    activity = next(a for a in one(bundle, "CarePlan")["activity"] if a["id"] == f"action-{action.pk}")
    activity["detail"]["status"] = "completed"
    report = apply_careplan_update(actor=bo, plan=sip, payload=json.dumps(bundle))
    assert report.changed and report.not_applied == []
    review = SipActionReview.objects.get(action=action)
    assert review.done == Done.YES and review.follow_up.owner_agency == world.bup
    sip.refresh_from_db()
    assert sip.status == Status.FOLLOWED_UP
    again = sip_bundle(actor=bo, plan=sip)
    exported = next(a for a in one(again, "CarePlan")["activity"] if a["id"] == f"action-{action.pk}")
    assert exported["detail"]["status"] == "completed", "the change reads back"


def test_a_care_team_alone_changes_a_mandate(world, sip):
    bo = world.actor(world.bo)
    team = one(sip_bundle(actor=bo, plan=sip), "CareTeam")
    member = next(p for p in team["participant"] if p["id"] == f"participant-{sip.sam.pk}")
    member["role"][0]["coding"] = [c for c in member["role"][0]["coding"] if c["code"] != codes.ROLE_MANDATE]
    report = apply_careplan_update(actor=bo, plan=sip, payload=team)
    assert len(report.applied) == 1 and report.not_applied == []
    sip.sam.refresh_from_db()
    assert sip.sam.has_mandate is False


def test_a_new_activity_becomes_an_action_of_the_importing_region_agency(world, sip):
    bo = world.actor(world.bo)
    care_plan = one(sip_bundle(actor=bo, plan=sip), "CarePlan")
    start = timezone.localdate() + dt.timedelta(days=7)
    care_plan["activity"].append(
        {
            "detail": {
                "status": "scheduled",
                "description": "Neuropsykiatrisk utredning",
                "scheduledPeriod": {"start": start.isoformat()},
                "performer": [
                    {
                        "identifier": {
                            "system": codes.ORGANISATIONSNUMMER,
                            "value": world.bup.principal.organisation_number,
                        }
                    }
                ],
            }
        }
    )
    report = apply_careplan_update(actor=bo, plan=sip, payload=care_plan)
    assert report.not_applied == []
    action = SipAction.objects.get(sip=sip, what="Neuropsykiatrisk utredning")
    assert action.owner_agency == world.bup and action.responsible_agency == world.bup
    assert action.starts_on == start


def test_what_is_not_understood_is_reported_with_path_and_reason(world, sip):
    bo = world.actor(world.bo)
    bundle = sip_bundle(actor=bo, plan=sip)
    one(bundle, "CarePlan")["title"] = "Vårdplan från regionen"
    one(bundle, "Patient")["gender"] = "female"
    one(bundle, "CareTeam")["participant"].append({"member": {"display": "Ny läkare"}})
    one(bundle, "CarePlan")["activity"].append(
        {"detail": {"status": "scheduled", "description": "Skolans insats", "performer": [{"display": "Skolan"}]}}
    )
    bundle["entry"].append(
        {
            "fullUrl": "urn:uuid:0d8f0f0e-0000-4000-8000-000000000001",
            "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "Vikt"}},
        }
    )
    before = _counts(sip)
    report = apply_careplan_update(actor=bo, plan=sip, payload=bundle)
    paths = [issue.path for issue in report.not_applied]
    assert any(p.endswith("CarePlan.title") for p in paths)
    assert any(p.endswith("Patient") for p in paths)
    assert any(p.endswith("CareTeam.participant[3]") for p in paths)
    assert any(p.endswith(".detail.performer") for p in paths)
    assert any(p.endswith("Observation") for p in paths)
    assert all(issue.reason for issue in report.not_applied)
    assert not report.changed and _counts(sip) == before


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        {"resourceType": "Patient"},
        {"resourceType": "CarePlan", "status": "bogus", "intent": "plan", "subject": {"display": "x"}},
        {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "CarePlan"}}]},
    ],
)
def test_invalid_fhir_is_refused_whole_in_swedish(world, sip, payload):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        apply_careplan_update(actor=world.actor(world.bo), plan=sip, payload=payload)
    message = refused.value.message_dict["file"][0]
    assert message.startswith("Filen")
    assert message != str(payload)


def test_a_file_for_another_sip_is_refused(world, sip):
    other = demo_like_sip(world, established=True)
    bo = world.actor(world.bo)
    care_plan = one(sip_bundle(actor=bo, plan=other), "CarePlan")
    with pytest.raises(ValidationError, match=r"annan SIP|another SIP"):
        apply_careplan_update(actor=bo, plan=sip, payload=care_plan)


def test_it_is_all_or_nothing(world, sip):
    """The mandate change is applied first; the follow-up then fails (its date has passed), so
    nothing at all is saved."""
    sip.follow_up_on = timezone.localdate() - dt.timedelta(days=1)
    sip.save()
    bo = world.actor(world.bo)
    bundle = sip_bundle(actor=bo, plan=sip)
    team = one(bundle, "CareTeam")
    member = next(p for p in team["participant"] if p["id"] == f"participant-{sip.sam.pk}")
    member["role"][0]["coding"] = []
    one(bundle, "CarePlan")["activity"][0]["detail"]["status"] = "completed"
    before = _counts(sip)
    with pytest.raises(ValidationError):
        apply_careplan_update(actor=bo, plan=sip, payload=copy.deepcopy(bundle))
    assert _counts(sip) == before


def test_only_those_who_may_act_import(world, sip):
    bundle = sip_bundle(actor=world.actor(world.bo), plan=sip)
    with pytest.raises(Denied):
        apply_careplan_update(actor=world.actor(world.berit), plan=sip, payload=bundle)


def test_an_action_of_lots_the_importer_may_not_see_is_not_added_again(world, sip):
    bo = world.actor(world.bo)
    care_plan = one(sip_bundle(actor=bo, plan=sip), "CarePlan")
    hidden = copy.deepcopy(care_plan["activity"][0])
    hidden["id"] = "action-999999"
    hidden["detail"]["performer"] = [{"reference": codes.urn("Organization", world.bup.pk)}]
    care_plan["activity"].append(hidden)
    before = _counts(sip)
    report = apply_careplan_update(actor=bo, plan=sip, payload=care_plan)
    assert [issue.path for issue in report.not_applied] == [f"CarePlan.activity[{len(care_plan['activity']) - 1}]"]
    assert _counts(sip) == before
