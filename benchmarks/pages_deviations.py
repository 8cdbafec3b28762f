"""The deviations' and forums' pages: the manager's queue (a manager whose unit handles the most
open deviations), a deviation's page, and a forum meeting as its chair (the generated set's
`deviations` step). Issue 22 sets the target: median under 30 ms at national scale."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import LIST, ONE, Page, Request
from lots.deviations.models import OPEN_STATUSES, Party
from lots.forums.models import Meeting
from lots.organisations.models import Membership
from lots.organisations.roles import MANAGER_ROLES


def choose(fixture: dict) -> None:
    busiest = (
        Party.objects.filter(handler_unit__isnull=False, deviation__status__in=OPEN_STATUSES)
        .values("handler_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "handler_unit_id")
        .first()
    )
    meeting = (
        Meeting.objects.filter(held_at__isnull=False)
        .select_related("forum__chair")
        .order_by("-starts_at", "pk")
        .first()
    )
    if busiest is None or meeting is None:
        raise RuntimeError("the data set has no deviations or forums: generate it with the deviations step")
    manager = (
        Membership.objects.filter(unit_id=busiest["handler_unit_id"], role__in=list(MANAGER_ROLES))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    deviation = Party.objects.filter(handler_unit_id=busiest["handler_unit_id"]).order_by("-deviation_id").first()
    fixture.update(
        deviation_manager=manager.user.username,
        deviation_id=deviation.deviation_id,
        forum_meeting_id=meeting.pk,
        forum_chair=meeting.forum.chair.username,
    )


PAGES = [
    Page(
        "deviation_queue",
        "The manager's deviations to handle",
        LIST,
        lambda f: Request("/avvikelser/?visa=att-hantera", f["deviation_manager"]),
        30,
        80,
    ),
    Page(
        "deviation",
        "A deviation",
        ONE,
        lambda f: Request(f"/avvikelser/{f['deviation_id']}/", f["deviation_manager"]),
        30,
        80,
    ),
    Page(
        "forum_meeting",
        "A forum meeting",
        ONE,
        lambda f: Request(f"/forum/mote/{f['forum_meeting_id']}/", f["forum_chair"]),
        30,
        80,
    ),
]
