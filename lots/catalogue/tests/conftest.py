import pytest

from lots.catalogue.tests.factories import EditorGrantFactory
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory


@pytest.fixture
def sam_edits(world):
    """Sam (social services) keeps social services' entries."""
    EditorGrantFactory(user=world.sam, agency=world.social)
    return world.actor(world.sam)


@pytest.fixture
def admin_actor(world):
    """An administrator of Testby kommun (the principal of school and social services)."""
    unit = UnitFactory(agency=Agency.objects.get(name="Kommunledning"), name="Stab 2", kind=Unit.Kind.ADMINISTRATION)
    user = UserFactory(username="adam", first_name="Adam", last_name="Admin")
    membership = MembershipFactory(user=user, unit=unit, role=Role.ADMINISTRATOR)
    return Actor(user=user, membership=membership)
