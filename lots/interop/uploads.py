"""Import files, judged by their bytes as lots.documents judges documents: the size is capped
while reading, and the type is decided from the content (never the name or the browser's claim).
A text file must be UTF-8 without NUL bytes or web page code; an Excel file must be the ZIP of
an Office Open XML workbook."""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

JSON, CSV, XLSX = "json", "csv", "xlsx"
_MARKUP = re.compile(r"<\s*(script|html|svg|iframe|object|embed|body|\?php|!doctype)", re.IGNORECASE)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="content")


def read_limited(upload, max_bytes: int | None = None) -> bytes:
    """The upload's bytes, refused as soon as it passes the limit (without reading it all)."""
    max_bytes = max_bytes or settings.LOTS_IMPORT_MAX_BYTES
    chunks, size = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise _refuse(_("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    return b"".join(chunks)


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def kind_of(data: bytes, allowed: frozenset[str]) -> str:
    """JSON, CSV or XLSX, decided from the bytes; a ValidationError in Swedish otherwise."""
    if not data:
        raise _refuse(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        if XLSX in allowed and _is_workbook(data):
            return XLSX
        raise _refuse(_("The file is not a file of a kind that can be imported here."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_("The file is not text in UTF-8. Save it as UTF-8 and try again.")) from None
    if "\x00" in text or _MARKUP.search(text):
        raise _refuse(_("The file contains web page code or binary data and is refused."))
    kind = JSON if text.lstrip().startswith("{") else CSV
    if kind not in allowed:
        raise _refuse(_("The file is not a file of a kind that can be imported here."))
    return kind
