"""The Snowball Swedish stemmer, the algorithm PostgreSQL's `swedish` text search configuration
applies, so both engines agree on stems (a test compares it with `ts_lexize('swedish_stem', …)`).

snowballstemmer is held below 3.0: Snowball 3 also strips the definite "-et" ("behovet" →
"behov"), which the Snowball inside PostgreSQL 15–17 does not, and a word stemmed differently
by the two engines is found on one and missed on the other.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

_SWEDISH = snowballstemmer.stemmer("swedish")
_LOCK = threading.Lock()  # a Snowball stemmer keeps its state in the object


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The stem of one word, in lower case."""
    with _LOCK:
        return _SWEDISH.stemWord(word.lower())
