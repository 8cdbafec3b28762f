"""A plan's actions can be interventions of the catalogue, found by the needs the plan meets."""

import datetime as dt

import pytest
from django.urls import reverse

from lots.catalogue.tests.factories import InterventionFactory, NeedTagFactory
from lots.plans.models import SipAction
from lots.plans.tests.factories import elins_sip

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return elins_sip(world, established=True)


def test_the_new_action_page_suggests_interventions_for_the_needs_picked(world, signed_in, plan):
    absence = NeedTagFactory(slug="skolfranvaro", name="Skolfrånvaro")
    coordinator = InterventionFactory(
        name="Närvarosamordnare", agency=world.school, needs=[absence], age_min=6, age_max=16
    )
    InterventionFactory(name="Föräldrakurs", agency=world.social, needs=[NeedTagFactory(slug="foraldrastod")])
    InterventionFactory(name="Närvarosamordnare i en annan kommun", needs=[absence])  # not kim's area
    client = signed_in(world.kim)
    page = client.get(reverse("plans:action_new", args=[plan.pk]), {"behov": ["skolfranvaro"]})
    assert [hit.intervention.pk for hit in page.context["suggestions"]["hits"]] == [coordinator.pk]
    chosen = client.get(reverse("plans:action_new", args=[plan.pk]), {"insats": coordinator.pk})
    assert chosen.context["form"].initial["intervention"] == str(coordinator.pk)
    assert chosen.context["form"].initial["responsible_agency"] == str(world.school.pk)


def test_an_action_saved_from_the_catalogue_keeps_the_link_and_the_name(world, signed_in, plan):
    coordinator = InterventionFactory(name="Närvarosamordnare", agency=world.school)
    response = signed_in(world.kim).post(
        reverse("plans:action_new", args=[plan.pk]),
        {
            "submission_key": "3f2b8b1e7f7c4d8a9a410c1c7a1f5a10",
            "what": "Närvarosamordnaren träffar Elin varje vecka",
            "responsible_kind": "agency",
            "responsible_agency": world.school.pk,
            "starts_on": dt.date.today().isoformat(),
            "intervention": coordinator.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    action = SipAction.objects.get()
    assert (action.intervention_id, action.intervention_name) == (coordinator.pk, "Närvarosamordnare")
