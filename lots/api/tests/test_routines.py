"""Routines and journeys through the API: published routines to all staff, a draft to no one
but its editors, a child's journeys only to those who may see them, each read logged."""

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.organisations.actor import Actor
from lots.routines.services import journeys, versions
from lots.routines.tests.factories import routine_with_steps

pytestmark = pytest.mark.django_db


def _h(made):
    return {k: v for k, v in made.items() if k != "token"}


@pytest.fixture
def journey(world):
    version = routine_with_steps(world.school.principal)
    kim = Actor(user=world.kim, membership=world.membership(world.kim))
    return journeys.start_journey(actor=kim, child=world.elin, version=version)


def test_published_routines_and_their_steps_in_order(world, client, bearer, journey):
    headers = _h(bearer(world.tor))
    listed = client.get(reverse("api:routines"), **headers).json()
    assert [r["published_version"] for r in listed] == [journey.version_id]
    version = client.get(reverse("api:routine_version", args=[journey.version_id]), **headers).json()
    assert [s["key"] for s in version["steps"]] == ["kartlagg", "mote", "plan"]
    assert version["steps"][0]["branches"] == [{"to_step": "mote", "condition": ""}]


def test_a_draft_is_for_its_editors_only(world, client, bearer, journey):
    journey.routine.editors.add(world.rita)
    rita = Actor(user=world.rita, membership=world.membership(world.rita))
    draft = versions.draft_version(actor=rita, routine=journey.routine)
    url = reverse("api:routine_version", args=[draft.pk])
    assert client.get(url, **_h(bearer(world.rita))).status_code == 200
    assert client.get(url, **_h(bearer(world.kim))).status_code == 404


def test_a_childs_journeys_to_those_who_may_see_them_and_logged(world, client, bearer, journey):
    made = bearer(world.kim)
    body = client.get(reverse("api:child_journeys", args=[world.elin.pk]), **_h(made)).json()
    assert [j["id"] for j in body] == [journey.pk]
    assert body[0]["steps"][0]["step"] == "kartlagg"
    detail = client.get(reverse("api:journey", args=[journey.pk]), **_h(made)).json()
    assert [s["step"] for s in detail["steps"]] == ["kartlagg", "mote", "plan"]
    assert AuditEntry.objects.filter(record_type="routines.journey", api_client_id=made["token"].client_id).exists()
    assert client.get(reverse("api:journey", args=[journey.pk]), **_h(bearer(world.bo))).status_code == 404
    assert client.get(reverse("api:child_journeys", args=[world.elin.pk]), **_h(bearer(world.berit))).status_code == 404
