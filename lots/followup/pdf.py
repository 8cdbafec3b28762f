"""The committee report as a PDF in Swedish: the same `Page` as the report's HTML, rendered by
WeasyPrint, which fetches nothing (every URL in the document is refused)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lots.core.charts import STYLESHEET as CHARTS
from lots.followup import charts
from lots.followup.selectors import Page
from lots.followup.suppression import small_label

STYLESHEET = Path(__file__).with_name("pdf.css")


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the report fetches nothing ({url[:40]})")


def render_report_pdf(request, page: Page) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only this page needs

    title = page.selection.title
    with translation.override("sv"):
        html = render_to_string(
            "followup/pdf.html",
            {
                "page": page,
                "charted": [(a.title, [(f, charts.bars(f, title)) for f in a.figures]) for a in page.areas],
                "printed_at": timezone.now(),
                "small_label": small_label(),
            },
            request=request,
        )
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=sheet.read_text(encoding="utf-8")) for sheet in (CHARTS, STYLESHEET)]
    )
