"""The chart helper: pygal's SVG without what the strict CSP refuses, labelled, text escaped."""

from __future__ import annotations

import re

from lots.core import charts


def _drawn():
    return charts.lines(
        "Begärda <SIP> & mer",
        ["jan 2025", "feb 2025", "mar 2025"],
        [charts.Series("Denna period", [3, None, 7]), charts.Series("Förra perioden", [2, 4, 6])],
        ident="trend-x",
        guides=[charts.Guide(5, "mål")],
        unit="%",
    )


def test_the_svg_carries_no_inline_style_or_script_for_the_csp():
    svg = _drawn()
    assert svg.startswith("<svg") and "pygal-chart" not in svg
    assert "<style" not in svg and "<script" not in svg and "style=" not in svg
    assert "<desc" not in svg and "tooltip-overlay" not in svg and "<!--" not in svg


def test_the_svg_is_one_labelled_image_with_its_title_escaped():
    svg = _drawn()
    assert 'role="img"' in svg and 'aria-labelledby="trend-x-title"' in svg
    assert '<title id="trend-x-title">Begärda &lt;SIP&gt; &amp; mer</title>' in svg
    assert svg.count("<title id=") == 1 and "Pygal" not in svg


def test_a_guide_is_a_dashed_major_line_with_its_label_and_the_axis_has_whole_numbers():
    svg = _drawn()
    assert 'class="major guide line"' in svg and ">mål 5 %<" in svg
    ticks = re.findall(r'class="">(\d+(?:\.\d+)?) %<', svg)
    assert ticks and all("." not in t for t in ticks)


def test_stacked_bars_and_bars_draw_one_rect_per_value_shown():
    stacked = charts.stacked_bars("x", ["a", "b"], [charts.Series("s", [1, 2]), charts.Series("t", [3, 0])], ident="s")
    assert stacked.count('class="rect') == 4
    bars = charts.bars("x", ["a", "b"], [charts.Series("s", [1, None])], ident="b")
    assert bars.count('class="rect') == 1  # a value not shown is a gap, not a bar of 0
