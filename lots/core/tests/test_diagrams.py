"""Graphviz's drawings: SVG that parses, text escaped, nothing the CSP would refuse, a fallback."""

import xml.etree.ElementTree as ET

import pytest

from lots.core import diagrams

NS = {"svg": diagrams.SVG_NS}


def _source(name: str) -> str:
    node = diagrams.attributes({"label": diagrams.label([diagrams.Line(name, bold=True)]), "id": "test-a"})
    return f"digraph g {{ a {node}; b; a -> b; }}"


def test_a_drawing_is_an_accessible_svg_with_its_labels_escaped():
    svg = diagrams.render(_source('<script>alert("x")</script> & co'), title="T", description="D", css_class="test")
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert root.get("role") == "img" and root.get("class") == "test"
    assert [t.text for t in root.iter(f"{{{diagrams.SVG_NS}}}title")] == ["T"]
    texts = " ".join(t.text or "" for t in root.iter(f"{{{diagrams.SVG_NS}}}text"))
    assert '<script>alert("x")</script> & co' in texts
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert ids == {"test-title", "test-desc", "test-a"}  # Graphviz's own ids are gone, ours kept


def test_dot_text_cannot_break_out_of_a_quoted_attribute():
    assert diagrams.attributes({"id": 'a"; b [label=x'}) == '[id="a\\"; b [label=x"]'


@pytest.mark.parametrize(
    "bad",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><g style="fill:red"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><g onload="x()"/></svg>',
        b'<html xmlns="http://www.w3.org/1999/xhtml"/>',
    ],
)
def test_anything_the_csp_would_refuse_is_refused(bad):
    with pytest.raises(diagrams.UnsafeDrawing):
        diagrams.inline(bad, title="T", description="D", css_class="test")


def test_without_graphviz_the_caller_gets_none(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert diagrams.render(_source("a"), title="T", description="D", css_class="test") is None


def test_only_the_known_engines_run():
    with pytest.raises(ValueError, match="sh"):
        diagrams.render("", title="T", description="D", css_class="test", engine="sh")


def test_the_drawing_keeps_the_svg_namespace_whatever_else_registered_prefixes():
    """Found in the whole suite: after WeasyPrint wrote a PDF in the same process, ElementTree's
    global prefix map no longer held ours and drawings came out as <ns0:svg>, which browsers
    do not draw."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("svg", diagrams.SVG_NS)  # as another library in the process may
    try:
        svg = diagrams.render("digraph { a -> b }", title="T", description="D", css_class="flowchart")
    finally:
        ET.register_namespace("svg2", diagrams.SVG_NS)
    assert svg is not None and svg.startswith("<svg ") and "ns0:" not in svg and "svg:" not in svg


@pytest.mark.django_db
def test_a_drawing_that_names_no_one_is_drawn_once_and_kept(monkeypatch):
    from django.core.cache import cache

    cache.clear()
    source = _source("Kartlägg frånvaron")
    first = diagrams.render(source, title="T", description="D", css_class="test", cacheable=True)
    monkeypatch.setenv("PATH", "/nonexistent")  # Graphviz gone: only a kept drawing can be shown
    assert diagrams.render(source, title="T", description="D", css_class="test", cacheable=True) == first
    assert diagrams.render(source, title="T", description="D", css_class="test") is None, "a network is never kept"
    assert diagrams.render(source, title="T2", description="D", css_class="test", cacheable=True) is None
    cache.clear()
