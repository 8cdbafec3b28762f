"""The process view hides small counts by the one rule of lots.followup.suppression: a hidden
count of journeys waiting in a step does not follow by subtraction from the steps beside it."""

import pytest
from django.urls import reverse

from lots.people.tests.factories import ChildFactory
from lots.routines import selectors
from lots.routines.tests.factories import JourneyFactory, JourneyStepFactory, routine_with_steps

pytestmark = pytest.mark.django_db


def _journeys(version, world, *, waiting_in_second: int, past_second: int) -> None:
    first, second, third = list(version.steps.all())
    for n in range(waiting_in_second + past_second):
        journey = JourneyFactory(version=version, child=ChildFactory(), unit=world.school_unit)
        JourneyStepFactory(journey=journey, step=first, completed=True)
        if n < waiting_in_second:
            JourneyStepFactory(journey=journey, step=second, open=True)
        else:
            JourneyStepFactory(journey=journey, step=second, completed=True)
            JourneyStepFactory(journey=journey, step=third, open=True)


def test_a_small_count_does_not_follow_from_the_step_before(world, signed_in):
    version = routine_with_steps(world.school.principal)
    # 43 passed "kartlagg"; 3 wait in "mote" and 40 passed it: 43 - 40 would give the 3 away.
    _journeys(version, world, waiting_in_second=3, past_second=40)
    _shown, figures = selectors.process_view(world.actor(world.rita), version.routine_id)
    assert figures["mote"].open_shown == "<5"
    # The smallest count beside it goes with it (40 passed "mote"), and then, so that 40 does not
    # follow from 40 = passed + waiting in "plan", the 40 waiting there.
    assert (figures["mote"].passed_shown, figures["plan"].open_shown) == ("dolt", "dolt")
    assert figures["kartlagg"].passed_shown == "43" and figures["mote"].median is None
    body = signed_in(world.rita).get(reverse("routines:process", args=[version.routine_id])).content.decode()
    assert "passerat: dolt<" in body and "<td>40</td>" not in body


def test_large_counts_stay_shown(world):
    version = routine_with_steps(world.school.principal)
    _journeys(version, world, waiting_in_second=10, past_second=40)
    _shown, figures = selectors.process_view(world.actor(world.rita), version.routine_id)
    assert (figures["kartlagg"].passed_shown, figures["mote"].open_shown, figures["mote"].passed_shown) == (
        "50",
        "10",
        "40",
    )
    assert figures["kartlagg"].median == 3
