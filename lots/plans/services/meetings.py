"""SIP meetings: calling, moving, cancelling and recording them (who came, the minutes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit.models import Action
from lots.core.idempotency import once
from lots.notifications.services import notify
from lots.organisations.actor import Actor
from lots.plans import workflow
from lots.plans.models import EventKind, Sip, SipInvitee, SipMeeting, SipMinutes, SipParticipant, Status
from lots.plans.services import _common as common


def meeting_url(meeting: SipMeeting) -> str:
    return reverse("plans:meeting", args=[meeting.sip_id, meeting.pk])


def video_link_error(link: str) -> str | None:
    """Why a meeting's video link is refused, or None: it goes into calendar invitations, so it is
    https and on a host the region allows (`LOTS_MEETING_VIDEO_HOSTS`: that host or one under it)."""
    try:
        parts = urlsplit(link.strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return _("The video link is not a valid address.")
    if parts.scheme != "https" or not host or parts.username is not None or parts.password is not None:
        return _("The video link must be an https address, starting with https://.")
    allowed = [h.strip().lower().rstrip(".") for h in settings.LOTS_MEETING_VIDEO_HOSTS if h.strip()]
    if not any(host == a or host.endswith("." + a) for a in allowed):
        if not allowed:
            return _("The region allows no video links in Lots: give a place instead.")
        return _("The region allows video links only from %(hosts)s.") % {"hosts": ", ".join(allowed)}
    return None


def _meeting_errors(
    sip: Sip, starts_at: dt.datetime | None, ends_at: dt.datetime | None, place: str, video_link: str, invitees
) -> dict[str, str]:
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("Give the day and time the meeting starts.")
    elif timezone.localdate(starts_at) < timezone.localdate():
        errors["starts_at"] = _("A meeting cannot be called for a day that has passed.")
    if ends_at is None or (starts_at is not None and ends_at <= starts_at):
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not place.strip() and not video_link.strip():
        errors["place"] = _("Give a place or a video link.")
    elif video_link.strip() and (refused := video_link_error(video_link)):
        errors["video_link"] = refused
    if not invitees:
        errors["invitees"] = _("Call at least one participant: a meeting needs participants.")
    elif any(p.sip_id != sip.pk or p.removed_at is not None for p in invitees):
        errors["invitees"] = _("Call only people who take part in the plan.")
    return errors


def _notify_invitees(meeting: SipMeeting, participants: Sequence[SipParticipant], kind: str, actor: Actor) -> None:
    users = [user for p in participants if p.is_staff and p.user_id != actor.user.pk and (user := p.user) is not None]
    notify(
        recipients=users,
        kind=kind,
        url=meeting_url(meeting),
        dedupe_key=f"sip-meeting-{meeting.pk}-{kind}-{meeting.sequence}",
    )


@transaction.atomic
def call_meeting(
    *,
    actor: Actor,
    sip: Sip,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str = "",
    video_link: str = "",
    invitees: Sequence[SipParticipant] = (),
    submission_key: str = "",
) -> SipMeeting:
    """Call participants to a meeting. The first one moves the plan to "meeting called"."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.MEETING_STATUSES, doing=_("call a meeting"))
    errors = _meeting_errors(sip, starts_at, ends_at, place, video_link, invitees)
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None and ends_at is not None  # _meeting_errors refuses a missing time

    made = once(
        SipMeeting,
        user_id=actor.user.pk,
        scope=f"plans.meeting.{sip.pk}",
        key=submission_key,
        create=lambda: SipMeeting.objects.create(
            sip=sip,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            video_link=video_link.strip(),
            called_by=actor.user,
            called_by_agency_id=actor.staff_agency_id,
        ),
    )
    if not made.created:
        return made.value  # a double submit: the first one made it
    meeting = made.value
    SipInvitee.objects.bulk_create([SipInvitee(meeting=meeting, participant=p) for p in invitees])
    if sip.status == Status.CONSENT_OBTAINED:
        common.transition(actor, sip, Status.MEETING_CALLED, EventKind.MEETING_CALLED)
    else:
        common.record_event(actor, sip, EventKind.MEETING_CALLED)
    common.log(actor, Action.CREATE, meeting, ground)
    _notify_invitees(meeting, invitees, "plans.meeting_called", actor)
    return meeting


def _lock_meeting(actor: Actor, meeting: SipMeeting) -> tuple[Sip, SipMeeting, str]:
    sip = common.lock(meeting.sip)
    ground = common.may_act(actor, sip)
    meeting = SipMeeting.objects.select_for_update().get(pk=meeting.pk, sip=sip)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    return sip, meeting, ground


