"""The attendance app's pages: a pupil's page with the absence chart, and the school's list of
pupils over a threshold, as the head teacher of the school (the generated set's `attendance` step)."""

from __future__ import annotations

from benchmarks.pages import LIST, ONE, Page, Request
from lots.attendance.models import Signal
from lots.organisations.models import Membership
from lots.organisations.roles import Role


def choose(fixture: dict) -> None:
    """A pupil with a routine-level signal, at a school that has a head teacher."""
    heads = Membership.objects.filter(role=Role.REKTOR).values("unit_id")
    signal = Signal.objects.filter(level="routine", unit_id__in=heads).order_by("pk").first()
    if signal is None:
        raise RuntimeError("the data set has no absence signals: generate it with the attendance step")
    head = Membership.objects.filter(role=Role.REKTOR, unit_id=signal.unit_id).select_related("user").first()
    fixture.update(absent_child=signal.child_id, school_head=head.user.username)


PAGES = [
    Page(
        "absence_child",
        "A pupil's page with the absence chart",
        ONE,
        lambda f: Request(f"/barn/{f['absent_child']}/", f["school_head"]),
        30,
        80,
    ),
    Page(
        "absence_school",
        "The school's pupils over a threshold",
        LIST,
        lambda f: Request("/franvaro/", f["school_head"]),
        30,
        80,
    ),
]
