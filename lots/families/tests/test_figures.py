"""The team's outcome measures as counts for the committees: no person data, small counts shown
as "<5"; and the network maps drawn with their text escaped."""

import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.utils import timezone

from lots.core import diagrams
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
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    classes = [g.get("class") for g in root.iter(f"{{{diagrams.SVG_NS}}}g")]
    assert classes.count("node centre") == 1 and classes.count("node person private") == 1
    assert classes.count("node person professional") == 1
    assert "2 personer i nätverket" in svg or "2 people in the network" in svg


def _centre_distance(svg: str, css: str) -> float:
    """How far the first node of class `css` is from the child in the centre."""
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    centres = {}
    for g in root.iter(f"{{{diagrams.SVG_NS}}}g"):
        shape = next((e for e in g if e.tag.endswith(("ellipse", "polygon"))), None)
        if g.get("class") in {"node centre", css} and shape is not None and shape.get("cx"):
            centres[g.get("class")] = (float(shape.get("cx")), float(shape.get("cy")))
    (x1, y1), (x2, y2) = centres["node centre"], centres[css]
    return ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5


def test_the_closer_a_person_the_nearer_the_centre_of_the_ecomap(db):
    near = ecomap.draw("Elin", [NetworkPersonFactory.build(name="Mormor", closeness=3)])
    far = ecomap.draw("Elin", [NetworkPersonFactory.build(name="Grannen", closeness=1)])
    assert _centre_distance(near, "node person private") < _centre_distance(far, "node person private")


def test_the_contact_map_draws_members_and_agencies_and_falls_back_to_the_table_without_graphviz(world, monkeypatch):
    contact = SimpleNamespace(agency_id=world.school.pk, agency=world.school)
    svg = ecomap.contact_map("Familjen <Berg>", [("Anna", [contact, contact]), ("Elin", [contact])])
    assert "Familjen &lt;Berg&gt;" in svg and "Anna" in svg and world.school.name in svg
    assert svg.count('class="node member"') == 2 and svg.count('class="node agency"') == 1
    monkeypatch.setenv("PATH", "/nonexistent")
    assert ecomap.contact_map("Familjen Berg", [("Anna", [contact])]) is None
