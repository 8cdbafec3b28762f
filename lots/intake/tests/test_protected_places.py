"""Protected identity at reception: the unit a concern report about a protected child came from
(the child's school, often) tells where the child is. The queue and the report's page withhold
it as the child's address is, from reception staff not cleared for the child."""

import pytest
from django.urls import reverse

from lots.access.tests.factories import ProtectedClearanceFactory
from lots.core.testing import main_of
from lots.intake.tests.factories import ConcernReportFactory

pytestmark = pytest.mark.django_db

PROTECTED = "Skyddad identitet"


@pytest.fixture
def sagas_report(world):
    """Mona's report about Saga, from Testskolan, in Rut's reception."""
    return ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=world.saga,
        reporter=world.mona,
        reporter_unit=world.school_unit,
        child_name_given="",
    )


@pytest.mark.parametrize("page", ["intake:queue", "intake:report"])
def test_where_a_report_about_a_protected_child_came_from_is_withheld(world, signed_in, sagas_report, page):
    url = reverse(page, args=[sagas_report.pk] if page == "intake:report" else [])
    main = main_of(signed_in(world.rut).get(url))
    assert world.school_unit.name not in main, "the reporting school tells where Saga goes to school"
    assert PROTECTED in main


@pytest.mark.parametrize("page", ["intake:queue", "intake:report"])
def test_staff_cleared_for_the_child_see_where_the_report_came_from(world, signed_in, sagas_report, page):
    ProtectedClearanceFactory(user=world.rut, child=world.saga, granted_by=world.rita)
    url = reverse(page, args=[sagas_report.pk] if page == "intake:report" else [])
    assert world.school_unit.name in main_of(signed_in(world.rut).get(url))


def test_the_unit_a_report_about_a_child_without_protection_came_from_is_shown(world, signed_in):
    report = ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=world.elin,
        reporter_unit=world.school_unit,
    )
    for url in (reverse("intake:queue"), reverse("intake:report", args=[report.pk])):
        assert world.school_unit.name in main_of(signed_in(world.rut).get(url))
