"""Excel files as an attacker or a broken program writes them, for the readers' tests."""

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def _cell(reference: str, value: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(rows: dict[int, list[tuple[str, str]]], *, dimension: str | None, padding: int = 0) -> str:
    """A sheet with the given cells ({row: [(column letter, text)]}), declaring `dimension`
    (None: no declaration at all), with `padding` bytes of blanks that a ZIP packs to nothing."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(
        f'<row r="{r}">{"".join(_cell(f"{col}{r}", text) for col, text in cells)}</row>' for r, cells in rows.items()
    )
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{body}</sheetData>{' ' * padding}</worksheet>"
    )


def crafted_xlsx(sheet: str | bytes) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet`."""
    book = Workbook()
    book.active.append(["x"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, sheet if info.filename == SHEET else source.read(info.filename))
    return out.getvalue()


def cut_sheet(data: bytes) -> bytes:
    """The workbook with its first sheet's XML cut in the middle (a file saved half-way)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        xml = source.read(SHEET)
    return crafted_xlsx(xml[: len(xml) // 2])
