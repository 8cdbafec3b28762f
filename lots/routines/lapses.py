"""Where a journey's work lapsed: read by the system, not by a person (the deviations app proposes
deviations from these, docs/deviations.md). Rows name records by id only.

A row: `key`, `agency_id`, `unit_id`, `child_id`, `day`, `url` (the journey).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from lots.routines.models import ACTIVE_STEP_STATUSES, JourneyStep


def steps_unowned() -> Iterator[dict]:
    """Journey steps still overdue or held by no one after they were raised to the unit's manager."""
    rows = JourneyStep.objects.filter(
        status__in=ACTIVE_STEP_STATUSES, journey__status="open", escalation_level__gte=1, escalated_at__isnull=False
    ).values_list("pk", "owner_agency_id", "owner_unit_id", "journey__child_id", "journey_id", "escalated_at")
    for pk, agency_id, unit_id, child_id, journey_id, escalated_at in rows.iterator(chunk_size=500):
        yield {
            "key": f"journey-step-{pk}-unowned",
            "agency_id": agency_id,
            "unit_id": unit_id,
            "child_id": child_id,
            "day": escalated_at.date(),
            "url": reverse("routines:journey", args=[journey_id]),
        }
