"""One indicator's charts: bars against the previous period and the target, lines month by
month, each with its table; the months suppressed against the period's sum; loaded into the
dashboard by htmx; for those who follow up only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lots.core.testing import queries_of
from lots.followup import registry, tables, trends
from lots.followup.models import Target
from lots.followup.registry import Kind, Period
from lots.followup.tests.conftest import at
from lots.followup.tests.test_views import Y2025, _sips, steering  # noqa: F401 - the fixture
from lots.plans.models import Status
from lots.plans.tests.factories import SipFactory

pytestmark = pytest.mark.django_db


def _url(key="sip.requested"):
    return reverse("followup:indicator", args=[key])


def test_months_cut_a_period_at_month_ends():
    cut = trends.months(Period(dt.date(2025, 1, 15), dt.date(2025, 3, 3)))
    assert [(m.start.isoformat(), m.end.isoformat()) for m in cut] == [
        ("2025-01-15", "2025-01-31"),
        ("2025-02-01", "2025-02-28"),
        ("2025-03-01", "2025-03-03"),
    ]
    assert len(trends.months(Period.year(2024))) == 12


def test_the_charts_and_their_tables_show_the_same_figures(world, signed_in):
    Target.objects.create(indicator="sip.requested", value=10, source="Intern kontrollplan 2025")
    _sips(world, 12)
    _sips(world, 6, year=2024)
    response = signed_in(world.rita).get(_url(), Y2025)
    body = response.content.decode()
    assert response.status_code == 200 and response.headers["Vary"].count("HX-Request") == 1
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert "style=" not in body.split("<main", 1)[1] and "<script" not in body.split("<main", 1)[1]
    assert ">mål 10<" in body  # the target as a dashed line
    assert "<td>12</td><td>6</td>" in body  # this period against the previous one
    assert '<th scope="row">Mar 2025</th><td>12</td><td>6</td>' in body  # every one in March
    assert '<th scope="row">Jan 2025</th><td>0</td><td>0</td>' in body


def test_a_month_that_would_give_a_small_one_away_is_hidden_with_it(world, signed_in):
    for day in (3, 4, 5, 6, 7, 8, 9, 10):
        SipFactory(requesting_agency=world.school, requested_at=at(2025, 3, day), status=Status.REQUESTED)
    for day in (3, 4):
        SipFactory(requesting_agency=world.school, requested_at=at(2025, 5, day), status=Status.REQUESTED)
    body = signed_in(world.rita).get(_url(), Y2025).content.decode()
    assert '<th scope="row">Maj 2025</th><td>&lt;5</td>' in body
    # March's 8 and the year's 10 (on the dashboard) would give May's 2 away: March is hidden too.
    assert '<th scope="row">Mar 2025</th><td>dolt</td>' in body


def _kept(scope):
    return {1: 2, 3: 20}.get(scope.period.start.month, 10)


def _of(scope):
    return 40 if scope.period.start.month in (1, 3) else 20


def test_a_share_by_month_is_shown_only_when_both_its_counts_are(world):
    indicator = registry.Indicator(
        "test.share",
        "Test",
        "Andel",
        Kind.SHARE,
        registry.Definition("x", "y"),
        "z",
        lambda scope: [registry.Tally(world.school.pk, n=_kept(scope), of=_of(scope))],
    )
    leaf = ("a", world.school.pk)
    tree = tables.Tree({world.school.pk: leaf}, {leaf: tables.TOTAL}, {leaf: "Skolan", tables.TOTAL: "Alla"})
    scope = registry.Scope(Period.year(2025), [world.school.pk], today=dt.date(2026, 1, 1))
    found = trends.trend(indicator, tree, scope)
    january, march = found.now[0], found.now[2]
    assert march.value == 50 and march.text == "50 %"
    assert january.value is None and january.text == "–"  # 2 kept of 40


def test_htmx_gets_the_fragment_and_the_dashboard_links_each_figure(world, steering, signed_in):  # noqa: F811
    client = signed_in(steering)
    dashboard = client.get(reverse("followup:dashboard"), Y2025).content.decode()
    assert f'hx-get="{_url()}?fran=2025-01-01&amp;till=2025-12-31"' in dashboard
    fragment = client.get(_url(), Y2025, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div class="figure__charts"') and "<html" not in fragment


def test_an_unknown_indicator_and_those_who_do_not_follow_up_get_a_404(world, signed_in):
    assert signed_in(world.rita).get(_url("no.such")).status_code == 404
    assert signed_in(world.kim).get(_url()).status_code == 404
    assert signed_in(world.rita).get(_url(), {"fran": "2025-12-31", "till": "2025-01-01"}).status_code == 400


def test_the_charts_cost_two_statements_a_month_whatever_the_data(world, steering, signed_in):  # noqa: F811
    client = signed_in(steering)
    client.get(_url(), Y2025)
    few = queries_of(lambda: client.get(_url(), Y2025))
    _sips(world, 30)
    many = queries_of(lambda: client.get(_url(), Y2025))
    assert len(few) == len(many)


def test_a_long_period_is_drawn_year_by_year(world, signed_in):
    assert len(trends.steps(Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31)))[0]) == 24
    cut, by_year = trends.steps(Period(dt.date(2022, 3, 1), dt.date(2025, 12, 31)))
    assert by_year and [(y.start.isoformat(), y.end.isoformat()) for y in cut][:2] == [
        ("2022-03-01", "2022-12-31"),
        ("2023-01-01", "2023-12-31"),
    ]
    _sips(world, 12)
    _sips(world, 6, year=2024)
    body = signed_in(world.rita).get(_url(), {"fran": "2022-01-01", "till": "2025-12-31"}).content.decode()
    assert "år för år" in body and "månad för månad" not in body
    assert '<th scope="row">2025</th><td>12</td>' in body and '<th scope="row">2024</th><td>6</td>' in body
