"""Who sees a journey: the starting agency's staff with need to know; another agency only the
step handed to it, and only once it was handed to their unit."""

from django.urls import reverse

from lots.access import policy
from lots.routines.models import Journey, JourneyStep
from lots.routines.services import journeys


def _visible_steps(world, user, journey):
    return set(
        policy.visible_to(world.actor(user), JourneyStep.objects.filter(journey=journey)).values_list(
            "step_key", flat=True
        )
    )


def test_a_handed_over_step_is_all_the_other_agency_sees(world, absence, signed_in):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    assert _visible_steps(world, world.mona, journey) == {"kartlagg", "mote", "plan"}
    assert _visible_steps(world, world.berit, journey) == set()
    assert not policy.visible_to(world.actor(world.bo), Journey.objects.filter(pk=journey.pk)).exists()

    step = journey.steps.get(step_key="kartlagg")
    journeys.hand_over(actor=world.actor(world.kim), journey_step=step, to_unit=world.bup_unit)
    assert _visible_steps(world, world.berit, journey) == {"kartlagg"}
    assert _visible_steps(world, world.sam, journey) == set()  # social services: not handed anything

    page = signed_in(world.berit).get(reverse("routines:journey", args=[journey.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "Ta emot steget" in body and "Möte med vårdnadshavare" not in body

    journeys.accept_handover(actor=world.actor(world.berit), journey_step=step)
    assert _visible_steps(world, world.berit, journey) == {"kartlagg"}
    assert _visible_steps(world, world.bo, journey) == set()  # accepted by Berit: hers, not her colleague's
    assert _visible_steps(world, world.mona, journey) == {"kartlagg", "mote", "plan"}  # still the school's journey
