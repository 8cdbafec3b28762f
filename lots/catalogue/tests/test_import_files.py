"""Catalogue files that would cost the web process dearly or crash it (issue 19): the same reader
as the pupil import; refused row 1 in Swedish, nothing saved."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from lots.catalogue import importing
from lots.catalogue.models import Intervention
from lots.core.tests.spreadsheet_files import crafted_xlsx, cut_sheet, sheet_xml

pytestmark = pytest.mark.django_db


def _refusal(actor, content: bytes) -> list[str]:
    with translation.override("sv"), pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(actor=actor, name="fil.xlsx", content=content)
    return [str(error) for error in failed.value.errors]


def test_a_small_xlsx_declaring_a_huge_sheet_is_refused_before_it_is_read(world, sam_edits, settings):
    headings = {1: [("A", "verksamhet"), ("B", "namn"), ("C", "beskrivning"), ("D", "vag_in")]}
    data = crafted_xlsx(sheet_xml(headings, dimension="A1:X1048576"))
    assert _refusal(sam_edits, data) == ["Rad 1: Filen har fler än 5000 rader: dela upp den."]


def test_a_truncated_xlsx_is_refused_in_swedish_and_nothing_is_saved(world, sam_edits):
    book = Workbook()
    book.active.append(["verksamhet", "namn", "beskrivning", "vag_in"])
    for n in range(100):
        book.active.append(["Socialtjänst", f"Insats {n}", "Text.", "free"])
    out = io.BytesIO()
    book.save(out)
    errors = _refusal(sam_edits, cut_sheet(out.getvalue()))
    assert len(errors) == 1 and errors[0].startswith("Rad 1: Excel-filen kan inte läsas: den är skadad")
    assert not Intervention.objects.exists()
