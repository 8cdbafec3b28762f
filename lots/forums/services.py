"""Forums: their members, meetings, agenda, minutes, decisions and action items.

Each function is one business action in one transaction; it checks who may act (the chair, or a
member), writes what it changes, the access-log row where a record touches a child, and tells
whom it concerns after the commit (fixed texts, no person data).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lots.access import policy
from lots.audit.models import Action
from lots.core.forms import cleaned_text
from lots.deviations import selectors as deviation_selectors
from lots.deviations import services as deviation_services
from lots.forums import selectors as forum_selectors
from lots.forums.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Forum,
    ForumKind,
    Meeting,
    Member,
)
from lots.forums.policies import is_chair, is_member
from lots.notifications.services import notify, notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, User
from lots.organisations.roles import MANAGER_ROLES, Role
from lots.people.models import Child

#: Roles that may convene a forum: managers, the steering group, administrators.
CONVENERS = frozenset({*MANAGER_ROLES, Role.STEERING_GROUP_MEMBER, Role.ADMINISTRATOR})


def meeting_url(meeting: Meeting) -> str:
    return reverse("forums:meeting", args=[meeting.pk])


def _members(forum: Forum) -> list[User]:
    users = {m.user.pk: m.user for m in forum.members.filter(left_on__isnull=True).select_related("user")}
    if forum.chair is not None:
        users.setdefault(forum.chair.pk, forum.chair)
    return list(users.values())


def _require_chair(actor: Actor, forum: Forum) -> None:
    if not is_chair(actor, forum):
        raise PermissionDenied


def _require_member(actor: Actor, forum: Forum) -> None:
    if not is_member(actor, forum):
        raise PermissionDenied


def may_convene(actor: Actor) -> bool:
    return actor.membership is not None and actor.role in CONVENERS


@transaction.atomic
def create_forum(
    *, actor: Actor, name: str, kind: str, purpose: str = "", schedule: str = "", chair: User | None = None
) -> Forum:
    """A manager, the steering group or an administrator convenes a forum of their principal; they
    chair it unless they name another chair."""
    if not may_convene(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    name = cleaned_text(errors, "name", name, _("Give the forum a name."), limit=200)
    if kind not in ForumKind.values:
        errors["kind"] = _("Choose what kind of forum it is.")
    purpose = cleaned_text(errors, "purpose", purpose, "", required=False)
    schedule = cleaned_text(errors, "schedule", schedule, "", required=False, limit=200)
    principal_id = actor.staff_membership.unit.agency.principal_id
    if name and Forum.objects.filter(principal_id=principal_id, name=name).exists():
        errors["name"] = _("Your principal already has a forum with that name.")
    if errors:
        raise ValidationError(errors)
    chair = chair or actor.user
    forum = Forum.objects.create(
        name=name, kind=kind, principal_id=principal_id, purpose=purpose, schedule=schedule, chair=chair
    )
    if chair.pk == actor.user.pk:
        Member.objects.create(forum=forum, user=actor.user, agency_id=actor.staff_agency_id, role_text=_("Chair"))
    return forum


@transaction.atomic
def add_member(*, actor: Actor, forum: Forum, user: User, role_text: str = "") -> Member:
    """The chair adds a member of staff, in the agency of their current membership."""
    _require_chair(actor, forum)
    membership = Membership.objects.current().filter(user=user).select_related("unit").order_by("pk").first()
    if membership is None:
        raise ValidationError({"user": _("Only staff with a current role can be members.")})
    if forum.members.filter(user=user, left_on__isnull=True).exists():
        raise ValidationError({"user": _("They are already a member.")})
    errors: dict[str, str] = {}
    role_text = cleaned_text(errors, "role_text", role_text, "", required=False, limit=200)
    if errors:
        raise ValidationError(errors)
    return Member.objects.create(forum=forum, user=user, agency_id=membership.unit.agency_id, role_text=role_text)


@transaction.atomic
def remove_member(*, actor: Actor, member: Member) -> None:
    _require_chair(actor, member.forum)
    member.left_on = timezone.localdate()
    member.save(update_fields=["left_on"])


@transaction.atomic
def schedule_meeting(
    *, actor: Actor, forum: Forum, starts_at: dt.datetime | None, ends_at: dt.datetime | None, place: str
) -> Meeting:
    """The chair calls a meeting; every member is told (and may download the invitation)."""
    _require_chair(actor, forum)
    errors: dict[str, str] = {}
    place = cleaned_text(errors, "place", place, _("Say where the meeting is held."), limit=300)
    if starts_at is None:
        errors["starts_at"] = _("Give the start of the meeting.")
    if ends_at is None:
        errors["ends_at"] = _("Give the end of the meeting.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if errors or starts_at is None or ends_at is None:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        forum=forum, starts_at=starts_at, ends_at=ends_at, place=place, called_by=actor.user
    )
    notify_after_commit(
        recipients=[u for u in _members(forum) if u.pk != actor.user.pk],
        kind="forums.meeting_called",
        url=meeting_url(meeting),
        dedupe_key=f"forum-meeting-{meeting.pk}-called",
    )
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    details: str = "",
    child: Child | None = None,
    deviation_id: int | None = None,
) -> AgendaItem:
    """A member raises an item; a case is discussed without a name unless a child is named, which
    only someone who may see the child can do. A deviation is raised by one who may see it."""
    _require_member(actor, meeting.forum)
    if meeting.is_held or meeting.cancelled_at:
        raise ValidationError(_("The meeting has already been held."))
    errors: dict[str, str] = {}
    title = cleaned_text(errors, "title", title, _("Give the item a title."), limit=300)
    details = cleaned_text(errors, "details", details, "", required=False)
    if child is not None and policy.can(actor, "view", child) is None:
        errors["child"] = _("You can only name a child you work with.")
    if deviation_id is not None:
        deviation = deviation_selectors.deviation_for_action(actor, deviation_id)
        if meeting.agenda.filter(deviation_id=deviation.pk).exists():
            errors["__all__"] = _("The deviation is already on the agenda.")
    if errors:
        raise ValidationError(errors)
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        details=details,
        raised_by=actor.user,
        agency_id=actor.staff_agency_id,
        deviation_id=deviation_id,
        child=child,
    )
    if child is not None:
        policy.log_access(actor, Action.CREATE, [item], ground=policy.can(actor, "view", child))
    return item


@transaction.atomic
def keep_minutes(
    *,
    actor: Actor,
    meeting: Meeting,
    minutes: str,
    attended_member_ids: set[int],
    item_notes: dict[int, str] | None = None,
    version: int | None = None,
) -> Meeting:
    """The chair keeps the minutes: attendance, the discussion of each item, the minutes' text.
    The deviations on their way are put on the agenda, and each deviation on it is noted as
    discussed in its own history."""
    meeting = Meeting.objects.select_for_update().select_related("forum").get(pk=meeting.pk)
    _require_chair(actor, meeting.forum)
    if version is not None and version != meeting.version:
        raise ValidationError(_("Someone else changed the meeting while you were reading it. Look again and retry."))
    if meeting.cancelled_at:
        raise ValidationError(_("The meeting was cancelled."))
    errors: dict[str, str] = {}
    minutes = cleaned_text(errors, "minutes", minutes, pgettext("forum", "Write the minutes."))
    if meeting.starts_at > timezone.now():
        errors["__all__"] = _("The minutes are kept once the meeting has started.")
    if errors:
        raise ValidationError(errors)
    for entry in forum_selectors.pending_deviations(meeting):
        AgendaItem.objects.create(
            meeting=meeting,
            title=_("Deviation: %(kind)s") % {"kind": entry.kind},
            agency_id=actor.staff_agency_id,
            deviation_id=entry.pk,
        )
    notes = item_notes or {}
    for item in meeting.agenda.all():
        if item.pk in notes:
            item.notes = notes[item.pk].strip()[:10_000]
            item.save(update_fields=["notes"])
    members = list(meeting.forum.members.filter(left_on__isnull=True))
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member=m, attended=m.pk in attended_member_ids) for m in members]
    )
    first_time = meeting.held_at is None
    meeting.minutes, meeting.held_at = minutes, meeting.held_at or timezone.now()
    meeting.version += 1
    meeting.save(update_fields=["minutes", "held_at", "version"])
    if first_time:
        for deviation_id in meeting.agenda.filter(deviation__isnull=False).values_list("deviation_id", flat=True):
            deviation_services.note_discussed(actor=actor, deviation_id=deviation_id, forum_name=meeting.forum.name)
    return meeting


@transaction.atomic
def add_decision(*, actor: Actor, meeting: Meeting, text: str) -> Decision:
    _require_chair(actor, meeting.forum)
    errors: dict[str, str] = {}
    text = cleaned_text(errors, "text", text, _("Write the decision."))
    if errors:
        raise ValidationError(errors)
    return Decision.objects.create(meeting=meeting, text=text)


@transaction.atomic
def add_action(*, actor: Actor, meeting: Meeting, text: str, owner: User | None, due_on: dt.date | None) -> ActionItem:
    """An action item with an owner (a member) and a due date; the owner is told at once."""
    _require_chair(actor, meeting.forum)
    errors: dict[str, str] = {}
    text = cleaned_text(errors, "text", text, _("Write what is to be done."))
    members = {u.pk for u in _members(meeting.forum)}
    if owner is None or owner.pk not in members:
        errors["owner"] = _("Choose a member of the forum as owner.")
    if due_on is None:
        errors["due_on"] = _("Give a due date.")
    if errors:
        raise ValidationError(errors)
    assert owner is not None and due_on is not None
    action = ActionItem.objects.create(meeting=meeting, text=text, owner=owner, due_on=due_on)
    notify_after_commit(
        recipients=[owner],
        kind="forums.action_assigned",
        url=meeting_url(meeting),
        dedupe_key=f"forum-action-{action.pk}",
    )
    return action


#: The follow-up of an action item at a later meeting: the status it may take.
FOLLOW_UP_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED})


@transaction.atomic
def follow_up_action(*, actor: Actor, action: ActionItem, meeting: Meeting, status: str, note: str = "") -> ActionItem:
    """At a later meeting the chair records how an action item stands: done, dropped or still open."""
    _require_chair(actor, meeting.forum)
    if action.meeting.forum_id != meeting.forum_id or action.status != ActionStatus.OPEN:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if status not in FOLLOW_UP_STATUSES:
        errors["status"] = _("Choose how the action stands.")
    note = cleaned_text(errors, "note", note, "", required=False)
    if status == ActionStatus.DROPPED and not note:
        errors["note"] = _("Say why the action is dropped.")
    if errors:
        raise ValidationError(errors)
    action.status, action.follow_up_note, action.followed_up_in = status, note, meeting
    action.closed_at = timezone.now() if status != ActionStatus.OPEN else None
    action.save(update_fields=["status", "follow_up_note", "followed_up_in", "closed_at"])
    return action


def remind_overdue_actions(*, today: dt.date | None = None) -> int:
    """Once per action item: its owner is told it is overdue ("something needs you")."""
    today = today or timezone.localdate()
    sent = 0
    late = ActionItem.objects.filter(status=ActionStatus.OPEN, due_on__lt=today, reminded_at__isnull=True)
    for action in late.select_related("owner").iterator(chunk_size=200):
        with transaction.atomic():
            notify(
                recipients=[action.owner],
                kind="forums.action_overdue",
                url=reverse("forums:meeting", args=[action.meeting_id]),
                dedupe_key=f"forum-action-{action.pk}-overdue",
            )
            ActionItem.objects.filter(pk=action.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
