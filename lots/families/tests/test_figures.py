"""The team's outcome measures as counts for the committees: no person data, small counts shown
as "<5"; and the network maps drawn with their text escaped."""

import datetime as dt

import pytest
from django.utils import timezone

from lots.families import ecomap, figures, services
from lots.families.tests.factories import NetworkPersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _rate(world, team, family, occasion, control, structure=2, **more):
    return services.record_rating(
        actor=world.actor(team.fia),
        engagement=family,
        occasion=occasion,
        rated_on=timezone.localdate(),
        structure=structure,
        control=control,
        children_eligible=more.get("eligible", 0),
        adults_in_work_or_study=more.get("working", 0),
        economy="stable",
    )


def test_the_counts_follow_the_familys_own_rating_from_start_to_latest(world, team, family):
    _rate(world, team, family, "start", control=1)
    _rate(world, team, family, "six_months", control=3, structure=2, eligible=1, working=2)
    ReferralFactory(team=team.unit, waiting=True)
    ReferralFactory(team=team.unit, declined=True, decided_at=timezone.now())
    today = timezone.localdate()
    counts = figures.outcome_counts(team_ids=[team.unit.pk], start=today - dt.timedelta(days=30), end=today)
    assert counts["control_rose"] == 1
    assert counts["structure_rose"] == 0
    assert counts["children_eligible"] == 1
    assert counts["adults_in_work_or_study"] == 2
    assert counts["started"] == counts["active"] == 1
    assert counts["waiting"] == 1 and counts["declined"] == 1
    assert counts["referred"] == 3


def test_another_teams_families_are_not_counted(world, team, family):
    _rate(world, team, family, "start", control=1)
    today = timezone.localdate()
    other = ReferralFactory(waiting=True).team
    counts = figures.outcome_counts(team_ids=[other.pk], start=today - dt.timedelta(days=30), end=today)
    assert counts["started"] == counts["control_rose"] == 0 and counts["waiting"] == 1


def test_small_counts_are_suppressed_on_the_page():
    shown = figures.shown({"a": 0, "b": 3, "c": 5, "d": 12})
    assert [str(shown[k]) for k in "abcd"] == ["0", "<5", "5", "12"]


def test_the_ecomap_places_the_child_in_the_centre_and_escapes_every_name(db):
    people = [
        NetworkPersonFactory.build(name="<script>alert(1)</script>"),
        NetworkPersonFactory.build(professional=True, name="Kurator & co"),
    ]
    svg = ecomap.draw("Elin", people)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Kurator &amp; co" in svg
    assert svg.count("<circle") == 3 + 2 + 1  # three rings, two people, the child
    assert "2 personer i nätverket" in svg or "2 people in the network" in svg
