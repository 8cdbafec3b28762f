"""A forum's action items on the start page "Att göra": the owner sees their open ones, with the
due date and a link to the meeting; the other members, their units and other agencies do not; the
page costs the same statements whatever the number of action items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.core import todo
from lots.core.testing import main_of, queries_of
from lots.forums import todo as forum_todo
from lots.forums.models import ActionItem, ActionStatus, Member
from lots.forums.tests.conftest import meeting_of
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("todo:start")
TEXT = "Ta fram en gemensam rutin för kallelser till SIP."


def _action(meeting, owner, *, days: int = 5, **fields) -> ActionItem:
    return ActionItem.objects.create(
        meeting=meeting, text=TEXT, owner=owner, due_on=timezone.localdate() + dt.timedelta(days=days), **fields
    )


def _items(world, user):
    return forum_todo.items(world.actor(user), timezone.localdate(), todo.LIMIT)


def test_the_owner_sees_her_open_action_item_with_its_due_date(world, steering, stig):
    meeting = meeting_of(steering, days=-30, chair=stig)
    action = _action(meeting, world.rita)
    [item] = _items(world, world.rita)
    assert item.url == reverse("forums:meeting", args=[meeting.pk])
    assert item.due == action.due_on and item.child_id is None
    assert item.text == "Åtgärdspunkt från Styrgruppen BUS"
    assert TEXT not in item.text


def test_no_one_else_sees_it_not_even_the_owners_unit_or_the_chair(world, steering, stig, lena):
    _action(meeting_of(steering, days=-30, chair=stig), world.rita)
    colleague = UserFactory(username="rektor2")
    MembershipFactory(user=colleague, unit=world.school_unit, role=Role.REKTOR)
    for user in (stig, lena, world.kim, world.mona, colleague, world.bo, world.rut, world.sam):
        assert _items(world, user) == [], user.username


def test_done_dropped_and_left_forums_are_off_the_list(world, steering, stig, lena):
    meeting = meeting_of(steering, days=-30, chair=stig)
    _action(meeting, world.rita, status=ActionStatus.DONE, closed_at=timezone.now())
    _action(meeting, world.rita, status=ActionStatus.DROPPED, follow_up_note="Ingen budget.")
    _action(meeting, lena)
    assert _items(world, world.rita) == []
    assert len(_items(world, lena)) == 1
    Member.objects.filter(forum=steering, user=lena).update(left_on=timezone.localdate())
    assert _items(world, lena) == [], "a member who left cannot open the meeting"


def test_the_chair_sees_the_action_items_he_owns(world, steering, stig):
    meeting = meeting_of(steering, days=-30, chair=stig)
    _action(meeting, stig, days=-2)
    [item] = _items(world, stig)
    assert item.due < timezone.localdate()


def test_action_items_are_not_person_data_and_are_not_logged(signed_in, world, steering, stig):
    meeting = meeting_of(steering, days=-30, chair=stig)
    _action(meeting, world.rita)
    AuditEntry.objects.all().delete()
    page = main_of(signed_in(world.rita).get(URL))
    assert reverse("forums:meeting", args=[meeting.pk]) in page and "Styrgruppen BUS" in page
    assert not AuditEntry.objects.filter(record_type__startswith="forums.").exists()


def test_the_page_is_bounded_whatever_the_number_of_action_items(signed_in, world, steering, stig):
    """The same statements for 2 action items as for 12, at meetings of different dates."""
    client = signed_in(world.rita)
    counts = []
    for n in (2, 10):
        for i in range(n):
            _action(meeting_of(steering, days=-30 - i, chair=stig), world.rita, days=i)
        client.get(URL)  # warm: the process's first log write checks the chain heads once
        counts.append(len(queries_of(lambda: client.get(URL))))
    page = main_of(client.get(URL))
    assert page.count("Åtgärdspunkt från Styrgruppen BUS") == 12
    assert counts[0] == counts[1] <= 20, counts
