"""Where intake's work lapsed: read by the system, not by a person (the deviations app proposes
deviations from these, docs/deviations.md). Each row names records by id and says nothing about
the child beyond the id; whoever shows more reads it through the access policy.

A row: `key` (stable: the same lapse gives the same key), `agency_id`, `unit_id`, `child_id`,
`day` (when it lapsed), `url` (the evidence inside Lots), `feedback` (the lapse is feedback to the
reporter not given in time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from lots.intake import deadlines
from lots.intake.models import ConcernReport, HelpRequest, RequestStatus

FEEDBACK_RULES = frozenset({deadlines.FEEDBACK, deadlines.FEEDBACK_AT_ONCE})


def overdue_reports(*, today: dt.date) -> Iterator[dict]:
    """Concern reports whose earliest open statutory deadline has passed."""
    rows = ConcernReport.objects.filter(next_deadline_on__lt=today).values_list(
        "pk", "receiving_agency_id", "receiving_unit_id", "child_id", "next_deadline_on", "next_deadline_rule"
    )
    for pk, agency_id, unit_id, child_id, due, rule in rows.iterator(chunk_size=500):
        yield {
            "key": f"report-{pk}-{rule}-{due:%Y%m%d}",
            "agency_id": agency_id,
            "unit_id": unit_id,
            "child_id": child_id,
            "day": due,
            "url": reverse("intake:report", args=[pk]),
            "feedback": rule in FEEDBACK_RULES,
        }


def unowned_requests() -> Iterator[dict]:
    """Requests for help still not accepted after they were raised to the entry point's manager."""
    rows = HelpRequest.objects.filter(status=RequestStatus.FORWARDED, escalated_at__isnull=False).values_list(
        "pk", "owning_agency_id", "entry_point__unit_id", "child_id", "escalated_at"
    )
    for pk, agency_id, unit_id, child_id, escalated_at in rows.iterator(chunk_size=500):
        yield {
            "key": f"request-{pk}-unowned",
            "agency_id": agency_id,
            "unit_id": unit_id,
            "child_id": child_id,
            "day": escalated_at.date(),
            "url": reverse("intake:request", args=[pk]),
            "feedback": False,
        }
