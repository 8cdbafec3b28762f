"""Relevance on the demo catalogue: queries people type, and the entries that must come first.
Runs on SQLite (FTS5) and on PostgreSQL (Swedish text search) alike."""

import pytest

from demo.catalogue import build_catalogue
from demo.organisations import build_organisations, build_staff
from lots.catalogue import selectors

# (what is typed, filters, the entries that must come first, in any order among themselves)
RELEVANCE = [
    ("föräldrastöd", {}, ["Föräldrastöd på kvällstid: rådgivning för föräldrar"]),
    ("frånvaro", {}, ["Närvaroteamet: samordnare för skolnärvaro", "Närvarosamordnare i Bergvik"]),
    ("skolfrånvaro", {}, ["Närvaroteamet: samordnare för skolnärvaro", "Närvarosamordnare i Bergvik"]),
    ("ADHD", {}, ["Utredning av ADHD och autism"]),
    ("korttidsvistelse", {}, ["Korttidsvistelse enligt LSS"]),
    ("självskada", {}, ["DBT för unga med självskadebeteende"]),
    ("KAA", {}, ["Kommunala aktivitetsansvaret (KAA)"]),
    ("hemterapeut", {}, ["Hemterapeut"]),
    ("fältassistent", {}, ["Fältassistenter"]),
    ("personlig assistans", {}, ["Personlig assistans"]),
    ("skulder", {}, ["Budget- och skuldrådgivning"]),
    ("preventivmedel", {}, ["Ungdomsmottagningen: sexuell hälsa"]),
    ("resursskola", {}, ["Resursskolan Kompassen med behandling"]),
    ("kvällsrådgivning", {}, ["Föräldrastöd på kvällstid: rådgivning för föräldrar"]),
    ("hedersvåld", {}, ["Stöd vid hedersrelaterat våld och förtryck"]),
    ("short-term stay", {}, ["Korttidsvistelse enligt LSS"]),
    ("ångest", {"age": 8}, ["KBT vid ångest och depression"]),
    ("", {"needs": ["respite"], "access_route": "free"}, []),
    ("", {"needs": ["school-absence"], "age": 10}, ["Närvarosamordnare i Bergvik"]),
    ("", {"needs": ["parenting", "neuropsychiatric"], "age": 7}, ["Föräldrakurs om NPF"]),
]


@pytest.fixture
def demo_catalogue(db):
    units = build_organisations()
    users = build_staff(units)
    return build_catalogue(seed=2026, users=users)


def test_relevance_on_the_demo_catalogue(demo_catalogue):
    failures = []
    for text, filters, first in RELEVANCE:
        hits = selectors.search(text=text, public=True, **filters).hits
        top = [hit.intervention.name for hit in hits[: len(first)]]
        if sorted(top) != sorted(first):
            failures.append(f"{text!r} {filters}: {top} (wanted {first})")
    assert not failures, "\n".join(failures)


def test_every_hit_says_why(demo_catalogue):
    hits = selectors.search(text="frånvaro", age=13).hits
    assert hits
    assert hits[0].why == "Skolfrånvaro, ”frånvaro”, 13 år"
    assert all(hit.reasons for hit in hits)


def test_filters_are_strict(demo_catalogue):
    for hit in selectors.search(text="stöd", access_route="lss_application").hits:
        assert hit.intervention.access_route == "lss_application"
    arabic = selectors.search(text="föräldrar", language="ar").hits
    assert arabic and all("ar" in hit.intervention.language_codes for hit in arabic)
    for hit in selectors.search(text="stöd", age=19).hits:
        assert hit.intervention.age_min <= 19 <= hit.intervention.age_max


def test_the_public_finds_only_what_is_published(demo_catalogue):
    names = [hit.intervention.name for hit in selectors.search(text="skolplikt").hits]
    assert "Skolpliktsbevakning" in names
    assert "Skolpliktsbevakning" not in [
        hit.intervention.name for hit in selectors.search(text="skolplikt", public=True).hits
    ]


def test_suggestions_rank_by_needs_met_and_leave_out_what_the_plan_has(demo_catalogue):
    hits = selectors.suggest_interventions(needs=["school-absence", "anxiety-depression"], age=13)
    assert hits[0].score >= hits[-1].score
    best = hits[0].intervention
    assert {"school-absence", "anxiety-depression"} <= {tag.slug for tag in best.needs.all()}
    again = selectors.suggest_interventions(
        needs=["school-absence", "anxiety-depression"], age=13, exclude_ids=[best.pk]
    )
    assert best.pk not in [hit.intervention.pk for hit in again]
    assert selectors.suggest_interventions(needs=[], age=13) == []
