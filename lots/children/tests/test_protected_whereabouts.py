"""Protected identity on the child's page: the units of those who work around a protected child
and the phone of a protected guardian (or of a protected child's guardian) are withheld as the
address is, from all but staff cleared for the child. Kim knows Saga (assigned) but is not
cleared; Rita (rektor) is."""

import pytest
from django.urls import reverse

from lots.access.tests.factories import ProtectedClearanceFactory
from lots.people.tests.factories import RelatedPersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

PROTECTED = "Skyddad identitet"


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_who_works_around_a_protected_child_shows_no_unit_to_staff_not_cleared(world, signed_in):
    url = reverse("people:child", args=[world.saga.pk])
    team = _section(signed_in(world.kim).get(url).content.decode(), "team-h")
    assert "Kim Kuratorsson" in team and "Mona Mentorsson" in team
    assert world.school_unit.name not in team, "the school beside the names tells where Saga goes to school"
    assert PROTECTED in team


def test_who_works_around_a_protected_child_shows_the_unit_to_cleared_staff(world, signed_in):
    url = reverse("people:child", args=[world.saga.pk])
    team = _section(signed_in(world.rita).get(url).content.decode(), "team-h")
    assert world.school_unit.name in team and PROTECTED not in team


def test_who_works_around_a_child_without_protection_shows_the_unit(world, signed_in):
    team = _section(signed_in(world.kim).get(reverse("people:child", args=[world.elin.pk])).content.decode(), "team-h")
    assert world.school_unit.name in team


def test_a_protected_guardians_phone_needs_a_clearance(world, signed_in):
    RelationshipFactory(child=world.elin, person=RelatedPersonFactory(protected=True, phone="070-555 01 01"))
    url = reverse("people:child", args=[world.elin.pk])
    guardians = _section(signed_in(world.kim).get(url).content.decode(), "guardians-h")
    assert "070-555 01 01" not in guardians and PROTECTED in guardians
    assert world.gun.phone in guardians, "a guardian without protection keeps the phone shown"
    ProtectedClearanceFactory(user=world.kim, child=world.elin, granted_by=world.rita)
    assert "070-555 01 01" in _section(signed_in(world.kim).get(url).content.decode(), "guardians-h")


def test_the_phone_of_a_protected_childs_guardian_needs_a_clearance(world, signed_in):
    """A guardian's phone or e-mail leads to where the guardian, and so the child, lives."""
    RelationshipFactory(child=world.saga, person=RelatedPersonFactory(phone="070-555 02 02", email="m@example.se"))
    url = reverse("people:child", args=[world.saga.pk])
    kims = _section(signed_in(world.kim).get(url).content.decode(), "guardians-h")
    assert "070-555 02 02" not in kims
    view = signed_in(world.kim).get(url).context["overview"].relations[0][1]
    assert str(view.email) == PROTECTED
    assert "070-555 02 02" in _section(signed_in(world.rita).get(url).content.decode(), "guardians-h")
