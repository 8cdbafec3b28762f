"""The name a file is downloaded under: never the uploader's name as given."""

from __future__ import annotations

import re
import unicodedata

_KEEP = re.compile(r"[^\w\s.,()\-]", re.UNICODE)


def sanitise(name: str, *, extension: str) -> str:
    """A plain name: no path, no control or markup characters, at most 100 characters, and the
    extension of the type the content was found to be."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _KEEP.sub("_", base)
    base = re.sub(r"\s+", " ", base).strip(" ._")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" ._")[:100] or "dokument"
    return f"{stem}.{extension}"
