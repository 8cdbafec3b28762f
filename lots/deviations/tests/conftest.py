"""The deviations' named people, beside the shared world (conftest.py at the root):

- Lena heads BUP (the manager of BUP's administration unit, "BUP ledning"): BUP's nearest manager
  when a deviation names BUP without a unit.
- Maj manages social services' reception.
- Stig sits in the region's steering group.
"""

import pytest

from lots.organisations.models import Unit
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory


def staff(unit, role, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name, username=first_name.lower())
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def lena(world):
    head = UnitFactory(agency=world.bup, name="BUP ledning", kind=Unit.Kind.ADMINISTRATION)
    return staff(head, Role.UNIT_MANAGER, "Lena", "Ledarsson")


@pytest.fixture
def maj(world):
    return staff(world.reception_unit, Role.UNIT_MANAGER, "Maj", "Chefsson")


@pytest.fixture
def stig(world):
    office = UnitFactory(agency=world.bup, name="Regionens stab", kind=Unit.Kind.ADMINISTRATION)
    return staff(office, Role.STEERING_GROUP_MEMBER, "Stig", "Styrsson")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
