"""Swedish stems, compounds and need names: the ground both search engines stand on."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from lots.catalogue.search.stemmer import stem
from lots.catalogue.search.text import compound_parts, covers, enrich, stems, words
from lots.catalogue.selectors import needs_named_by
from lots.catalogue.tests.factories import NeedTagFactory

# Words and their Snowball stems, as PostgreSQL's swedish_stem gives them.
KNOWN_STEMS = {
    "föräldrar": "föräldr",
    "föräldrarna": "föräldr",
    "förälder": "föräld",
    "skolan": "skolan",
    "skolor": "skol",
    "barnen": "barn",
    "insatser": "insats",
    "kontaktpersonen": "kontaktperson",
    "hjälpen": "hjälp",
    "frånvaro": "frånvaro",
    "utredningar": "utredning",
    "behandlingar": "behandling",
    "stödet": "stödet",
    "ungdomarna": "ungdom",
    "glädjelös": "glädjelös",
    "kärleksfullt": "kärleksfull",
    "hemliga": "hem",
}

WORD_LIST = [
    *KNOWN_STEMS,
    "skolfrånvaron",
    "korttidsvistelse",
    "neuropsykiatrisk",
    "hedersrelaterat",
    "självskadebeteende",
    "avlösarservice",
    "familjebehandlingen",
    "ledsagning",
    "sjuksköterskan",
    "tillsammans",
    "missbruket",
    "ångesten",
    "nedstämdhet",
    "våldet",
    "kvällarna",
    "ekonomiskt",
    "barnläkaren",
    "myndigheterna",
    "lyckligtvis",
    "bostäder",
]


@pytest.mark.parametrize(("word", "expected"), KNOWN_STEMS.items())
def test_snowball_swedish_stems(word, expected):
    assert stem(word) == expected


@pytest.mark.django_db
def test_the_stemmer_agrees_with_postgresql():
    """Both engines must stem alike, or a word found on one would be missed on the other."""
    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's own Snowball")
    with connection.cursor() as cursor:
        for word in WORD_LIST:
            cursor.execute("SELECT ts_lexize('swedish_stem', %s)", [word])
            (lexemes,) = cursor.fetchone()
            assert lexemes == [stem(word)], word


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=0, max_size=20))
def test_a_stem_is_a_prefix_of_the_word(word):
    """Snowball Swedish only removes endings, and never the first three letters."""
    result = stem(word)
    assert word.startswith(result)
    assert len(result) >= min(len(word), 3)


def test_compound_words_are_split_at_a_known_head():
    assert compound_parts("skolfrånvaron") == ("frånvaron", "skol")
    assert compound_parts("kvällsrådgivning") == ("rådgivning", "kväll")
    assert compound_parts("barnskyddsutredning")[:2] == ("utredning", "barnskydd")
    assert compound_parts("frånvaro") == ()
    assert compound_parts("vardag") == ()


def test_frånvaro_finds_skolfrånvaron():
    document = stems("Vi arbetar med skolfrånvaron tillsammans med familjen.")
    assert any(covers(stem("frånvaro"), term) for term in document)


def test_stop_words_are_left_out():
    assert words("Stöd till föräldrar och barn") == ["stöd", "föräldrar", "barn"]
    assert enrich("och i på") == ""


@pytest.mark.django_db
def test_a_synonym_names_its_need():
    npf = NeedTagFactory(slug="npf", name="Neuropsykiatrisk funktionsnedsättning", synonyms="NPF, ADHD, autism")
    absence = NeedTagFactory(slug="absence", name="Skolfrånvaro", name_en="School absence", synonyms="hemmasittare")
    tags = [npf, absence]
    assert needs_named_by("ADHD", tags) == [npf]
    assert needs_named_by("adhd och oro", tags) == [npf]
    assert needs_named_by("frånvaro", tags) == [absence], "the head of a compound names it"
    assert needs_named_by("school absence", tags) == [absence]
    assert needs_named_by("skola", tags) == [], "the first part of a compound does not"
    assert needs_named_by("", tags) == []
