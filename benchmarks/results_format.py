"""Small formatting helpers shared by the report."""

from __future__ import annotations

import math


def ms(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def number(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}".replace(",", " ")


def mark(value, target) -> str:
    """The value, with ✓ or ✗ against a target (lower is better)."""
    if target is None or value is None:
        return ms(value)
    return f"{ms(value)} {'✓' if value < target else '✗'}"


def scale_label(scale: int) -> str:
    if scale >= 1_000_000:
        return f"{scale / 1_000_000:g} M"
    return f"{scale // 1000} k"
