import pytest

from lots.access.tests.factories import AssignmentFactory
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UserFactory
from lots.people.tests.factories import ChildFactory


@pytest.fixture
def noah(world):
    """Noah, 9, at Testskolan; Mona is his mentor."""
    child = ChildFactory(first_name="Noah", last_name="Lindqvist", school_unit=world.school_unit, age=9)
    AssignmentFactory(user=world.mona, unit=world.school_unit, child=child)
    return child


@pytest.fixture
def chef(world):
    """Maj, the manager of social services' reception."""
    user = UserFactory(first_name="Maj", last_name="Chefsson", username="maj")
    MembershipFactory(user=user, unit=world.reception_unit, role=Role.UNIT_MANAGER)
    return user


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
