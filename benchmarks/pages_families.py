"""The families app's pages: a family's engagement with its contact map, the coordinator's team
page, and a child's network map, as the family's coordinator (the generated set's `families` step)."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import LIST, ONE, Page, Request
from lots.families.models import Engagement, EngagementStatus


def choose(fixture: dict) -> None:
    """The active engagement with the most contacts, and its coordinator."""
    engagement = (
        Engagement.objects.filter(status=EngagementStatus.ACTIVE)
        .annotate(n=Count("contacts"))
        .order_by("-n", "pk")
        .select_related("coordinator")
        .first()
    )
    if engagement is None:
        raise RuntimeError("the data set has no family engagements: generate it with the families step")
    fixture.update(
        engagement_id=engagement.pk, engaged_child=engagement.child_id, coordinator=engagement.coordinator.username
    )


PAGES = [
    Page(
        "engagement",
        "A family's engagement and contact map",
        ONE,
        lambda f: Request(f"/familjelots/familj/{f['engagement_id']}/", f["coordinator"]),
        30,
        80,
    ),
    Page(
        "network_map",
        "A child's network map",
        ONE,
        lambda f: Request(f"/familjelots/natverk/{f['engaged_child']}/", f["coordinator"]),
        30,
        80,
    ),
    Page("family_team", "The coordinator's team page", LIST, lambda f: Request("/familjelots/", f["coordinator"])),
]
