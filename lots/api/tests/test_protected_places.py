"""Protected identity through the API: the agency and unit that hold a protected child's
journey steps are null and named in `withheld` for callers not cleared for the child, as on the
journey page. Kim knows Saga (assigned) but is not cleared; Rita (rektor) is."""

import pytest
from django.urls import reverse

from lots.access.secrecy import Purpose
from lots.access.tests.factories import ConsentFactory
from lots.routines.services import journeys
from lots.routines.tests.factories import routine_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def absence(world):
    return routine_with_steps(world.school.principal)


@pytest.fixture
def sagas_journey(world, absence):
    return journeys.start_journey(actor=world.actor(world.kim), child=world.saga, version=absence)


def _get(client, bearer, user, url):
    headers = {k: v for k, v in bearer(user).items() if k != "token"}
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.json()


def test_the_api_gives_a_protected_childs_step_owners_only_to_cleared_callers(world, client, bearer, sagas_journey):
    def steps(user, url):
        body = _get(client, bearer, user, url)
        return (body[0] if isinstance(body, list) else body)["steps"]

    for url in (
        reverse("api:journey", args=[sagas_journey.pk]),
        reverse("api:child_journeys", args=[world.saga.pk]),
    ):
        (kims,) = [s for s in steps(world.kim, url) if s["step"] == "kartlagg"]
        assert kims["owner_unit"] is None and kims["owner_agency"] is None
        assert kims["withheld"] == ["owner_agency", "owner_unit"]
        (ritas,) = [s for s in steps(world.rita, url) if s["step"] == "kartlagg"]
        assert ritas["owner_unit"] == world.school_unit.name and ritas["owner_agency"] == world.school.pk
        assert ritas["withheld"] == []


def test_the_api_names_the_units_of_a_child_without_protection(world, client, bearer, absence):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    step = _get(client, bearer, world.kim, reverse("api:journey", args=[journey.pk]))["steps"][0]
    assert step["owner_unit"] == world.school_unit.name and step["withheld"] == []


def test_the_api_names_a_protected_childs_consent_agencies_by_kind_unless_cleared(world, client, bearer):
    consent = ConsentFactory(
        child=world.saga,
        purpose=Purpose.FAMILY_COORDINATION,
        recorded_in=world.school,
        noted_by=world.kim,
        agencies=[world.school, world.social],
    )
    detail = reverse("api:consent", args=[consent.pk])
    listed = reverse("api:child_consents", args=[world.saga.pk])
    kims = _get(client, bearer, world.kim, detail)
    assert kims["recorded_in"] == "Skola" and {a["agency"] for a in kims["agencies"]} == {"Skola", "Socialtjänst"}
    assert _get(client, bearer, world.kim, listed)[0]["recorded_in"] == "Skola"
    ritas = _get(client, bearer, world.rita, detail)
    assert ritas["recorded_in"] == world.school.name
    assert {a["agency"] for a in ritas["agencies"]} == {world.school.name, world.social.name}
    assert _get(client, bearer, world.rita, listed)[0]["recorded_in"] == world.school.name
