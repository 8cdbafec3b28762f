"""What an uploaded file is, decided from its bytes: PDF, PNG or JPEG, nothing else.

The name and the browser's declared type are never trusted. A file must begin with its
format's signature and end where that format ends (no bytes after a PNG's IEND, a JPEG's EOI or
a PDF's last %%EOF), must not carry markup or script that a browser or reader could run, and a
PDF must not carry active content (JavaScript, launch actions, embedded files). This refuses the
usual polyglots: an image with HTML or a PDF after it, a PDF with a ZIP appended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|embed|body|\?php|!doctype)", re.IGNORECASE)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)(?![A-Za-z])")
_PDF_ESCAPED_NAME = re.compile(rb"/(?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})*#[0-9A-Fa-f]{2}(?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})*")


def _unescaped_names(data: bytes):
    """PDF names written with #xx escapes (/J#61vaScript), decoded: a way to hide /JavaScript."""
    for match in _PDF_ESCAPED_NAME.finditer(data):
        yield re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(0))


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="content")


def check(data: bytes, *, max_bytes: int) -> Checked:
    """The file's type, or a ValidationError saying in Swedish why it is refused."""
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > max_bytes:
        raise _refuse(_("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    if data.startswith(b"%PDF-"):
        kind = _check_pdf(data)
    elif data.startswith(_PNG_SIGNATURE):
        kind = _check_png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        kind = _check_jpeg(data)
    else:
        raise _refuse(_("Only PDF, PNG and JPEG files can be uploaded. This file is none of them."))
    if _MARKUP.search(data):
        raise _refuse(_("The file contains web page code and is refused."))
    return Checked(kind, EXTENSIONS[kind])


def _check_pdf(data: bytes) -> str:
    if not re.match(rb"%PDF-[12]\.\d", data):
        raise _refuse(_("The file claims to be a PDF but is not one."))
    end = data.rfind(b"%%EOF")
    if end == -1 or data[end + 5 :].strip(b"\r\n\t \x00"):
        raise _refuse(_("The PDF does not end where a PDF ends: something is appended to it."))
    if _PDF_ACTIVE.search(data) or any(_PDF_ACTIVE.fullmatch(name) for name in _unescaped_names(data)):
        raise _refuse(_("The PDF contains scripts, actions or embedded files. Scan or print it to a plain PDF."))
    return PDF


def _check_png(data: bytes) -> str:
    position = len(_PNG_SIGNATURE)
    first = True
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunk = data[position + 4 : position + 8]
        if first and chunk != b"IHDR":
            break
        first = False
        position += 12 + length
        if chunk == b"IEND":
            if position == len(data):
                return PNG
            break
    raise _refuse(_("The PNG image is damaged or has something appended to it."))


def _check_jpeg(data: bytes) -> str:
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise _refuse(_("The JPEG image is damaged or has something appended to it."))
    if b"%PDF-" in data or b"PK\x03\x04" in data[-1024:]:
        raise _refuse(_("The JPEG image has another file inside it."))
    return JPEG
