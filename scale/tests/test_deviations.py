"""The deviations and forums step on a small data set: every status, routed to managers who can
open them through the selectors, raised across principals, forums with a year of meetings."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.db import connection

import scale
from lots.deviations import selectors as deviations
from lots.deviations.models import Deviation, Party, Status
from lots.forums import selectors as forums
from lots.forums.models import ActionItem, ActionStatus, Forum, ForumKind, Meeting
from lots.organisations.actor import Actor
from lots.organisations.models import Membership
from scale.sink import Progress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def built():
    with time_machine.travel(NOW, tick=False):
        yield scale.build(children=600, seed=5, now=NOW, progress=Progress(enabled=False))


def _actor(user_id: int) -> Actor:
    membership = Membership.objects.select_related("unit__agency__principal", "user").get(user_id=user_id)
    return Actor(user=membership.user, membership=membership)


def test_deviations_and_forums_keep_the_constraints_and_come_in_every_state(built):
    connection.check_constraints()
    assert set(Counter(Deviation.objects.values_list("status", flat=True))) == set(Status.values)
    assert Deviation.objects.filter(raised_at__isnull=False).exists()
    assert set(Forum.objects.values_list("kind", flat=True)) == {ForumKind.BUS, ForumKind.STEERING_GROUP}
    assert (
        Meeting.objects.filter(held_at__isnull=False).exists() and Meeting.objects.filter(held_at__isnull=True).exists()
    )
    assert ActionItem.objects.filter(status=ActionStatus.DONE, followed_up_in__isnull=False).exists()


def test_a_handler_opens_the_queue_and_a_deviation_and_a_chair_the_meeting(built):
    with time_machine.travel(NOW, tick=False):
        party = Party.objects.filter(handler_unit__isnull=False, deviation__status=Status.OPEN).first()
        manager = Membership.objects.filter(unit_id=party.handler_unit_id, role__in=["unit_manager", "rektor"]).first()
        actor = _actor(manager.user_id)
        _page, rows = deviations.deviation_list(actor, tab="att-hantera")
        assert party.deviation_id in {r.deviation.pk for r in rows}
        assert deviations.deviation_page(actor, party.deviation_id).may_handle
        meeting = Meeting.objects.filter(held_at__isnull=False).select_related("forum").first()
        view = forums.meeting_page(_actor(meeting.forum.chair_id), meeting.pk)
        assert len(view.items) == 3 and view.decisions
