"""The search on any catalogue: entries no longer offered, the cost in queries, the search document.
Relevance on the demo's catalogue is tested beside it (demo/tests/test_catalogue_search.py).
Runs on SQLite (FTS5) and on PostgreSQL (Swedish text search) alike."""

from django.db import connection

from lots.catalogue import selectors
from lots.catalogue.models import Intervention
from lots.catalogue.tests.factories import InterventionFactory, NeedTagFactory
from lots.core.testing import queries_of


def test_an_entry_no_longer_offered_is_not_found(db):
    InterventionFactory(name="Simskola för alla", withdrawn=True)
    InterventionFactory(name="Simskola för barn")
    assert [h.intervention.name for h in selectors.search(text="simskola").hits] == ["Simskola för barn"]


def test_the_search_costs_the_same_few_queries_for_any_catalogue(db):
    need = NeedTagFactory(slug="parenting", name="Föräldraskap", synonyms="föräldrastöd")
    InterventionFactory(name="Föräldrastöd i grupp", needs=[need])

    def run():
        selectors.search(text="föräldrastöd", age=8, needs=["parenting"])

    few = len(queries_of(run))
    InterventionFactory.create_batch(15, summary="Föräldrastöd för alla", needs=[need])
    assert len(queries_of(run)) == few == (3 if connection.vendor == "postgresql" else 6)


def test_the_search_document_follows_the_entry(db, world, sam_edits):
    from lots.catalogue import services

    entry = services.create_intervention(
        actor=sam_edits,
        agency=world.social,
        data={"name": "Klubben", "summary": "Vi spelar schack.", "access_route": "free"},
    )
    assert [h.intervention for h in selectors.search(text="schack").hits] == [entry]
    services.update_intervention(
        actor=sam_edits,
        intervention=entry,
        data={"summary": "Vi målar tavlor på lördagar."},
        expected_version=entry.version,
    )
    assert selectors.search(text="schack").hits == []
    assert [h.intervention.pk for h in selectors.search(text="tavlor").hits] == [entry.pk]
    assert Intervention.objects.count() == 1
