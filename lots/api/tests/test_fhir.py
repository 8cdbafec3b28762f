"""The FHIR endpoints: the export validates as FHIR R4 and is logged under the client; an update
from a region system is applied and reported as on the page; write scope needed to send one."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from lots.api.models import Scope
from lots.audit.models import Action, AuditEntry
from lots.interop.tests.fhir_helpers import demo_like_sip, one
from lots.plans.models import Done, SipActionReview

pytestmark = pytest.mark.django_db


def _h(made):
    return {k: v for k, v in made.items() if k != "token"}


@pytest.fixture
def sip(world):
    return demo_like_sip(world, established=True)


def test_the_export_is_valid_fhir_logged_under_the_client_and_404_to_others(world, client, sip, bearer):
    made = bearer(world.bo)
    response = client.get(reverse("api:sip_fhir", args=[sip.pk]), **_h(made))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(response.json())
    assert bundle.type == "collection"
    logged = AuditEntry.objects.filter(action=Action.EXPORT, record_type="plans.sip", record_id=str(sip.pk))
    assert logged.filter(api_client_id=made["token"].client_id).exists()
    assert client.get(reverse("api:sip_fhir", args=[sip.pk]), **_h(bearer(world.berit))).status_code == 404


def test_an_update_is_applied_and_reported(world, client, sip, bearer):
    headers = _h(bearer(world.bo))
    bundle = client.get(reverse("api:sip_fhir", args=[sip.pk]), **headers).json()
    action = sip.actions.get(what="BUP:s insats: utredning")
    plan = one(bundle, "CarePlan")
    next(a for a in plan["activity"] if a["id"] == f"action-{action.pk}")["detail"]["status"] = "completed"
    plan["title"] = "En annan titel"
    response = client.post(
        reverse("api:sip_fhir", args=[sip.pk]), json.dumps(bundle), content_type="application/fhir+json", **headers
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applied"] and any("title" in issue["path"] for issue in body["not_applied"])
    assert SipActionReview.objects.get(action=action).done == Done.YES


def test_invalid_fhir_is_a_problem_and_a_read_token_may_not_send(world, client, sip, bearer):
    url = reverse("api:sip_fhir", args=[sip.pk])
    response = client.post(
        url,
        json.dumps({"resourceType": "CarePlan", "status": "nonsense"}),
        content_type="application/fhir+json",
        **_h(bearer(world.bo)),
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    bundle = client.get(url, **_h(bearer(world.bo))).json()
    response = client.post(
        url, json.dumps(bundle), content_type="application/fhir+json", **_h(bearer(world.bo, scope=Scope.READ))
    )
    assert response.status_code == 403
