"""The routines app's pages: a child's journey and the routine it follows, as the member of staff
who started the journey (the generated set's `routines` step)."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import ONE, Page, Request
from lots.routines.models import Journey, JourneyStatus


def choose(fixture: dict) -> None:
    """The open journey with the most steps, and the member of staff who started it."""
    journey = (
        Journey.objects.filter(status=JourneyStatus.OPEN)
        .annotate(steps_taken=Count("steps"))
        .order_by("-steps_taken", "pk")
        .select_related("started_by")
        .first()
    )
    if journey is None:
        raise RuntimeError("the data set has no journeys: generate it with the routines step")
    fixture.update(journey_id=journey.pk, journey_user=journey.started_by.username, routine_version=journey.version_id)


PAGES = [
    Page(
        "journey",
        "A child's journey",
        ONE,
        lambda f: Request(f"/rutiner/resa/{f['journey_id']}/", f["journey_user"]),
        30,
        80,
    ),
    Page(
        "routine",
        "A routine (flowchart)",
        ONE,
        lambda f: Request(f"/rutiner/version/{f['routine_version']}/", f["journey_user"]),
        30,
        80,
    ),
]
