"""The two full-text engines behind `selectors.search`: PostgreSQL's Swedish text search in
production, SQLite's FTS5 on the embedded default. Each gives the same three things: how to
store an entry's document, a condition "matches the words", and a rank between 0 and 1
(after `prepare`, which SQLite needs and PostgreSQL does not).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from lots.catalogue.search.stemmer import stem
from lots.catalogue.search.text import stems

FTS_TABLE = "catalogue_intervention_fts"
RANK_TABLE = "temp.catalogue_search_rank"
CONFIG = "swedish"
#: Weight of the name, the family description and the rest, in that order.
SQLITE_WEIGHTS = (4.0, 2.0, 1.0)


def _prefix_terms(words: Sequence[str]) -> list[tuple[str, bool]]:
    """(word, as a prefix?) — words of one or two letters only as whole words."""
    return [(word, len(word) >= 3) for word in words]


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`: the subquery runs once, before the scan (an InitPlan)."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


class PostgresEngine:
    """to_tsvector('swedish', …) with weights A–C, kept in a GIN-indexed column."""

    vendor = "postgresql"

    def store(self, rows: Iterable[tuple[int, Sequence[str]]]) -> None:
        from lots.catalogue.models import Intervention

        for pk, (a, b, c) in rows:
            Intervention.objects.filter(pk=pk).update(
                search_vector=SearchVector(Value(a), weight="A", config=CONFIG)
                + SearchVector(Value(b), weight="B", config=CONFIG)
                + SearchVector(Value(c), weight="C", config=CONFIG)
            )

    def _query(self, words: Sequence[str], *, prefix: bool = True) -> SearchQuery:
        raw = " | ".join(f"{w}:*" if prefix and long else w for w, long in _prefix_terms(words))
        return SearchQuery(raw, search_type="raw", config=CONFIG)

    def prepare(self, words: Sequence[str]) -> None:
        """Nothing to do: the GIN index answers within the query."""

    def matches(self, words: Sequence[str]) -> Q:
        # As a subquery, so that the GIN index finds the ids even when the search ORs in needs.
        from lots.catalogue.models import Intervention

        return Q(pk__in=Intervention.objects.filter(search_vector=self._query(words)).values("pk"))

    def of_agencies(self, agencies: QuerySet) -> Expression:
        """Entries of these agencies (an area's). As a join or `IN (subquery)` the planner scans
        every entry of the country with the words' filter, since a nested loop would rebuild
        the hashed match per agency; as an array it reads the area's entries by the agency index
        (EXPLAIN in docs/scaling.md)."""
        return _AnyOf(F("agency_id"), ArraySubquery(agencies.values("pk")))

    def rank(self, words: Sequence[str]) -> Expression:
        # normalization 32: rank / (rank + 1), between 0 and 1. ts_rank scores a prefix match
        # like a whole word ("föräldrastödjare" like "föräldrastöd"), so whole words add a half.
        vector = F("search_vector")
        prefixed = SearchRank(vector, self._query(words), normalization=Value(32))
        whole = SearchRank(vector, self._query(words, prefix=False), normalization=Value(32))
        return (prefixed + whole * Value(0.5)) / Value(1.5)


class SqliteEngine:
    """An FTS5 table (created by the migration on SQLite only) of Snowball stems, rowid = entry id."""

    vendor = "sqlite"

    def store(self, rows: Iterable[tuple[int, Sequence[str]]]) -> None:
        rows = [(pk, *(" ".join(stems(part)) for part in parts)) for pk, parts in rows]
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608
            cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, a, b, c) VALUES (%s, %s, %s, %s)", rows)  # noqa: S608

    def _match(self, words: Sequence[str]) -> str:
        # A whole stem counts twice (as itself and as a prefix), so exact matches rank first.
        terms = dict.fromkeys(stem(word) for word in words)
        return " OR ".join(f'"{t}" OR "{t}"*' if len(t) >= 3 else f'"{t}"' for t in terms)

    def prepare(self, words: Sequence[str]) -> None:
        """Rank every match in one pass of the full-text index, into a table of this connection.
        (bm25 in a subquery per entry would run the full-text query once per entry.)"""
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {RANK_TABLE} (id INTEGER PRIMARY KEY, score REAL)")
            cursor.execute(f"DELETE FROM {RANK_TABLE}")  # noqa: S608 - fixed table name
            cursor.execute(
                f"INSERT INTO {RANK_TABLE} (id, score) SELECT rowid, -bm25({FTS_TABLE}, {weights}) "  # noqa: S608
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [self._match(words)],
            )

    def of_agencies(self, agencies: QuerySet) -> Q:
        return Q(agency_id__in=agencies.values("pk"))

    def matches(self, words: Sequence[str]) -> Q:
        return Q(pk__in=RawSQL(f"SELECT id FROM {RANK_TABLE}", []))  # noqa: S608, S611 - fixed table name

    def rank(self, words: Sequence[str]) -> Expression:
        score = RawSQL(  # noqa: S611 - fixed table name
            f'SELECT score FROM {RANK_TABLE} WHERE id = "catalogue_intervention"."id"',  # noqa: S608
            [],
            output_field=FloatField(),
        )
        bm25 = Coalesce(score, Value(0.0), output_field=FloatField())
        return bm25 / (bm25 + Value(1.0))

    def delete(self, pks: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in pks])  # noqa: S608


def engine() -> PostgresEngine | SqliteEngine:
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"no catalogue search for {connection.vendor}")
