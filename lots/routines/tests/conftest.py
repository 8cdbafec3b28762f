import pytest

from lots.routines.tests.factories import routine_with_steps


@pytest.fixture
def absence(world):
    """A published routine of Testby kommun, edited by Rita; concerns kuratorer and rektorer."""
    version = routine_with_steps(world.school.principal)
    version.routine.editors.add(world.rita)
    return version
