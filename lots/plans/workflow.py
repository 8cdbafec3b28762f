"""The SIP's life cycle as a table: which status may follow which. Services consult it before
every change of status, and write each change to the plan's history.

    requested → consent_obtained → meeting_called → established → followed_up (again and again)
    → closed; paused when the consent is withdrawn (resumed to where it was, under a new
    consent); cancelled, with a reason, before the plan is established.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.plans.models import Sip, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REQUESTED: frozenset({Status.CONSENT_OBTAINED, Status.CANCELLED}),
    Status.CONSENT_OBTAINED: frozenset({Status.MEETING_CALLED, Status.PAUSED, Status.CANCELLED}),
    Status.MEETING_CALLED: frozenset({Status.ESTABLISHED, Status.PAUSED, Status.CANCELLED}),
    Status.ESTABLISHED: frozenset({Status.FOLLOWED_UP, Status.PAUSED, Status.CLOSED}),
    Status.FOLLOWED_UP: frozenset({Status.FOLLOWED_UP, Status.PAUSED, Status.CLOSED}),
    Status.PAUSED: frozenset(
        {
            Status.CONSENT_OBTAINED,
            Status.MEETING_CALLED,
            Status.ESTABLISHED,
            Status.FOLLOWED_UP,
            Status.CLOSED,
            Status.CANCELLED,
        }
    ),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}

#: Statuses in which the plan is established (a plan exists to follow up).
ESTABLISHED_STATUSES = frozenset({Status.ESTABLISHED, Status.FOLLOWED_UP})
#: Statuses in which the parties may write in the plan and call meetings.
WORKING_STATUSES = frozenset(
    {Status.REQUESTED, Status.CONSENT_OBTAINED, Status.MEETING_CALLED, Status.ESTABLISHED, Status.FOLLOWED_UP}
)
#: Statuses in which meetings may be called (a consent has been obtained and not withdrawn).
MEETING_STATUSES = frozenset({Status.CONSENT_OBTAINED, Status.MEETING_CALLED, Status.ESTABLISHED, Status.FOLLOWED_UP})
OPEN_STATUSES = frozenset(Status) - {Status.CLOSED, Status.CANCELLED}
ENDED_STATUSES = frozenset({Status.CLOSED, Status.CANCELLED})


def may_transition(current: str, target: str, *, paused_from: str = "") -> bool:
    if target not in ALLOWED_TRANSITIONS[current]:
        return False
    if current == Status.PAUSED:
        if target == Status.CANCELLED:
            return paused_from not in ESTABLISHED_STATUSES
        if target == Status.CLOSED:
            return True
        return target == paused_from
    return True


def check_transition(current: str, target: str, *, paused_from: str = "") -> None:
    """Refuse a change of status that the life cycle does not allow, saying what is allowed."""
    if may_transition(current, target, paused_from=paused_from):
        return
    raise ValidationError(
        {
            "status": _("A SIP that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(current).label, "target": Status(target).label}
        },
        code="illegal_transition",
    )


def require_status(current: str, allowed: frozenset[str], *, doing: str) -> None:
    """Refuse an action (writing, calling a meeting) that the plan's status does not allow."""
    if current in allowed:
        return
    raise ValidationError(
        {
            "status": _("You cannot %(doing)s while the SIP is “%(current)s”.")
            % {"doing": doing, "current": Status(current).label}
        },
        code="wrong_status",
    )


# --- What each viewer is offered: one rule per state -------------------------------------------
#
# The plan's status, the words of its next step and the buttons offered all come from `TABLE`,
# asked by the plan's page, the lists, the PDF and the services (which refuse what is not offered).


class State(StrEnum):
    """The plan's state as people see it: its status, refined by what has happened in it."""

    REQUESTED = "requested"
    CONSENT_IN_EFFECT = "consent_in_effect"  # requested, the consent in effect but not yet confirmed
    CONSENT_OBTAINED = "consent_obtained"
    MEETING_CALLED = "meeting_called"  # a meeting ahead
    MEETING_TO_RECORD = "meeting_to_record"  # the meeting's time has passed, no one recorded it
    MEETING_NEEDED = "meeting_needed"  # every meeting called was cancelled
    MEETING_HELD = "meeting_held"
    ESTABLISHED = "established"
    FOLLOWED_UP = "followed_up"
    PAUSED = "paused"  # paused before the plan was established
    PAUSED_ESTABLISHED = "paused_established"
    RESUMABLE = "resumable"  # paused, a new consent in effect
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Role(StrEnum):
    LEAD = "lead"  # the plan's lead (huvudansvarig)
    REQUESTER = "requester"  # acting staff of the requesting agency, not the lead
    PARTICIPANT = "participant"  # invited staff of another agency, not the lead
    READER = "reader"  # sees the plan, does not act on it


