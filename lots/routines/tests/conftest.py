import pytest

from lots.routines.services import versions
from lots.routines.tests.factories import routine_with_steps


@pytest.fixture
def absence(world):
    """A published routine of Testby kommun, edited by Rita; concerns kuratorer and rektorer."""
    version = routine_with_steps(world.school.principal)
    version.routine.editors.add(world.rita)
    return version


@pytest.fixture
def branching(world, absence):
    """The routine above published again with two ways on from its first step: to "mote", or
    when there is violence to "plan"."""
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    versions.save_step(
        actor=world.actor(world.rita),
        version=draft,
        step=draft.steps.get(key="kartlagg"),
        key="kartlagg",
        title="Kartlägg",
        agency_kind="school",
        next_steps=versions.parse_next("mote\nvåld: plan"),
    )
    return versions.publish(actor=world.actor(world.rita), version=draft)
