"""Deviations and forum meetings through the API: what the pages show, the child withheld from
a caller without a ground on the child."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.deviations import services
from lots.deviations.models import Kind

pytestmark = pytest.mark.django_db


def _report(world):
    return services.report_deviation(
        actor=world.actor(world.kim),
        kind=Kind.MISSED_SIP,
        happened_on=timezone.localdate() - dt.timedelta(days=1),
        description="BUP uteblev från SIP-mötet.",
        agencies=[world.school],
        child=world.elin,
    )


def test_a_handler_reads_the_queue_and_a_deviation_with_the_child(world, client, bearer):
    deviation = _report(world)
    token = bearer(world.rita)["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token.plaintext}"}

    listed = client.get(reverse("api:deviations") + "?list=att-hantera", **auth).json()
    assert [row["id"] for row in listed["results"]] == [deviation.pk]
    one = client.get(reverse("api:deviation", args=[deviation.pk]), **auth).json()
    assert one["child"] == world.elin.pk and one["withheld"] == []
    assert one["agencies"][0]["agency"] == world.school.name


def test_the_steering_group_reads_it_without_the_child(world, client, bearer):
    from lots.deviations.tests.conftest import staff
    from lots.organisations.models import Unit
    from lots.organisations.roles import Role
    from lots.organisations.tests.factories import UnitFactory

    deviation = _report(world)
    office = UnitFactory(agency=world.school, name="Stab", kind=Unit.Kind.ADMINISTRATION)
    steering = staff(office, Role.STEERING_GROUP_MEMBER, "Stina", "Styrsson")
    token = bearer(steering)["token"]
    one = client.get(
        reverse("api:deviation", args=[deviation.pk]), HTTP_AUTHORIZATION=f"Bearer {token.plaintext}"
    ).json()
    assert one["child"] is None and one["withheld"] == ["child"]
