import pytest

from lots.interop.tests.pupil_files import CODE


@pytest.fixture
def rita(world):
    world.school_unit.school_unit_code = CODE
    world.school_unit.save()
    return world.actor(world.rita)
