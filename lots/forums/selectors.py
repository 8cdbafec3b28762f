"""Reads of forums. Forums, members, meetings, decisions and action items are not person data;
meetings are read by the forum's members and chair only (one 404 for everyone else). Agenda items
go through the access policy and into the access log; a named child is shown only as the policy
lets the viewer see the child."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lots.access import policy
from lots.access.presentation import PersonView
from lots.audit.models import Action
from lots.children import selectors as children_selectors
from lots.deviations import selectors as deviation_selectors
from lots.deviations.routing import family_ids
from lots.forums.models import ActionItem, ActionStatus, AgendaItem, Forum, ForumKind, Meeting, Member
from lots.forums.policies import is_chair, is_member
from lots.organisations.actor import Actor


def _family(actor: Actor) -> set[int]:
    return family_ids([actor.staff_membership.unit.agency.principal_id])


def forum_list(actor: Actor) -> tuple[Sequence[Forum], set[int]]:
    """The forums of the principals sharing the actor's steering group, and the ids of the actor's own."""
    if actor.membership is None:
        return [], set()
    forums = list(
        Forum.objects.filter(principal_id__in=_family(actor), active=True)
        .select_related("principal", "chair")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("kind", "name")
    )
    mine = set(
        Member.objects.filter(user_id=actor.user.pk, left_on__isnull=True).values_list("forum_id", flat=True)
    ) | {f.pk for f in forums if f.chair_id == actor.user.pk}
    return forums, mine


@dataclass
class ForumPage:
    forum: Forum
    members: list[Member]
    upcoming: list[Meeting]
    past: list[Meeting]
    is_member: bool
    is_chair: bool


def forum_page(actor: Actor, forum_id: int) -> ForumPage:
    if actor.membership is None:
        raise policy.Denied()
    forum = (
        Forum.objects.filter(pk=forum_id, principal_id__in=_family(actor)).select_related("principal", "chair").first()
    )
    if forum is None:
        raise policy.Denied()
    now = timezone.now()
    meetings = list(forum.meetings.order_by("starts_at", "pk"))
    return ForumPage(
        forum=forum,
        members=list(forum.members.filter(left_on__isnull=True).select_related("user", "agency__principal")),
        upcoming=[m for m in meetings if m.ends_at >= now and not m.is_held],
        past=[m for m in reversed(meetings) if m.ends_at < now or m.is_held],
        is_member=is_member(actor, forum),
        is_chair=is_chair(actor, forum),
    )


@dataclass
class ItemRow:
    item: AgendaItem
    child: PersonView | None
    child_withheld: bool
    deviation: deviation_selectors.AgendaEntry | None


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[ItemRow]
    on_the_way: list[deviation_selectors.AgendaEntry]
    members: list[Member]
    attended: set[int]
    decisions: list
    actions: list[ActionItem]
    to_follow_up: list[ActionItem]
    is_chair: bool


def meeting_for_member(actor: Actor, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("forum__chair").filter(pk=meeting_id).first()
    if meeting is None or actor.membership is None or not is_member(actor, meeting.forum):
        raise policy.Denied()
    return meeting


def pending_deviations(meeting: Meeting) -> list[deviation_selectors.AgendaEntry]:
    """Deviations raised to the steering group, on their way to this meeting: the steering group's
    next meeting (not held, not cancelled) takes every raised deviation not yet on one of its agendas."""
    forum = meeting.forum
    if forum.kind != ForumKind.STEERING_GROUP or meeting.is_held or meeting.cancelled_at:
        return []
    upcoming = (
        forum.meetings.filter(held_at__isnull=True, cancelled_at__isnull=True).order_by("starts_at", "pk").first()
    )
    if upcoming is None or upcoming.pk != meeting.pk:
        return []
    taken = AgendaItem.objects.filter(meeting__forum=forum, deviation__isnull=False).values_list(
        "deviation_id", flat=True
    )
    return deviation_selectors.raised_to_steering(family_ids([forum.principal_id]), exclude_ids=taken)


def meeting_page(actor: Actor, meeting_id: int) -> MeetingPage:
    """A meeting for its forum's members: agenda, attendance, minutes, decisions, action items, and
    the open action items of earlier meetings to follow up."""
    meeting = meeting_for_member(actor, meeting_id)
    with policy.one_page(actor):
        items = list(
            policy.with_grounds(actor, AgendaItem.objects.filter(meeting=meeting))
            .select_related("raised_by", "child")
            .order_by("added_at", "pk")
        )
        if items:
            policy.log_access(actor, Action.LIST, items)
        seen = children_selectors.children_as_seen(actor, {i.child_id for i in items if i.child_id})
    entries = deviation_selectors.agenda_entries([i.deviation_id for i in items if i.deviation_id])
    rows = [
        ItemRow(
            item=i,
            child=seen.get(i.child_id) if i.child_id else None,
            child_withheld=bool(i.child_id and i.child_id not in seen),
            deviation=entries.get(i.deviation_id) if i.deviation_id else None,
        )
        for i in items
    ]
    members = list(meeting.forum.members.filter(left_on__isnull=True).select_related("user", "agency"))
    earlier = ActionItem.objects.filter(
        meeting__forum_id=meeting.forum_id, meeting__starts_at__lt=meeting.starts_at
    ).filter(Q(status=ActionStatus.OPEN) | Q(followed_up_in=meeting))
    return MeetingPage(
        meeting=meeting,
        items=rows,
        on_the_way=pending_deviations(meeting),
        members=members,
        attended=set(meeting.attendance.filter(attended=True).values_list("member_id", flat=True)),
        decisions=list(meeting.decisions.all()),
        actions=list(meeting.actions.select_related("owner")),
        to_follow_up=list(earlier.select_related("owner", "meeting").order_by("due_on", "pk")),
        is_chair=is_chair(actor, meeting.forum),
    )


def meetings_to_raise_to(actor: Actor) -> list[Meeting]:
    """Upcoming meetings of the forums the actor is a member of: where they may raise an item."""
    forums = Member.objects.filter(user_id=actor.user.pk, left_on__isnull=True).values("forum_id")
    return list(
        Meeting.objects.filter(
            Q(forum_id__in=forums) | Q(forum__chair_id=actor.user.pk),
            held_at__isnull=True,
            cancelled_at__isnull=True,
            starts_at__gte=timezone.now(),
        )
        .select_related("forum")
        .order_by("starts_at", "pk")[:50]
    )


def my_open_actions(actor: Actor) -> QuerySet[ActionItem]:
    """The open action items the actor owns, in the forums whose meetings they may open (a current
    member, or the chair), the earliest due first (for the start page). Not person data."""
    mine = Q(meeting__forum__chair_id=actor.user.pk) | Q(
        meeting__forum_id__in=Member.objects.filter(user_id=actor.user.pk, left_on__isnull=True).values("forum_id")
    )
    return (
        ActionItem.objects.filter(mine, owner_id=actor.user.pk, status=ActionStatus.OPEN)
        .select_related("meeting__forum")
        .order_by("due_on", "pk")
    )


def action_for_chair(actor: Actor, action_id: int) -> ActionItem:
    action = ActionItem.objects.select_related("meeting__forum").filter(pk=action_id).first()
    if action is None or not is_chair(actor, action.meeting.forum):
        raise policy.Denied()
    return action


def member_for_chair(actor: Actor, member_id: int) -> Member:
    member = Member.objects.select_related("forum").filter(pk=member_id).first()
    if member is None or not is_chair(actor, member.forum):
        raise policy.Denied()
    return member
