"""Forums: members, meetings, the agenda (deviations on their way to the steering group appear on
its next meeting), minutes, decisions and action items followed up at the next meeting."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lots.deviations import services as deviation_services
from lots.deviations.models import DeviationEvent, Kind
from lots.forums import selectors, services
from lots.forums.models import ActionStatus, AgendaItem, Forum, ForumKind
from lots.forums.tests.conftest import meeting_of
from lots.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _deviation(world, **extra):
    return deviation_services.report_deviation(
        actor=world.actor(world.rita),
        kind=Kind.MISSED_SIP,
        happened_on=timezone.localdate(),
        description="BUP uteblev från SIP-mötet igen.",
        agencies=[world.school, world.bup],
        **extra,
    )


def test_a_manager_convenes_a_forum_and_chairs_it(world):
    forum = services.create_forum(
        actor=world.actor(world.rita), name="BUS Testby", kind=ForumKind.BUS, schedule="Två gånger per termin"
    )
    assert forum.chair == world.rita and forum.members.get().user == world.rita

    with pytest.raises(PermissionDenied):
        services.create_forum(actor=world.actor(world.kim), name="Annat", kind=ForumKind.NETWORK)
    with pytest.raises(ValidationError) as error:
        services.create_forum(actor=world.actor(world.rita), name="BUS Testby", kind="nope")
    assert set(error.value.message_dict) == {"name", "kind"}
    assert Forum.objects.count() == 1


def test_only_the_chair_calls_meetings_and_members_are_told(
    world, steering, stig, lena, django_capture_on_commit_callbacks
):
    start = timezone.now() + dt.timedelta(days=7)
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(
            actor=world.actor(world.rita),
            forum=steering,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="Rum 1",
        )
    with pytest.raises(ValidationError):
        services.schedule_meeting(
            actor=world.actor(stig), forum=steering, starts_at=start, ends_at=start, place="Rum 1"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_meeting(
            actor=world.actor(stig),
            forum=steering,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="Rum 1",
        )
    told = set(Notification.objects.filter(kind="forums.meeting_called").values_list("recipient__username", flat=True))
    assert told == {"rita", "lena"}


def test_a_raised_deviation_is_on_the_steering_groups_next_meeting_and_noted_when_discussed(
    world, steering, stig, lena
):
    deviation = _deviation(world)
    past = meeting_of(steering, days=-1, chair=stig)
    later = meeting_of(steering, days=30, chair=stig)

    assert [e.pk for e in selectors.pending_deviations(past)] == [deviation.pk]  # the next one not yet held
    assert selectors.pending_deviations(later) == []

    services.keep_minutes(
        actor=world.actor(stig), meeting=past, minutes="Avvikelsen diskuterades.", attended_member_ids=set()
    )
    item = AgendaItem.objects.get(meeting=past)
    assert item.deviation_id == deviation.pk
    assert deviation.events.filter(kind=DeviationEvent.Kind.DISCUSSED).count() == 1
    assert selectors.pending_deviations(later) == []  # taken up once


def test_members_read_the_deviation_on_their_agenda_but_not_the_childs_name(world, steering, stig, lena):
    deviation = _deviation(world, child=world.elin)
    meeting = meeting_of(steering, days=3, chair=stig)
    berit_forum = Forum.objects.create(
        name="Nätverk", kind=ForumKind.NETWORK, principal=world.bup.principal, chair=world.berit
    )
    with pytest.raises(Exception) as denied:
        services.add_agenda_item(actor=world.actor(world.berit), meeting=meeting, title="x")
    assert denied.type is PermissionDenied
    assert berit_forum.pk

    services.add_agenda_item(
        actor=world.actor(world.rita), meeting=meeting, title="Avvikelse BUP", deviation_id=deviation.pk
    )
    page = selectors.meeting_page(world.actor(lena), meeting.pk)
    (row,) = page.items
    assert row.deviation.pk == deviation.pk and row.child is None
    rita_page = selectors.meeting_page(world.actor(world.rita), meeting.pk)
    assert rita_page.items[0].item.deviation_id == deviation.pk


def test_a_named_child_on_an_agenda_is_shown_only_to_members_who_may_see_the_child(world, steering, stig, lena):
    meeting = meeting_of(steering, days=3, chair=stig)
    with pytest.raises(ValidationError):
        services.add_agenda_item(actor=world.actor(lena), meeting=meeting, title="Ett ärende", child=world.elin)

    services.add_agenda_item(actor=world.actor(world.rita), meeting=meeting, title="Ett ärende", child=world.elin)

    assert str(selectors.meeting_page(world.actor(world.rita), meeting.pk).items[0].child) == "Elin Berg"
    lena_row = selectors.meeting_page(world.actor(lena), meeting.pk).items[0]
    assert lena_row.child is None and lena_row.child_withheld


def test_non_members_get_a_404_for_a_meeting(world, steering, stig):
    meeting = meeting_of(steering, days=3, chair=stig)
    with pytest.raises(Exception) as denied:
        selectors.meeting_page(world.actor(world.kim), meeting.pk)
    assert denied.typename == "Denied"


def test_action_items_are_followed_up_at_the_next_meeting(
    world, steering, stig, lena, django_capture_on_commit_callbacks
):
    first = meeting_of(steering, days=-30, chair=stig)
    second = meeting_of(steering, days=-1, chair=stig)
    chair = world.actor(stig)
    with pytest.raises(ValidationError):
        services.add_action(
            actor=chair, meeting=first, text="Ny kallelserutin", owner=world.kim, due_on=timezone.localdate()
        )
    with django_capture_on_commit_callbacks(execute=True):
        action = services.add_action(
            actor=chair,
            meeting=first,
            text="Ny kallelserutin",
            owner=lena,
            due_on=timezone.localdate() - dt.timedelta(days=3),
        )
    assert Notification.objects.filter(kind="forums.action_assigned", recipient=lena).exists()

    assert [a.pk for a in selectors.meeting_page(chair, second.pk).to_follow_up] == [action.pk]
    assert services.remind_overdue_actions() == 1
    assert services.remind_overdue_actions() == 0
    with pytest.raises(ValidationError):
        services.follow_up_action(actor=chair, action=action, meeting=second, status=ActionStatus.DROPPED)
    services.follow_up_action(actor=chair, action=action, meeting=second, status=ActionStatus.DONE, note="Klar.")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.followed_up_in == second
