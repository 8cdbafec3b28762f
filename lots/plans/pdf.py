"""The plan as a PDF in Swedish, made to be handed to the family.

Built from the same `PlanPage` as the page (so it shows exactly what this viewer may see, with
protected identity masked through `PersonView`), rendered by WeasyPrint. WeasyPrint fetches
nothing: every URL in the document is refused, so no user-written text can make it reach out.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lots.plans.selectors import FamilyPlan, PlanPage

STYLESHEET = Path(__file__).with_name("pdf.css")


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the plan's PDF fetches nothing ({url[:40]})")


def _write(template: str, context: dict, request) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only this page needs

    with translation.override("sv"):
        html = render_to_string(template, {**context, "printed_at": timezone.now()}, request=request)
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))]
    )


def render_plan_pdf(request, plan: PlanPage) -> bytes:
    return _write("plans/pdf.html", {"plan": plan}, request)


def render_family_plan_pdf(request, plan: FamilyPlan) -> bytes:
    """The plan as the family sees it (`selectors.family_plans`), on the same paper and rules."""
    return _write("plans/family_pdf.html", {"plan": plan}, request)