class Do(StrEnum):
    """What a viewer may do from the plan's page."""

    RECORD_CONSENT = "record_consent"
    CONFIRM_CONSENT = "confirm_consent"
    RESUME = "resume"
    CALL_MEETING = "call_meeting"
    RECORD_MEETING = "record_meeting"
    ESTABLISH = "establish"
    FOLLOW_UP = "follow_up"
    WRITE = "write"
    CLOSE = "close"
    CANCEL = "cancel"


ACTION_LABELS: dict[Do, StrOrPromise] = {
    Do.RECORD_CONSENT: gettext_lazy("Record the consent"),
    Do.CONFIRM_CONSENT: gettext_lazy("The consent is in effect: go on"),
    Do.RESUME: gettext_lazy("Resume the plan"),
    Do.CALL_MEETING: gettext_lazy("Call a meeting"),
    Do.RECORD_MEETING: gettext_lazy("Record the meeting"),
    Do.ESTABLISH: gettext_lazy("Establish the plan"),
    Do.FOLLOW_UP: gettext_lazy("Follow up the plan"),
    Do.WRITE: gettext_lazy("Write in the plan"),
    Do.CLOSE: gettext_lazy("Close the plan"),
    Do.CANCEL: gettext_lazy("Cancel the SIP"),
}

#: Which date the next step is due by: the regional agreement's first meeting, the meeting
#: called, or the follow-up date.
MEETING_DUE, MEETING_AT, FOLLOW_UP_DUE = "meeting_due", "meeting_at", "follow_up_on"

_ACTING = (Role.LEAD, Role.REQUESTER, Role.PARTICIPANT)
_OWNING = (Role.LEAD, Role.REQUESTER)


@dataclass(frozen=True)
class Row:
    """One state: its label, the next step in words (and which date it is due by), the main
    action and the others, each for the roles offered it."""

    label: StrOrPromise
    next_step: StrOrPromise = ""
    due: str = ""
    main: Do | None = None
    offered: dict[Do, tuple[Role, ...]] = field(default_factory=dict)
    tone: str = "info"

    def actions(self, role: Role) -> tuple[Do, ...]:
        return tuple(do for do, roles in self.offered.items() if role in roles)


_WORKING = {Do.WRITE: _ACTING}
_BEFORE_ESTABLISHED = {**_WORKING, Do.CANCEL: _OWNING}
_MEETINGS = {Do.CALL_MEETING: _ACTING}


def _established(label: StrOrPromise) -> Row:
    """An established plan, followed up or not: followed up by the parties, closed by its lead."""
    offered = {Do.FOLLOW_UP: _ACTING, **_MEETINGS, **_WORKING, Do.CLOSE: (Role.LEAD,)}
    return Row(label, gettext_lazy("Follow up the plan"), FOLLOW_UP_DUE, Do.FOLLOW_UP, offered, tone="ok")


