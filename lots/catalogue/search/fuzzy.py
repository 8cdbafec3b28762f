"""The nearest term of the catalogue's vocabulary to a mistyped word ("förädlrastöd" →
"föräldrastöd"), for "Did you mean …?" when a search finds nothing.

The vocabulary is every name and synonym of the needs in use, a few hundred terms. PostgreSQL
compares with pg_trgm's trigram similarity (the extension is created by migration 0004); SQLite
with rapidfuzz's edit-distance ratio. Both give the same answers on the typos tested
(lots/catalogue/tests/test_typos.py), which run on both databases.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from rapidfuzz import fuzz, process

#: pg_trgm similarity (0–1) and rapidfuzz ratio (0–100) at or above which a term counts as meant.
TRIGRAM_THRESHOLD = 0.4
RATIO_THRESHOLD = 80.0

_POSTGRES_NEAREST = """
SELECT term FROM unnest(%s::text[]) AS term
WHERE similarity(term, %s) >= %s
ORDER BY similarity(term, %s) DESC, term
LIMIT 1
"""


def nearest_postgres(word: str, vocabulary: Sequence[str]) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(_POSTGRES_NEAREST, [list(vocabulary), word, TRIGRAM_THRESHOLD, word])
        row = cursor.fetchone()
    return row[0] if row else None


def nearest_sqlite(word: str, vocabulary: Sequence[str]) -> str | None:
    found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=RATIO_THRESHOLD)
    return found[0] if found else None


def nearest(word: str, vocabulary: Sequence[str]) -> str | None:
    """The term of `vocabulary` (lower case) nearest to `word` (lower case), or None."""
    if connection.vendor == "postgresql":
        return nearest_postgres(word, vocabulary)
    return nearest_sqlite(word, vocabulary)
