"""The one judgement of an uploaded file's kind, shared by the pupil import, the FHIR upload and the
absence import: from the bytes, never the name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from lots.core import uploads

TABLES = frozenset({uploads.CSV, uploads.XLSX})


def _zip(names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_a_workbook_csv_and_json_are_told_from_their_bytes():
    assert uploads.kind_of(_zip(["[Content_Types].xml", "xl/workbook.xml"]), TABLES) == uploads.XLSX
    assert uploads.kind_of(b"personnummer;datum\n", TABLES) == uploads.CSV
    assert uploads.kind_of(b'{"resourceType": "Bundle"}', frozenset({uploads.JSON})) == uploads.JSON


@pytest.mark.parametrize(
    ("data", "allowed", "says"),
    [
        (b"", TABLES, "tom"),
        (_zip(["word/document.xml"]), TABLES, "inte av ett slag"),
        (b"PK\x03\x04 not a zip", TABLES, "inte av ett slag"),
        (b"a;b\n<script>alert(1)</script>\n", TABLES, "webbsidekod"),
        (b"a;b\x00\n", TABLES, "webbsidekod"),
        (b'{"a": 1}', TABLES, "inte av ett slag"),
        ("namn;ort\nÅsa;Växjö\n".encode("cp1252"), TABLES, "UTF-8"),
    ],
)
def test_anything_else_is_refused_in_swedish(data, allowed, says):
    with pytest.raises(ValidationError) as refused:
        uploads.kind_of(data, allowed)
    assert says in str(refused.value.message_dict["file"])


def test_windows_1252_text_is_read_where_the_importer_allows_it_but_not_web_page_code():
    text = "namn;ort\nÅsa;Växjö\n".encode("cp1252")
    assert uploads.kind_of(text, TABLES, utf8_only=False) == uploads.CSV
    with pytest.raises(ValidationError):
        uploads.kind_of("<html>Åsa</html>".encode("cp1252"), TABLES, utf8_only=False)
