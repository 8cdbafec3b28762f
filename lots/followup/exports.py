"""The report's figures as rows for CSV and Excel: one row per indicator, organisation, measure
and period, each value as the page shows it (a hidden count is "<5", never the number).
Text that a spreadsheet would run as a formula is written as text (`lots.core.spreadsheets`)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from lots.core import spreadsheets
from lots.followup import suppression
from lots.followup.registry import Kind, Period
from lots.followup.selectors import Page
from lots.followup.tables import Row, Table

NOT_SHOWN = "–"


def _period(period: Period) -> str:
    return f"{period.start.isoformat()}–{period.end.isoformat()}"


def _measures(kind: Kind, table: Table, row: Row) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = [
        (heading, cell.text if cell.hidden else cell.value)
        for heading, cell in zip(table.columns, row.cells, strict=True)
    ]
    if kind is Kind.SHARE:
        found.append((_("Share (%)"), NOT_SHOWN if row.share is None else row.share))
    if kind is Kind.DURATION:
        found.append((_("Median (days)"), NOT_SHOWN if row.median is None else row.median))
        found.append((_("90th percentile (days)"), NOT_SHOWN if row.p90 is None else row.p90))
    return found


def rows(page: Page) -> list[list]:
    with translation.override("sv"):
        found: list[list] = [
            [_("Area"), _("Indicator"), _("Key"), _("Organisation"), _("Measure"), _("Period"), _("Value")]
        ]
        for figure in page.figures:
            indicator = figure.indicator
            for period, table in ((page.period, figure.now), (page.previous, figure.before)):
                for row in [*table.rows, table.total]:
                    label = page.selection.title if row is table.total and not table.rows else row.label
                    for measure, value in _measures(indicator.kind, table, row):
                        found.append(
                            [
                                str(indicator.area),
                                str(indicator.label),
                                indicator.key,
                                label,
                                measure,
                                _period(period),
                                value,
                            ]
                        )
    return found


def _table(table: Table) -> dict:
    def row(r: Row) -> dict:
        return {
            "organisation": r.label,
            "cells": [{"value": c.value, "shown": c.text} for c in r.cells],
            "share": r.share,
            "median": r.median,
            "p90": r.p90,
        }

    return {"columns": list(table.columns), "rows": [row(r) for r in table.rows], "total": row(table.total)}


def data(page: Page) -> dict:
    """The figures for the API: what the page shows (a hidden count has no value, only "<5")."""
    return {
        "organisation": page.selection.title,
        "period": {"start": page.period.start, "end": page.period.end},
        "previous": {"start": page.previous.start, "end": page.previous.end},
        "small_count": suppression.threshold(),
        "figures": [
            {
                "key": f.indicator.key,
                "area": str(f.indicator.area),
                "label": str(f.indicator.label),
                "kind": f.indicator.kind.value,
                "definition": {
                    "counted": str(f.indicator.definition.counted),
                    "dated": str(f.indicator.definition.dated),
                    "excluded": str(f.indicator.definition.excluded),
                },
                "owner": str(f.indicator.owner),
                "target": f.target,
                "change": f.change,
                "now": _table(f.now),
                "before": _table(f.before),
            }
            for f in page.figures
        ],
    }


def to_csv(page: Page) -> bytes:
    return spreadsheets.to_csv(rows(page))


def to_xlsx(page: Page) -> bytes:
    return spreadsheets.to_xlsx(rows(page), sheet="Uppföljning")
