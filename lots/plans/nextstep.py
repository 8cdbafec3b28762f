"""What needs doing next in a plan, and by when: the same answer in "Mina SIP:ar", on the plan's
page and on the child's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.plans.models import Sip, Status


@dataclass(frozen=True)
class NextStep:
    text: str
    due: dt.date | None
    overdue: bool


def next_step(sip: Sip, *, next_meeting_at: dt.datetime | None, today: dt.date | None = None) -> NextStep | None:
    today = today or timezone.localdate()
    meeting_late = sip.meeting_overdue(today)
    match sip.status:
        case Status.REQUESTED:
            return NextStep(_("Record the guardians' consent"), sip.meeting_due_on, meeting_late)
        case Status.CONSENT_OBTAINED:
            return NextStep(_("Call the first meeting"), sip.meeting_due_on, meeting_late)
        case Status.MEETING_CALLED if sip.first_meeting_on is not None:
            return NextStep(_("Establish the plan"), None, False)
        case Status.MEETING_CALLED if next_meeting_at is not None:
            return NextStep(_("Hold the meeting"), timezone.localdate(next_meeting_at), meeting_late)
        case Status.MEETING_CALLED:
            return NextStep(_("Call a new meeting"), sip.meeting_due_on, meeting_late)
        case Status.ESTABLISHED | Status.FOLLOWED_UP:
            return NextStep(_("Follow up the plan"), sip.follow_up_on, sip.follow_up_overdue(today))
        case Status.PAUSED:
            return NextStep(_("A new consent is needed to resume the plan"), None, False)
    return None


def due_on() -> Case:
    """The date the next step is due, as a database expression: lists sort by it."""
    return Case(
        When(
            Q(
                status__in=[Status.REQUESTED, Status.CONSENT_OBTAINED, Status.MEETING_CALLED],
                first_meeting_on__isnull=True,
            ),
            then=F("meeting_due_on"),
        ),
        When(status__in=[Status.ESTABLISHED, Status.FOLLOWED_UP], then=F("follow_up_on")),
        default=None,
        output_field=DateField(),
    )
