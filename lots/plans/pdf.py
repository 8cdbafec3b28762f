"""The plan as a PDF in Swedish, made to be handed to the family.

Built from the same `PlanPage` as the page (so it shows exactly what this viewer may see, with
protected identity masked through `PersonView`), rendered by WeasyPrint. WeasyPrint fetches
nothing: every URL in the document is refused, so no user-written text can make it reach out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lots.plans.selectors import FamilyPlan, PlanPage

STYLESHEET = Path(__file__).with_name("pdf.css")


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the plan's PDF fetches nothing ({url[:40]})")


@cache
def _paper():
    """What every PDF shares, made once per process: the stylesheet parsed, the fonts found (a
    fontconfig scan). Profiled with cProfile (docs/plans.md), remaking these on each request was
    half the time of a PDF; neither holds anything of one plan."""
    from weasyprint import CSS  # imported here: it loads Pango, which only this page needs
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(string=STYLESHEET.read_text(encoding="utf-8"), font_config=fonts), fonts


def _write(template: str, context: dict, request) -> bytes:
    from weasyprint import HTML

    with translation.override("sv"):
        html = render_to_string(template, {**context, "printed_at": timezone.now()}, request=request)
    stylesheet, fonts = _paper()
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(stylesheets=[stylesheet], font_config=fonts)


def render_plan_pdf(request, plan: PlanPage) -> bytes:
    return _write("plans/pdf.html", {"plan": plan}, request)


def render_family_plan_pdf(request, plan: FamilyPlan) -> bytes:
    """The plan as the family sees it (`selectors.family_plans`), on the same paper and rules."""
    return _write("plans/family_pdf.html", {"plan": plan}, request)
