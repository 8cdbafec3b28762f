"""Protected identity on a consent's page: the agencies a consent names (a school's, a
municipality's name) tell where the child is; they are named by their kind, without a link to
their profile, to staff not cleared for the child. Kim knows Saga but is not cleared; Rita is."""

import pytest
from django.urls import reverse

from lots.access.secrecy import Purpose
from lots.access.tests.factories import ConsentFactory
from lots.core.testing import main_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sagas_consent(world):
    return ConsentFactory(
        child=world.saga,
        purpose=Purpose.FAMILY_COORDINATION,
        recorded_in=world.school,
        noted_by=world.kim,
        agencies=[world.school, world.social],
    )


def test_a_protected_childs_consent_names_its_agencies_by_kind_to_staff_not_cleared(world, signed_in, sagas_consent):
    main = main_of(signed_in(world.kim).get(reverse("access:consent", args=[sagas_consent.pk])))
    assert world.school.name not in main and world.school.principal.name not in main
    assert "Skola" in main
    assert reverse("catalogue:public_agency", args=[world.school.pk]) not in main


def test_a_protected_childs_consent_names_its_agencies_to_cleared_staff(world, signed_in, sagas_consent):
    main = main_of(signed_in(world.rita).get(reverse("access:consent", args=[sagas_consent.pk])))
    assert world.school.name in main and world.school.principal.name in main
