"""Pages: reporting, the manager's queue and a deviation's page, with query counts that do not
grow with the data; refusals in Swedish with nothing changed; one 404 for forbidden and missing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.core.testing import queries_of
from lots.deviations.models import Deviation, Status
from lots.deviations.tests.factories import DeviationFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _deviations(world, count: int, *, child=None):
    for _n in range(count):
        d = DeviationFactory(reporting_agency=world.school, reported_by=world.kim, child=child)
        PartyFactory(deviation=d, agency=world.school, unit=world.school_unit, handler_unit=world.school_unit)
        PartyFactory(deviation=d, agency=world.bup)


def test_reporting_a_deviation_from_the_form(world, signed_in, lena):
    client = signed_in(world.kim)
    page = client.get(reverse("deviations:new"))
    assert page.status_code == 200 and "Rapportera en avvikelse" in page.content.decode()

    response = client.post(
        reverse("deviations:new"),
        {
            "kind": "missed_sip",
            "happened_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "description": "BUP uteblev från SIP-mötet igen.",
            "consequence": "Planen försenades.",
            "agencies": [str(world.school.pk), str(world.bup.pk)],
            "child": str(world.elin.pk),
        },
    )
    deviation = Deviation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("deviations:detail", args=[deviation.pk])
    assert deviation.child_id == world.elin.pk and deviation.parties.count() == 2


def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(world, signed_in):
    client = signed_in(world.rita)
    response = client.post(
        reverse("deviations:new"),
        {"kind": "missed_sip", "happened_on": "2020-01-01", "description": "", "agencies": []},
    )
    assert response.status_code == 400
    assert "Fältet måste fyllas i." in response.content.decode()
    assert not Deviation.objects.exists()


def test_the_managers_queue_costs_the_same_whatever_the_number_of_deviations(world, signed_in):
    client = signed_in(world.rita)
    url = reverse("deviations:list") + "?visa=att-hantera"
    _deviations(world, 2, child=world.elin)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    _deviations(world, 20, child=world.elin)
    many = queries_of(lambda: client.get(url))
    assert len(few) == len(many) <= 25
    page = client.get(url).content.decode()
    assert page.count("Elin Berg") == 22


def test_the_deviation_page_within_a_fixed_number_of_queries(world, signed_in, django_assert_max_num_queries):
    _deviations(world, 1, child=world.elin)
    deviation = Deviation.objects.get()
    client = signed_in(world.rita)
    client.get(reverse("deviations:detail", args=[deviation.pk]))
    with django_assert_max_num_queries(25):
        page = client.get(reverse("deviations:detail", args=[deviation.pk]))
    text = page.content.decode()
    assert "Elin Berg" in text and "Registrera analysen" in text


def test_forbidden_and_missing_look_the_same(world, signed_in):
    _deviations(world, 1)
    deviation = Deviation.objects.get()
    client = signed_in(world.tor)
    assert client.get(reverse("deviations:detail", args=[deviation.pk])).status_code == 404
    assert client.get(reverse("deviations:detail", args=[deviation.pk + 100])).status_code == 404
    assert client.post(reverse("deviations:close", args=[deviation.pk]), {"outcome": "x"}).status_code == 404


def test_a_handler_closes_only_when_every_agency_has_answered(world, signed_in):
    _deviations(world, 1)
    deviation = Deviation.objects.get()
    client = signed_in(world.rita)
    response = client.post(reverse("deviations:close", args=[deviation.pk]), {"outcome": "Ny rutin."})
    assert response.status_code == 400
    assert "Varje inblandad verksamhet" in response.content.decode()
    assert Deviation.objects.get().status == Status.OPEN


def test_the_childs_page_shows_the_deviations_naming_the_child(world, signed_in):
    _deviations(world, 1, child=world.elin)
    page = signed_in(world.rita).get(reverse("people:child", args=[world.elin.pk]))
    assert page.status_code == 200
    assert reverse("deviations:detail", args=[Deviation.objects.get().pk]) in page.content.decode()
