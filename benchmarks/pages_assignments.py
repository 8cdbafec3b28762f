"""Who works around a child (issue 21): the unit manager's list of the unit's children, with who
works with each, the unit's staff and the count of children without an owner."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import LIST, Page, Request
from lots.access.models import Assignment
from lots.organisations.models import Membership
from lots.organisations.roles import MANAGER_ROLES


def choose(fixture: dict) -> None:
    """The manager of the unit with the most children assigned (a school's rektor at national scale)."""
    busiest = (
        Assignment.objects.active()
        .values("unit_id")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children", "unit_id")
        .filter(unit__memberships__role__in=MANAGER_ROLES)
        .first()
    )
    if busiest is None:
        raise RuntimeError("the data set has no unit with a manager and assignments: generate it first")
    manager = (
        Membership.objects.current()
        .filter(unit_id=busiest["unit_id"], role__in=MANAGER_ROLES)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    fixture.update(unit_manager=manager.user.username, unit_children=busiest["children"])


PAGES = [
    Page(
        "unit_children",
        "The manager's unit list (a page of the unit's children, staff, children without an owner)",
        LIST,
        lambda f: Request("/sekretess/enhet/", f["unit_manager"]),
        30,
        None,
    ),
]
