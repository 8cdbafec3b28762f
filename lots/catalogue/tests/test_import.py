"""Import and export as CSV and Excel: good files load, a bad row is reported with its number and
reason, and nothing of a failed file is saved. The files are built here."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from lots.catalogue import importing
from lots.catalogue.models import Intervention, InterventionVersion
from lots.catalogue.tests.factories import InterventionFactory, NeedTagFactory
from lots.organisations.tests.factories import UnitFactory

HEADER = [
    "verksamhet",
    "enhet",
    "namn",
    "beskrivning",
    "behov",
    "alder_fran",
    "alder_till",
    "vag_in",
    "sprak",
    "publicerad",
]


def _csv(rows, delimiter=";") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def vocabulary(world):
    UnitFactory(agency=world.social, name="Fältgruppen")
    return [NeedTagFactory(slug="parenting", name="Föräldraskap"), NeedTagFactory(slug="leisure", name="Fritid")]


GOOD = [
    [
        "Socialtjänst",
        "Fältgruppen",
        "Fältassistenter",
        "Vuxna ute på kvällarna.",
        "leisure",
        "12",
        "20",
        "free",
        "sv; arabiska",
        "ja",
    ],
    [
        "Socialtjänst",
        "",
        "Föräldrakurs",
        "Kurs för föräldrar.",
        "Föräldraskap",
        "3",
        "12",
        "Ansökan och biståndsbeslut (SoL)",
        "",
        "nej",
    ],
]


@pytest.mark.parametrize(("name", "build"), [("fil.csv", _csv), ("fil.xlsx", _xlsx)])
def test_a_good_file_is_imported(world, sam_edits, vocabulary, name, build):
    summary = importing.import_file(actor=sam_edits, name=name, content=build(GOOD))
    assert (summary.created, summary.updated) == (2, 0)
    field = Intervention.objects.get(name="Fältassistenter")
    assert (field.unit.name, field.age_min, field.age_max, field.published) == ("Fältgruppen", 12, 20, True)
    assert field.language_codes == ["sv", "ar"]
    assert [t.slug for t in field.needs.all()] == ["leisure"]
    course = Intervention.objects.get(name="Föräldrakurs")
    assert (course.access_route, course.published, course.unit) == ("sol_decision", False, None)
    assert InterventionVersion.objects.filter(change="imported").count() == 2


def test_importing_again_updates_by_id_or_name(world, sam_edits, vocabulary):
    importing.import_file(actor=sam_edits, name="a.csv", content=_csv(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][3] = "Vuxna ute på kvällar och helger."
    summary = importing.import_file(actor=sam_edits, name="a.csv", content=_csv(changed, delimiter=","))
    assert (summary.created, summary.updated) == (0, 2)
    assert Intervention.objects.get(name="Fältassistenter").summary == "Vuxna ute på kvällar och helger."


@pytest.mark.parametrize("build", [_csv, _xlsx])
def test_a_bad_file_is_reported_row_by_row_and_nothing_is_saved(world, sam_edits, vocabulary, build):
    bad = [
        GOOD[0],
        ["Socialtjänst", "Okänd enhet", "A", "Text.", "leisure", "x", "20", "free", "", "ja"],
        ["Utbildning", "", "B", "Text.", "", "", "", "free", "", ""],
        ["Socialtjänst", "", "C", "", "flygrädsla", "10", "5", "till fots", "klingon", "kanske"],
        ["Socialtjänst", "Fältgruppen", "Fältassistenter", "Igen.", "", "", "", "free", "", ""],
    ]
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(actor=sam_edits, name="fil.xlsx" if build is _xlsx else "fil.csv", content=build(bad))
    messages = [str(error) for error in failed.value.errors]
    assert "Rad 3: enheten ”Okänd enhet” hör inte till verksamheten" in messages
    assert "Rad 3: alder_fran måste vara ett heltal" in messages
    assert "Rad 4: verksamheten ”Utbildning” finns inte eller är inte din att redigera" in messages
    assert "Rad 5: behovet ”flygrädsla” finns inte i listan över behov" in messages
    assert "Rad 5: språket ”klingon” är okänt" in messages
    assert "Rad 5: publicerad måste vara ja eller nej" in messages
    assert "Rad 6: samma insats som rad 2" in messages
    assert {e.row for e in failed.value.errors} == {3, 4, 5, 6}, "row 2 is good"
    assert not Intervention.objects.exists(), "nothing of a failed import is saved"


def test_the_service_rules_apply_to_each_row(world, sam_edits, vocabulary):
    bad = [["Socialtjänst", "", "C", "", "", "10", "5", "till fots", "", ""]]
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(actor=sam_edits, name="fil.csv", content=_csv(bad))
    messages = [str(error) for error in failed.value.errors]
    assert "Rad 2: beskrivning: Fältet måste fyllas i." in messages
    assert "Rad 2: vag_in: Välj en av vägarna in." in messages
    assert "Rad 2: alder_till: Den övre åldern får inte vara lägre än den undre." in messages


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Rad 1: Filen är tom."),
        (b"namn;beskrivning\nA;B\n", "Rad 1: Kolumner saknas: vag_in, verksamhet."),
        ("verksamhet;namn;beskrivning;vag_in;favoritfärg\n".encode(), "Rad 1: Okända kolumner: favoritfärg."),
    ],
)
def test_a_file_with_wrong_columns_is_refused(world, sam_edits, content, message):
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(actor=sam_edits, name="fil.csv", content=content)
    assert [str(e) for e in failed.value.errors] == [message]


def test_a_file_that_is_not_a_workbook_is_refused(world, sam_edits):
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(actor=sam_edits, name="fil.xlsx", content=b"not a zip")
    assert "Excel" in str(failed.value.errors[0])


def test_only_editors_import(world):
    with pytest.raises(PermissionDenied):
        importing.import_file(actor=world.actor(world.kim), name="fil.csv", content=_csv(GOOD))


def test_export_round_trips_and_keeps_formulas_as_text(world, sam_edits, vocabulary):
    InterventionFactory(agency=world.social, name="=HYPERLINK(1)", needs=vocabulary[:1], languages=",sv,ar,")
    entries = Intervention.objects.all()
    rows = importing.export_rows(entries)
    assert rows[0][:4] == ["id", "huvudman", "verksamhet", "enhet"]
    assert rows[1][4] == "'=HYPERLINK(1)"
    book = load_workbook(io.BytesIO(importing.to_xlsx(rows)))
    assert book.active.cell(row=2, column=5).value == "'=HYPERLINK(1)"
    text = importing.to_csv(rows).decode("utf-8-sig")
    assert "sv; ar" in text
    summary = importing.import_file(actor=sam_edits, name="export.csv", content=importing.to_csv(rows))
    assert (summary.created, summary.updated) == (0, 1)
    assert Intervention.objects.get().name == "=HYPERLINK(1)"


@pytest.mark.parametrize(
    "value",
    ["=1+1", " =1+1", "   +SUM(A1)", "\n-2+3", "\r\n@cmd", "\t=x", "\u00a0=x", "\tplain", "\rplain"],
)
def test_a_value_a_spreadsheet_would_run_is_kept_as_text_even_after_blanks(world, value):
    InterventionFactory(agency=world.social, name="Namn", summary=value)
    rows = importing.export_rows(Intervention.objects.all())
    column = [c for c, _f in importing.COLUMNS].index("beskrivning")
    assert rows[1][column] == "'" + value
    assert importing._unescape(rows[1][column]) == value


@pytest.mark.parametrize("value", ["Plain text", "  spaced", "a=b", "", "'quoted"])
def test_ordinary_text_is_exported_as_it_is(world, value):
    InterventionFactory(agency=world.social, name="Namn", summary=value)
    rows = importing.export_rows(Intervention.objects.all())
    column = [c for c, _f in importing.COLUMNS].index("beskrivning")
    assert rows[1][column] == value