TABLE: dict[State, Row] = {
    State.REQUESTED: Row(
        Status.REQUESTED.label,
        gettext_lazy("Record the guardians' consent"),
        MEETING_DUE,
        Do.RECORD_CONSENT,
        {Do.RECORD_CONSENT: _ACTING, **_BEFORE_ESTABLISHED},
    ),
    State.CONSENT_IN_EFFECT: Row(
        gettext_lazy("Consent recorded"),
        gettext_lazy("Confirm that the consent is in effect"),
        MEETING_DUE,
        Do.CONFIRM_CONSENT,
        {Do.CONFIRM_CONSENT: _ACTING, **_BEFORE_ESTABLISHED},
    ),
    State.CONSENT_OBTAINED: Row(
        Status.CONSENT_OBTAINED.label,
        gettext_lazy("Call the first meeting"),
        MEETING_DUE,
        Do.CALL_MEETING,
        {**_MEETINGS, **_BEFORE_ESTABLISHED},
    ),
    State.MEETING_CALLED: Row(
        Status.MEETING_CALLED.label,
        gettext_lazy("Hold the meeting, then record who came and the minutes"),
        MEETING_AT,
        None,
        {**_MEETINGS, **_BEFORE_ESTABLISHED},
    ),
    State.MEETING_TO_RECORD: Row(
        gettext_lazy("Meeting to record"),
        gettext_lazy("Record who came to the meeting and its minutes"),
        MEETING_DUE,
        Do.RECORD_MEETING,
        {Do.RECORD_MEETING: _ACTING, **_MEETINGS, **_BEFORE_ESTABLISHED},
    ),
    State.MEETING_NEEDED: Row(
        gettext_lazy("Meeting cancelled"),
        gettext_lazy("Call a new meeting"),
        MEETING_DUE,
        Do.CALL_MEETING,
        {**_MEETINGS, **_BEFORE_ESTABLISHED},
    ),
    State.MEETING_HELD: Row(
        gettext_lazy("Meeting held"),
        gettext_lazy("Establish the plan"),
        "",
        Do.ESTABLISH,
        {Do.ESTABLISH: _ACTING, **_MEETINGS, **_BEFORE_ESTABLISHED},
    ),
    State.ESTABLISHED: _established(Status.ESTABLISHED.label),
    State.FOLLOWED_UP: _established(Status.FOLLOWED_UP.label),
    State.PAUSED: Row(
        Status.PAUSED.label,
        gettext_lazy("A new consent is needed to resume the plan"),
        "",
        Do.RECORD_CONSENT,
        {Do.RECORD_CONSENT: _ACTING, Do.CANCEL: _OWNING},
        tone="warn",
    ),
    State.PAUSED_ESTABLISHED: Row(
        Status.PAUSED.label,
        gettext_lazy("A new consent is needed to resume the plan"),
        "",
        Do.RECORD_CONSENT,
        {Do.RECORD_CONSENT: _ACTING, Do.CLOSE: (Role.LEAD,)},
        tone="warn",
    ),
    State.RESUMABLE: Row(
        Status.PAUSED.label,
        gettext_lazy("A new consent is in effect: resume the plan"),
        "",
        Do.RESUME,
        {Do.RESUME: _ACTING},
        tone="warn",
    ),
    State.CLOSED: Row(Status.CLOSED.label, tone="ended"),
    State.CANCELLED: Row(Status.CANCELLED.label, tone="ended"),
}


def state_of(sip: Sip, *, consent_active: bool, pending_meeting_at: dt.datetime | None) -> State:
    """The plan's state: its status, refined by its consent and meetings. `pending_meeting_at` is
    the start of the earliest meeting called that is neither held (recorded) nor cancelled."""
    status = sip.status
    if status == Status.REQUESTED:
        return State.CONSENT_IN_EFFECT if consent_active else State.REQUESTED
    if status == Status.MEETING_CALLED:
        if sip.first_meeting_on is not None:
            return State.MEETING_HELD
        if pending_meeting_at is None:
            return State.MEETING_NEEDED
        return State.MEETING_CALLED if pending_meeting_at > timezone.now() else State.MEETING_TO_RECORD
    if status == Status.PAUSED:
        if consent_active:
            return State.RESUMABLE
        return State.PAUSED_ESTABLISHED if sip.paused_from in ESTABLISHED_STATUSES else State.PAUSED
    return State(status)


def role_of(sip: Sip, *, user_id: int, agency_id: int | None, acts: bool) -> Role:
    """The viewer's part in the plan: its lead, the agency that requested it, another participant,
    or a reader who sees it but does not act on it."""
    if not acts:
        return Role.READER
    if sip.lead_user_id == user_id and sip.lead_agency_id == agency_id:
        return Role.LEAD
    if agency_id == sip.requesting_agency_id:
        return Role.REQUESTER
    return Role.PARTICIPANT


def check_offered(state: State, role: Role, do: Do) -> None:
    """Refuse an action the table does not offer this viewer in this state, saying so."""
    if do in TABLE[state].actions(role):
        return
    raise ValidationError(
        {
            "status": _("“%(action)s” is not possible for you now: the plan is “%(state)s”.")
            % {"action": ACTION_LABELS[do], "state": TABLE[state].label}
        },
        code="not_offered",
    )
