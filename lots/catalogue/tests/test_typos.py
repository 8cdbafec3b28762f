"""Typos in the public search: "Did you mean …?" from the needs' names and synonyms, the search
run with it, and the examples and the way back kept when nothing matches. Run on SQLite
(rapidfuzz) and on PostgreSQL (pg_trgm)."""

import pytest
from django.urls import reverse

from lots.catalogue import selectors
from lots.catalogue.tests.factories import InterventionFactory, NeedTagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parenting(world):
    need = NeedTagFactory(
        slug="parenting", name="Föräldraskap", name_en="Parenting support", synonyms="föräldrastöd, parenting"
    )
    NeedTagFactory(slug="absence", name="Skolfrånvaro", name_en="School absence", synonyms="frånvaro, ångest")
    return InterventionFactory(
        agency=world.social, name="Föräldrastöd på kvällstid", summary="Kvällsrådgivning.", needs=[need]
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("förädlrastöd", "föräldrastöd"),
        ("Föräldrastod", "föräldrastöd"),
        ("skolfrånvro", "skolfrånvaro"),
        ("ångst hemma", "ångest hemma"),
        ("parentng", "parenting"),
    ],
)
def test_the_nearest_term_of_the_vocabulary_is_suggested(parenting, typed, meant):
    assert selectors.suggestion(typed) == meant


@pytest.mark.parametrize("typed", ["föräldrastöd", "zzzzxxxx", "bil", ""])
def test_no_suggestion_for_known_words_or_words_near_nothing(parenting, typed):
    assert selectors.suggestion(typed) is None


def test_the_public_search_says_what_it_searched_for_instead(client, parenting):
    body = client.get(reverse("catalogue:public_search"), {"q": "förädlrastöd"}).content.decode()
    assert "Menade du" in body and "<strong>föräldrastöd</strong>" in body and "?q=f%C3%B6r%C3%A4ldrast%C3%B6d" in body
    assert "Föräldrastöd på kvällstid" in body
    assert "Till exempel" not in body  # there were hits after all


def test_nothing_near_keeps_the_examples_and_the_way_back(client, parenting):
    body = client.get(reverse("catalogue:public_search"), {"q": "zzzzxxxx", "lang": "en"}).content.decode()
    assert "Did you mean" not in body and "Nothing matched" in body
    assert "For example" in body and "parenting support" in body
    assert f'href="{reverse("catalogue:public_search")}?lang=en"' in body