@transaction.atomic
def reschedule_meeting(
    *,
    actor: Actor,
    meeting: SipMeeting,
    version: int | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str = "",
    video_link: str = "",
    invitees: Sequence[SipParticipant] = (),
) -> SipMeeting:
    """Move a meeting or change who is called. The calendar event keeps its UID, with a higher
    SEQUENCE, so it replaces the one imported before; those no longer called get a cancellation."""
    sip, meeting, ground = _lock_meeting(actor, meeting)
    workflow.require_status(sip.status, workflow.MEETING_STATUSES, doing=_("change a meeting"))
    common.check_row_version(meeting, version)
    if meeting.is_held:
        raise ValidationError(_("The meeting has been held and recorded; call a new one instead."))
    errors = _meeting_errors(sip, starts_at, ends_at, place, video_link, invitees)
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None and ends_at is not None  # _meeting_errors refuses a missing time
    before = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place}
    before["video_link"] = meeting.video_link
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.video_link = place.strip(), video_link.strip()
    changed = [name for name, value in before.items() if getattr(meeting, name) != value]
    current = {i.participant_id: i for i in meeting.invitees.select_related("participant__user")}
    wanted = {p.pk for p in invitees}
    dropped = [i for pid, i in current.items() if pid not in wanted and not i.uninvited]
    added = [p for p in invitees if p.pk not in current or current[p.pk].uninvited]
    if dropped or added:
        changed.append("invitees")
    if not changed:
        return meeting
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["starts_at", "ends_at", "place", "video_link", "sequence", "version"])
    SipInvitee.objects.filter(pk__in=[i.pk for i in dropped]).update(uninvited=True)
    SipInvitee.objects.filter(meeting=meeting, participant_id__in=[p.pk for p in added]).update(uninvited=False)
    SipInvitee.objects.bulk_create([SipInvitee(meeting=meeting, participant=p) for p in added if p.pk not in current])
    common.record_event(actor, sip, EventKind.MEETING_CHANGED, fields=changed)
    common.log(actor, Action.CHANGE, meeting, ground)
    staying = [i.participant for i in current.values() if i.participant_id in wanted]
    _notify_invitees(meeting, staying + added, "plans.meeting_changed", actor)
    _notify_invitees(meeting, [i.participant for i in dropped], "plans.meeting_cancelled", actor)
    return meeting


def _cancel(actor: Actor, sip: Sip, meeting: SipMeeting) -> None:
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "version"])
    common.record_event(actor, sip, EventKind.MEETING_CANCELLED)
    participants = [i.participant for i in meeting.invitees.filter(uninvited=False).select_related("participant__user")]
    _notify_invitees(meeting, participants, "plans.meeting_cancelled", actor)


@transaction.atomic
def cancel_meeting(*, actor: Actor, meeting: SipMeeting) -> SipMeeting:
    """Cancel a meeting that has not been held; the invitation becomes a cancellation."""
    sip, meeting, ground = _lock_meeting(actor, meeting)
    if meeting.is_held:
        raise ValidationError(_("The meeting has been held and recorded; it cannot be cancelled."))
    _cancel(actor, sip, meeting)
    common.log(actor, Action.CHANGE, meeting, ground, detail="cancelled")
    return meeting


def cancel_upcoming_meetings(actor: Actor, sip: Sip) -> None:
    """When the plan ends, the meetings still ahead are cancelled (within the caller's transaction)."""
    for meeting in SipMeeting.objects.select_for_update().filter(
        sip=sip, cancelled_at__isnull=True, held_at__isnull=True
    ):
        _cancel(actor, sip, meeting)


@transaction.atomic
def record_meeting(
    *,
    actor: Actor,
    meeting: SipMeeting,
    attended: Collection[int],
    minutes: str,
    child_views: str = "",
    minutes_version: int | None = None,
) -> SipMeeting:
    """Who came, and the minutes (owned by the writer's agency). The first meeting held ends the
    waiting time that counts from the request."""
    sip, meeting, ground = _lock_meeting(actor, meeting)
    workflow.require_status(sip.status, workflow.MEETING_STATUSES, doing=_("record a meeting"))
    invitees = list(meeting.invitees.filter(uninvited=False))
    invited_ids = {i.participant_id for i in invitees}
    attended = set(attended)
    errors = {}
    if meeting.starts_at > timezone.now():
        errors["__all__"] = _("The meeting has not started yet: record it when it has been held.")
    if not attended or not attended <= invited_ids:
        errors["attended"] = _("Mark who came: a meeting without participants cannot be recorded.")
    if not minutes.strip():
        errors["minutes"] = _("Write the minutes.")
    existing = SipMinutes.objects.select_for_update().filter(meeting=meeting).first()
    if existing is not None and existing.owner_agency_id != actor.agency_id:
        errors["minutes"] = _("Another agency wrote these minutes; only that agency changes them.")
    if errors:
        raise ValidationError(errors)
    for invitee in invitees:
        invitee.attended = invitee.participant_id in attended
    SipInvitee.objects.bulk_update(invitees, ["attended"])
    if existing is None:
        written = SipMinutes.objects.create(
            meeting=meeting,
            owner_agency_id=actor.staff_agency_id,
            written_by=actor.user,
            text=minutes.strip(),
            child_views=child_views.strip(),
        )
        common.log_own(actor, Action.CREATE, written)
    else:
        common.check_row_version(existing, minutes_version)
        existing.text, existing.child_views = minutes.strip(), child_views.strip()
        existing.version += 1
        existing.revised_at = timezone.now()
        existing.save(update_fields=["text", "child_views", "version", "revised_at"])
        common.log_own(actor, Action.CHANGE, existing)
    first_time = meeting.held_at is None
    if first_time:
        meeting.held_at = timezone.now()
        meeting.version += 1
        meeting.save(update_fields=["held_at", "version"])
    if sip.first_meeting_on is None:
        sip.first_meeting_on = timezone.localdate(meeting.starts_at)
        common.save_sip(sip, ["first_meeting_on"])
    common.record_event(
        actor, sip, EventKind.MEETING_RECORDED, fields=["attended", "minutes"] if first_time else ["minutes"]
    )
    common.log(actor, Action.CHANGE, meeting, ground, detail="recorded")
    return meeting
