"""The Snowball Swedish stemmer (snowballstem.org/algorithms/swedish), the algorithm that
PostgreSQL's `swedish` text search configuration applies, so both engines agree on stems.

Written out here rather than added as a dependency: it is some forty lines, and a test compares
it with PostgreSQL's own `ts_lexize('swedish_stem', …)` on a word list.
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("aeiouyäåö")
S_ENDING = frozenset("bcdfghjklmnoprtvy")

# Longest first, so the first that fits is the longest suffix in R1.
_MAIN_SUFFIXES = """
a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er heter or as arnas
ernas ornas es ades andes ens arens hetens erns at andet het ast s
"""
MAIN_SUFFIXES = sorted(_MAIN_SUFFIXES.split(), key=len, reverse=True)
CONSONANT_PAIRS = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
OTHER_SUFFIXES = sorted(["lig", "ig", "els", "löst", "fullt"], key=len, reverse=True)


def _r1(word: str) -> int:
    """Start of R1: after the first non-vowel that follows a vowel, but at least 3."""
    p1 = len(word)
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            p1 = i + 1
            break
    return max(p1, 3)


def _main_suffix(word: str, p1: int) -> str:
    for suffix in MAIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            if suffix == "s":
                return word[:-1] if len(word) >= 2 and word[-2] in S_ENDING else word
            return word[: -len(suffix)]
    return word


def _consonant_pair(word: str, p1: int) -> str:
    if len(word) - 2 >= p1 and word.endswith(CONSONANT_PAIRS):
        return word[:-1]
    return word


def _other_suffix(word: str, p1: int) -> str:
    for suffix in OTHER_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            if suffix == "löst":
                return word[:-1]
            if suffix == "fullt":
                return word[:-1]
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The stem of one lower-case word."""
    word = word.lower()
    if len(word) < 3:
        return word
    p1 = _r1(word)
    word = _main_suffix(word, p1)
    word = _consonant_pair(word, p1)
    return _other_suffix(word, p1)
