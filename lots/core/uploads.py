"""Uploaded files judged by their bytes, for every importer (people, absence, interop): the size is
capped while reading, and the kind is decided from the content (never the name or the browser's
claim). A text file must be without NUL bytes or web page code (and UTF-8 unless the importer
reads Windows-1252 too); an Excel file must be the ZIP of an Office Open XML workbook."""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.core.spreadsheets import CSV, XLSX

JSON = "json"
__all__ = ["CSV", "JSON", "XLSX", "kind_of", "read_limited"]
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


def kind_of(data: bytes, allowed: frozenset[str], *, utf8_only: bool = True) -> str:
    """JSON, CSV or XLSX (of `allowed`), decided from the bytes; a ValidationError in Swedish
    otherwise. `utf8_only=False` lets a text file be Windows-1252 (the shared spreadsheet reader
    falls back to it), so only NUL bytes and web page code refuse it."""
    if not data:
        raise _refuse(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        if XLSX in allowed and _is_workbook(data):
            return XLSX
        raise _refuse(_("The file is not a file of a kind that can be imported here."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if utf8_only:
            raise _refuse(_("The file is not text in UTF-8. Save it as UTF-8 and try again.")) from None
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text or _MARKUP.search(text):
        raise _refuse(_("The file contains web page code or binary data and is refused."))
    kind = JSON if text.lstrip().startswith("{") else CSV
    if kind not in allowed:
        raise _refuse(_("The file is not a file of a kind that can be imported here."))
    return kind
