"""School absence through the API: the pupil's figures and signals to those who may see them, the
school's list to its head teacher, each read logged, in a fixed number of statements."""

import pytest
from django.urls import reverse

from lots.attendance import services
from lots.attendance.tests.test_signals import absent
from lots.audit.models import AuditEntry
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _h(made):
    return {k: v for k, v in made.items() if k != "token"}


@pytest.fixture
def elin_absent(world):
    absent(world, world.elin, 0.5, whole_days=3)
    services.raise_signals()
    return world.elin


def test_the_pupils_figures_and_signals(world, client, bearer, elin_absent):
    data = client.get(reverse("api:child_absence", args=[world.elin.pk]), **_h(bearer(world.rita))).json()
    figures = data["figures"]
    assert figures["scheduled_weeks"] == 6000 and figures["days_in_row"] == 3
    assert figures["percent_weeks"] == float(figures["percent_weeks"]) > 50
    assert sum(w["scheduled"] for w in data["weeks"]) == figures["scheduled_term"]
    levels = {s["level"]: s for s in data["signals"]}
    assert set(levels) == {"mentor", "student_health", "routine"}
    assert levels["routine"]["investigation_due"] and levels["mentor"]["investigation_due"] is None
    assert data["thresholds"]["routine_days"] == 10
    assert "Elin" not in str(data)  # the pupil by id only
    assert AuditEntry.objects.filter(record_type="attendance.absence", child_id=world.elin.pk, action="view").exists()


def test_one_404_for_a_pupil_whose_absence_one_may_not_see_and_for_none(world, client, bearer, elin_absent):
    headers = _h(bearer(world.berit))
    assert client.get(reverse("api:child_absence", args=[world.elin.pk]), **headers).status_code == 404
    headers = _h(bearer(world.rita))
    assert client.get(reverse("api:child_absence", args=[world.saga.pk]), **headers).status_code == 404
    assert client.get(reverse("api:child_absence", args=[999999]), **headers).status_code == 404


def test_the_schools_list_is_the_head_teachers(world, client, bearer, elin_absent, django_assert_max_num_queries):
    for _ in range(3):
        absent(world, ChildFactory(school_unit=world.school_unit), 0.2)
    services.raise_signals()
    headers = _h(bearer(world.rita))
    client.get(reverse("api:school_absence"), **headers)
    with django_assert_max_num_queries(19):
        data = client.get(reverse("api:school_absence"), **headers).json()
    assert data["counts"] == {"mentor": 4, "student_health": 4, "routine": 1}
    assert data["pupils"][0]["child"] == world.elin.pk and data["pupils"][0]["levels"][-1] == "routine"
    assert data["trend"] and data["trend"][0]["mentor"] == 4
    assert client.get(reverse("api:school_absence"), **_h(bearer(world.mona))).status_code == 404
