"""Turning text into search terms, the same way for documents and queries on both engines.

Swedish glues words together: "skolfrånvaron" is "skol" + "frånvaron", and a parent who types
"frånvaro" should find it. Neither PostgreSQL's `swedish` configuration nor FTS5 splits
compounds, so Lots does it here, with a short lexicon of the heads of compounds that matter in
this domain (compounding works like a dictionary compound filter in other search engines): a
word ending in a known head is indexed also as its head and its first part. The enriched text
then goes to the engine (PostgreSQL stems it with `swedish`; for SQLite it is stemmed here with
the same Snowball algorithm), and query words are matched as prefixes of stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lots.catalogue.search.stemmer import stem

WORD = re.compile(r"[0-9a-zåäöéüæø]+", re.IGNORECASE)

#: Snowball's Swedish stop words, the list PostgreSQL's `swedish` configuration uses.
_STOP_WORDS = """
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du
henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter
upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju
denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma
vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana
vart dina vars vårt våra ert era vilkas
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

#: Heads of Swedish compounds in the language of support for children and families.
_HEADS = """
frånvaro närvaro stöd hjälp samtal rådgivning råd behandling terapi terapeut grupp grupper skola
klass hälsa vård omsorg psykiatri mottagning utredning bedömning insats möte möten nätverk familj
förälder föräldrar barn ungdom ungdomar elev elever coach coachning kontakt person assistans
assistent boende bostad ekonomi bidrag fritid aktivitet aktiviteter ansvar plikt bevakning team lots
pilot handledning utbildning kurs träning program missbruk beroende våld heder ångest depression
självskada sömn ätstörning funktionsnedsättning diagnos autism habilitering logoped psykolog kurator
sköterska pedagog specialpedagog lärare mentor arbete avlastning vistelse korttidsvistelse tillsyn
ledsagning ledsagare service läkare samordning samordnare koordinator plan anpassning anpassningar
undervisning verksamhet enhet skydd placering hem jour språk tolk mottagande introduktion
kartläggning sysselsättning praktik jobb sommar lov läger idrott kultur rektor sjuksköterska
uppföljning konsultation besök trygghet relation relationer
"""
HEADS = _HEADS.split()


def words(text: str) -> list[str]:
    """Lower-case words of a text, without stop words."""
    return [w for w in (m.group(0).lower() for m in WORD.finditer(text or "")) if w not in STOP_WORDS]


@lru_cache(maxsize=1)
def _head_stems() -> tuple[tuple[str, int], ...]:
    return tuple(sorted({(stem(h), len(h)) for h in HEADS}, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=20_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a compound worth indexing beside it: its head and first part (and the first
    part's own parts). "kvällsrådgivning" → ("rådgivning", "kväll")."""
    word = word.lower()
    if len(word) < 7:
        return ()
    for split in range(3, len(word) - 3):
        tail = word[split:]
        tail_stem = stem(tail)
        for head_stem, head_length in _head_stems():
            if tail_stem.startswith(head_stem) and len(tail) - head_length <= 4:
                first = word[:split]
                if first.endswith("s") and len(first) > 4:
                    first = first[:-1]  # the linking s: "barnskydds|utredning"
                parts = [tail, first] if len(first) >= 3 else [tail]
                return tuple(dict.fromkeys([*parts, *compound_parts(first)]))
    return ()


def enrich(text: str, *, first_parts: bool = True) -> str:
    """The text's words followed by the parts of its compounds, for an engine to index.

    A query adds only the heads: "skolfrånvaro" also asks for "frånvaro", but not for every
    word that begins with "skol"."""
    found = words(text)
    extra = [part for word in found for i, part in enumerate(compound_parts(word)) if first_parts or i == 0]
    return " ".join(dict.fromkeys(found + extra))


def stems(text: str) -> list[str]:
    """Distinct stems of a text and of its compounds' parts, in order of appearance."""
    return list(dict.fromkeys(stem(w) for w in enrich(text).split()))


def query_stems(text: str) -> list[str]:
    """Stems of what someone typed: the words and their compound parts, at most 12."""
    return stems(text)[:12]


def covers(query_stem: str, term_stem: str) -> bool:
    """A query stem finds a term stem when it is a prefix of it (three letters at least)."""
    return query_stem == term_stem or (len(query_stem) >= 3 and term_stem.startswith(query_stem))
