"""Protected identity on a journey: the units and agencies that hold a protected child's steps
tell where the child is. They are withheld as the child's address is, from all but staff
cleared for the child (the API: lots/api/tests/test_protected_places.py). Kim knows Saga (assigned) but is not
cleared; Rita (rektor) is."""

import pytest
from django.urls import reverse

from lots.core.testing import main_of
from lots.routines.services import journeys

pytestmark = pytest.mark.django_db

PROTECTED = "Skyddad identitet"


@pytest.fixture
def sagas_journey(world, absence):
    """Saga's journey, started by Kim at Testskolan; its first step handed to social services."""
    kim = world.actor(world.kim)
    journey = journeys.start_journey(actor=kim, child=world.saga, version=absence)
    journeys.hand_over(actor=kim, journey_step=journey.steps.get(step_key="kartlagg"), to_unit=world.social_unit)
    return journey


def test_the_journey_page_of_a_protected_child_names_no_unit_to_staff_not_cleared(world, signed_in, sagas_journey):
    main = main_of(signed_in(world.kim).get(reverse("routines:journey", args=[sagas_journey.pk])))
    for name in (world.school_unit.name, world.school.name, world.social_unit.name):
        assert name not in main, f"{name} tells where Saga is"
    assert PROTECTED in main
    assert "Skola" in main, "the kind of agency that holds a step is still shown"


def test_the_journey_page_of_a_protected_child_names_the_units_to_cleared_staff(world, signed_in, sagas_journey):
    main = main_of(signed_in(world.rita).get(reverse("routines:journey", args=[sagas_journey.pk])))
    for name in (world.school_unit.name, world.school.name, world.social_unit.name):
        assert name in main
    assert PROTECTED not in main.replace('tag--danger">Skyddad identitet', "")
