"""Diagrams laid out by Graphviz on the server: the one place that turns DOT source into SVG.

The SVG is inlined into the page under the strict CSP, so what Graphviz writes is parsed and
checked before it is used: no script, no foreignObject, no style element or attribute, no event
handler, no link. Graphviz's own titles and ids go (a page may carry several drawings, and a
tooltip "s3" helps no one); an id given in DOT stays when it starts with the drawing's class.
The drawing gets one title and one description for those who cannot see it, and the page puts
the table it is drawn from beside it.

Every text reaches DOT through `label()`, an HTML-like label built from escaped parts, so a name
can never become markup or DOT. `render()` returns None when Graphviz is missing, slow or fails:
the caller then shows its table and a notice (the template core/_drawing.html).
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ENGINES = frozenset({"dot", "neato", "twopi"})
TIMEOUT_SECONDS = 20  # a small graph takes well under a second; a loaded machine can take more
FONT = "DejaVu Sans,Arial,sans-serif"
CACHE_SECONDS = 24 * 3600  # a drawing kept by its source: the same source draws the same
FORBIDDEN_TAGS = frozenset({"script", "foreignObject", "style", "a", "image", "iframe", "use"})


class UnsafeDrawing(ValueError):
    """Graphviz wrote something that may not be inlined under the CSP."""


@dataclass(frozen=True)
class Line:
    """One line of a node's label: its text, and its size in points (bold for the title)."""

    text: str
    size: int = 12
    bold: bool = False
    width: int = 30


def label(lines: Iterable[Line]) -> str:
    """An HTML-like DOT label from escaped text, each line wrapped at its width."""
    parts = []
    for line in lines:
        for wrapped in textwrap.wrap(line.text, line.width) or [""]:
            text = escape(wrapped)
            if line.bold:
                text = f"<B>{text}</B>"
            parts.append(f'<FONT POINT-SIZE="{line.size}">{text}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def attributes(values: Mapping[str, object]) -> str:
    """DOT attributes; a value already made a label by `label()` goes as it is, the rest quoted."""
    out = []
    for key, value in values.items():
        text = str(value)
        if not (key in {"label", "xlabel"} and text.startswith("<") and text.endswith(">")):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
        out.append(f"{key}={text}")
    return "[" + ", ".join(out) + "]"


def render(
    source: str, *, title: str, description: str, css_class: str, engine: str = "dot", cacheable: bool = False
) -> SafeString | None:
    """The SVG of `source` laid out by `engine`, checked and ready to inline; None without it.

    `cacheable`: the drawing names no one (a routine's flowchart), so the drawing is kept in the
    cache, by its source, and Graphviz (tens of milliseconds a drawing) runs once per change. A
    drawing of a family's network is never kept."""
    if engine not in ENGINES:
        raise ValueError(engine)
    if not cacheable:
        return _drawn(source, title=title, description=description, css_class=css_class, engine=engine)
    parts = (engine, css_class, title, description, source)
    key = "lots:diagram:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _drawn(source, title=title, description=description, css_class=css_class, engine=engine)
        if svg is not None:
            cache.set(key, str(svg), CACHE_SECONDS)
    return mark_safe(svg) if svg is not None else None  # noqa: S308 (checked before it was kept)


def _drawn(source: str, *, title: str, description: str, css_class: str, engine: str) -> SafeString | None:
    try:
        done = subprocess.run(  # noqa: S603 (a fixed program name, no shell, DOT on stdin)
            [engine, "-Tsvg"],
            input=source.encode(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("graphviz unavailable or failed: %s", type(error).__name__)
        return None
    return mark_safe(inline(done.stdout, title=title, description=description, css_class=css_class))  # noqa: S308


def inline(svg: bytes, *, title: str, description: str, css_class: str) -> str:
    """Graphviz's SVG checked and made an accessible image: raises `UnsafeDrawing` if unsafe."""
    root = ET.fromstring(svg)  # noqa: S314 (Graphviz's output; an external DTD is never fetched)
    check_safe(root)
    prefix = css_class.split()[0]
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) == "title":
                parent.remove(child)
        if not parent.get("id", "").startswith(f"{prefix}-"):
            parent.attrib.pop("id", None)
    root.set("class", css_class)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    heading = ET.Element(f"{{{SVG_NS}}}title", id=f"{prefix}-title")
    heading.text = title
    desc = ET.Element(f"{{{SVG_NS}}}desc", id=f"{prefix}-desc")
    desc.text = description
    root.insert(0, desc)
    root.insert(0, heading)
    # ElementTree's prefix map is global and other libraries in the process rewrite it (WeasyPrint's
    # PDF metadata does), after which a drawing came out as <ns0:svg>, which no browser draws: the
    # prefixes are set again just before writing.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_safe(root: ET.Element) -> None:
    """Refuse (`UnsafeDrawing`) an SVG tree holding anything the CSP would refuse inlined: the
    one check for every drawing and chart."""
    if _local(root.tag) != "svg":
        raise UnsafeDrawing("not an svg")
    for element in root.iter():
        if _local(element.tag) in FORBIDDEN_TAGS:
            raise UnsafeDrawing(_local(element.tag))
        for name in element.attrib:
            local = _local(name).lower()
            if local == "style" or local.startswith("on") or local == "href":
                raise UnsafeDrawing(local)
