"""Reading the rows of an imported spreadsheet, CSV or Excel (.xlsx): the one reader every import
uses (the pupils of the school administration system, the catalogue); and the one writer every
export uses (`to_csv`, `to_xlsx`), which keeps text that a spreadsheet would run as a formula as
text (`neutralise`).

A spreadsheet is read as a stream and refused, with a Swedish message, as soon as it passes the
limits (`LOTS_IMPORT_MAX_ROWS`, `LOTS_IMPORT_MAX_COLUMNS`, `LOTS_IMPORT_MAX_UNPACKED_MB`): an
Excel file's unpacked size and declared sheet size are judged before a row is read, so that a
small file declaring a huge sheet (or a ZIP bomb) costs nothing. A damaged file is refused the
same way, never with a server error. Only rows with some content are returned, each with its
number as the spreadsheet shows it (the headings are row 1), its cells as trimmed text (without
the empty ones at the end). An Excel cell right of the column limit and its neighbour is never
read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

CSV, XLSX = "csv", "xlsx"
DELIMITERS = (";", ",", "\t")

Rows = list[tuple[int, list[str]]]


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row of an imported file, by the number the spreadsheet shows."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _damaged() -> ValidationError:
    return _refuse(
        _("The Excel file cannot be read: it is damaged or not a workbook (.xlsx). Save it again and upload it anew."),
        "damaged",
    )


def _too_many_rows(max_rows: int) -> ValidationError:
    return _refuse(_("The file has more than %(max)d rows: split it.") % {"max": max_rows}, "rows")


def _too_many_columns(max_columns: int) -> ValidationError:
    return _refuse(_("The file has more than %(max)d columns.") % {"max": max_columns}, "columns")


def text(value) -> str:
    """A cell as text: nothing is "", 7.0 is "7"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def unpacked_size(data: bytes, kind: str) -> int:
    """The bytes a reader goes through: an Excel file's unpacked content, a CSV file's own size."""
    if kind != XLSX:
        return len(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _damaged() from None


def read(data: bytes, kind: str, *, max_rows: int | None = None) -> Rows:
    """The rows with content, the headings first: (row number, cells). `max_rows` (rows under the
    headings) may only lower the installation's limit."""
    limit = settings.LOTS_IMPORT_MAX_ROWS if max_rows is None else min(max_rows, settings.LOTS_IMPORT_MAX_ROWS)
    return list(stream(data, kind, max_rows=limit))


def stream(data: bytes, kind: str, *, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """The rows with content one by one, the headings first, under a limit the caller states
    (an import whose files are larger by nature, as a year of lessons, has its own setting).
    The same refusals as `read`, raised when the reading reaches them."""
    max_columns = settings.LOTS_IMPORT_MAX_COLUMNS
    source = _xlsx_rows(data, max_rows, max_columns) if kind == XLSX else _csv_rows(data)
    for number, cells in source:
        if number > max_rows + 1:
            if any(cells):
                raise _too_many_rows(max_rows)
            continue
        if len(cells) > max_columns:
            if any(cells[max_columns:]):
                raise _too_many_columns(max_columns)
            cells = cells[:max_columns]
        while cells and not cells[-1]:  # the empty cells an Excel row is padded with
            cells.pop()
        if cells:
            yield number, cells


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            content = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _refuse(_("The file is not text in UTF-8. Save it as UTF-8 and try again."), "encoding") from None
    first = content.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ";"
    try:
        for number, row in enumerate(csv.reader(io.StringIO(content), delimiter=delimiter), start=1):
            yield number, [cell.strip() for cell in row]
    except csv.Error:
        raise _refuse(_("The CSV file cannot be read: save it again as CSV and upload it anew."), "damaged") from None


def _xlsx_rows(data: bytes, max_rows: int, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    max_bytes = settings.LOTS_IMPORT_MAX_UNPACKED_BYTES
    if unpacked_size(data, XLSX) > max_bytes:
        raise _refuse(
            _("The Excel file is too large unpacked (more than %(mb)d MB): split it.")
            % {"mb": max_bytes // (1024 * 1024)},
            "unpacked",
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key and value errors) for a bad file
        raise _damaged() from None
    try:
        if not book.worksheets:
            raise _damaged()
        sheet = book.worksheets[0]
        # The sheet's own declaration of its size, read before any row; a file that declares
        # none, or less than it holds, is stopped by the counts while it is read.
        if (sheet.max_row or 0) > max_rows + 1:
            raise _too_many_rows(max_rows)
        if (sheet.max_column or 0) > max_columns:
            raise _too_many_columns(max_columns)
        rows = sheet.iter_rows(max_col=max_columns + 1, values_only=True)
        number = 0
        while True:
            try:
                # One column past the limit (to see whether the sheet passes it): never more
                # cells than that per row, whatever a row holds.
                row = next(rows, None)
            except Exception:  # a damaged sheet fails while it is read: a cut XML, a bad CRC
                raise _damaged() from None
            if row is None:
                return
            number += 1
            if number > max_rows + 1:
                # Any row past the limit, even an empty one (a sheet may put its next row a
                # billion rows down, and the rows between come one by one): stop here.
                raise _too_many_rows(max_rows)
            yield number, [text(cell) for cell in row]
    finally:
        book.close()


# Writing ---------------------------------------------------------------------------------------

#: What makes a spreadsheet run a cell as a formula: one of these as its first character that is
#: not blank (spaces or a line break before it do not stop it), or a tab or carriage return first.
_FORMULA_CHARACTERS = frozenset("=+-@")
_CONTROL_START = ("\t", "\r")


def runs_as_formula(value: str) -> bool:
    first = value.lstrip()[:1]
    return (first != "" and first in _FORMULA_CHARACTERS) or value.startswith(_CONTROL_START)


def neutralise(value):
    """A cell to write: text that a spreadsheet would run as a formula is kept as text (a leading
    apostrophe); numbers and everything else as they are."""
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def to_csv(rows: list[list]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, as Swedish Excel opens it."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([[neutralise(c) for c in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list], *, sheet: str) -> bytes:
    book = Workbook(write_only=True)
    written = book.create_sheet(sheet[:31])
    for row in rows:
        written.append([neutralise(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
