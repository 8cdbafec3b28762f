"""The SIP's life cycle as a table: which status may follow which. Services consult it before
every change of status, and write each change to the plan's history.

    requested → consent_obtained → meeting_called → established → followed_up (again and again)
    → closed; paused when the consent is withdrawn (resumed to where it was, under a new
    consent); cancelled, with a reason, before the plan is established.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.plans.models import Status

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
