"""Choosing a child in a form is a search among every child the person may choose: a mentor with
58 pupils finds and chooses the 58th, without JavaScript, and no one finds a child not theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lots.access.tests.factories import AssignmentFactory
from lots.core.testing import main_of
from lots.deviations.models import Deviation
from lots.intake.models import ConcernReport
from lots.intake.tests.test_views import form_data
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils(world):
    """Mona is mentor of 58 pupils (besides Elin and Saga); the 58th is Öjvind Östberg."""
    made = [ChildFactory(first_name=f"Elev{i:02d}", last_name=f"Klass{i:02d}") for i in range(57)]
    made.append(ChildFactory(first_name="Öjvind", last_name="Östberg"))
    for child in made:
        AssignmentFactory(user=world.mona, unit=world.school_unit, child=child)
    return made


def _report(world, **overrides):
    return {**form_data(world, world.elin, feedback_requested=""), "child": "", **overrides}


def test_the_mentor_finds_and_chooses_the_58th_pupil(world, signed_in, pupils):
    client = signed_in(world.mona)
    last = pupils[-1]
    found = client.post(reverse("intake:report_new"), _report(world, child_search="östberg", find_child="1"))
    page = main_of(found)  # a search is no error: no field is judged yet
    assert 'class="errorlist"' not in page
    assert "Östberg, Öjvind" in page and f'value="{last.pk}"' in page
    assert "Märken på armarna." in page  # what was typed is kept
    assert not ConcernReport.objects.exists()  # searching sends nothing
    client.post(reverse("intake:report_new"), _report(world, child_search="östberg", child=str(last.pk)))
    assert ConcernReport.objects.get().child == last


def test_one_match_is_the_child_and_no_one_finds_another_persons_pupil(world, signed_in, pupils):
    signed_in(world.mona).post(reverse("intake:report_new"), _report(world, child_search="Öjvind"))
    assert ConcernReport.objects.get().child == pupils[-1]
    other = signed_in(world.tor).post(
        reverse("intake:report_new"), _report(world, child_search="Öjvind", find_child="1")
    )
    assert "Östberg" not in other.content.decode()
    assert ConcernReport.objects.count() == 1


def test_the_deviation_form_chooses_by_search_too(world, signed_in, pupils):
    client = signed_in(world.mona)
    page = client.post(reverse("deviations:new"), {"child_search": "Klass56", "find_child": "1"}).content.decode()
    assert "Klass56, Elev56" in page
    assert not Deviation.objects.exists()


def test_the_help_request_form_chooses_by_search_too(world, signed_in, pupils):
    page = (
        signed_in(world.mona)
        .post(reverse("intake:request_new"), {"child_search": "Östberg", "find_child": "1"})
        .content.decode()
    )
    assert "Östberg, Öjvind" in page
