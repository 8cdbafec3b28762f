"""The one reader of imported spreadsheets (issue 19): a small Excel file that declares or holds a
huge sheet, or unpacks to a huge one, is refused before it costs memory; a damaged one is refused
in Swedish, never with a server error; rows keep the numbers the spreadsheet shows."""

import contextlib
import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from lots.core import spreadsheets
from lots.core.tests.spreadsheet_files import crafted_xlsx, cut_sheet, sheet_xml

HEADINGS = {1: [("A", "personnummer"), ("B", "fornamn")]}


def refusal(data: bytes, kind: str = spreadsheets.XLSX) -> str:
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        spreadsheets.read(data, kind)
    return error.value.messages[0]


def peak_bytes(call) -> int:
    tracemalloc.start()
    with contextlib.suppress(ValidationError):
        call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_a_small_file_declaring_a_huge_sheet_is_refused_before_a_row_is_read(settings):
    settings.LOTS_IMPORT_MAX_ROWS = 1000
    data = crafted_xlsx(sheet_xml(HEADINGS, dimension="A1:M200000"))
    assert len(data) < 10_000
    assert refusal(data) == "Filen har fler än 1000 rader: dela upp den."
    assert peak_bytes(lambda: spreadsheets.read(data, spreadsheets.XLSX)) < 3_000_000


def test_a_sheet_declaring_too_many_columns_is_refused(settings):
    data = crafted_xlsx(sheet_xml(HEADINGS, dimension="A1:XFD10"))
    assert refusal(data) == "Filen har fler än 100 kolumner."


def test_a_sheet_that_declares_nothing_is_stopped_by_the_counts_while_it_is_read(settings):
    settings.LOTS_IMPORT_MAX_ROWS = 100
    far = {**HEADINGS, 2: [("A", "1")], 300_000: [("A", "x")]}
    data = crafted_xlsx(sheet_xml(far, dimension=None))
    assert refusal(data) == "Filen har fler än 100 rader: dela upp den."
    assert peak_bytes(lambda: spreadsheets.read(data, spreadsheets.XLSX)) < 3_000_000
    wide = crafted_xlsx(sheet_xml({1: [("A", "a"), ("CW", "column 101")]}, dimension=None))
    assert refusal(wide) == "Filen har fler än 100 kolumner."
    far_right = crafted_xlsx(sheet_xml({1: [("A", "a"), ("XFD", "never read")]}, dimension=None))
    assert spreadsheets.read(far_right, spreadsheets.XLSX) == [(1, ["a"])]


def test_a_file_that_unpacks_to_much_more_than_it_weighs_is_refused(settings):
    settings.LOTS_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = crafted_xlsx(sheet_xml(HEADINGS, dimension="A1:B1", padding=2 * 1024 * 1024))
    assert len(data) < 20_000
    assert refusal(data) == "Excel-filen är för stor uppackad (mer än 1 MB): dela upp den."


@pytest.mark.parametrize("damage", ["cut sheet", "cut file", "not a zip"])
def test_a_damaged_workbook_is_refused_in_swedish(damage):
    book = Workbook()
    for n in range(200):
        book.active.append([f"{n:012d}", "Namn", "Efternamn"])
    out = io.BytesIO()
    book.save(out)
    data = {"cut sheet": cut_sheet(out.getvalue()), "cut file": out.getvalue()[:3000], "not a zip": b"PK\x03\x04"}
    assert refusal(data[damage]).startswith("Excel-filen kan inte läsas: den är skadad")


def test_rows_keep_their_numbers_and_blank_rows_are_left_out():
    data = b"personnummer;fornamn\n\n1;Ada\n;\n2;Bo\n"
    assert spreadsheets.read(data, spreadsheets.CSV) == [
        (1, ["personnummer", "fornamn"]),
        (3, ["1", "Ada"]),
        (5, ["2", "Bo"]),
    ]


@pytest.mark.parametrize(
    ("data", "first"),
    [
        (b"personnummer\n201001012382\n", ["personnummer"]),
        (b"a\tb\n1\t2\n", ["a", "b"]),
        ("namn,ort\nÅsa,Åre\n".encode("cp1252"), ["namn", "ort"]),
    ],
)
def test_csv_with_one_column_tabs_or_windows_text_is_read(data, first):
    assert spreadsheets.read(data, spreadsheets.CSV)[0] == (1, first)


def test_a_csv_file_that_cannot_be_read_is_refused_in_swedish():
    assert refusal(b"a;b\n" + b'"' + b"x" * 200_000 + b'"\n', spreadsheets.CSV).startswith("CSV-filen kan inte läsas")
