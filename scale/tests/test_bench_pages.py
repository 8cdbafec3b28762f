"""Every page `make bench` measures answers on a generated data set, as the user the fixture picks."""

import datetime as dt

import pytest
import time_machine

import scale
from benchmarks.pages import all_pages, choose_fixture
from lots.organisations.models import User
from scale.sink import Progress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)


def test_every_benchmarked_page_answers_for_the_fixtures_users(client):
    with time_machine.travel(NOW, tick=False):
        scale.build(children=400, seed=2, now=NOW, progress=Progress(enabled=False))
        fixture = choose_fixture()
        names = [page.name for page in all_pages()]
        assert {
            "sip_page",
            "my_sips",
            "reception_queue",
            "concern_report",
            "catalogue_search",
            "public_search",
            "api_children",
            "api_fhir",
            "journey",
            "routine",
            "engagement",
            "network_map",
            "deviation_queue",
            "deviation",
            "forum_meeting",
        } <= set(names)
        for page in all_pages():
            request = page.build(fixture)
            client.logout()
            if request.user:
                client.force_login(User.objects.get(username=request.user))
            send = client.post if request.method == "POST" else client.get
            extra = {"HTTP_AUTHORIZATION": f"Bearer {request.bearer}"} if request.bearer else {}
            response = send(request.path, request.data, **extra)
            assert response.status_code == 200, (page.name, response.status_code)
            if request.bearer:
                assert response.json(), page.name  # the API answered with data, not an empty body


def test_the_search_benchmark_finds_the_fixtures_child_and_reports_against_the_targets():
    from benchmarks.report import search_lines
    from benchmarks.search import search_times

    with time_machine.travel(NOW, tick=True):
        scale.build(children=400, seed=2, now=NOW, progress=Progress(enabled=False))
        timings = search_times(choose_fixture())
    assert timings["number"]["found"] == 1  # the identity number names one child
    assert timings["name"]["found"] >= 1
    lines = search_lines({"search": timings})
    assert lines[0].startswith("- by number: median ") and "target < 5 ms" in lines[0]
    assert "target < 50 ms" in lines[1]
