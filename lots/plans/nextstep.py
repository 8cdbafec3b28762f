"""What needs doing next in a plan, and by when: the same answer in "Mina SIP:ar", on the plan's
page and on the child's page, read from the workflow's table (`workflow.TABLE`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from lots.plans import workflow
from lots.plans.models import Sip, Status
from lots.plans.workflow import Do, Role, State


@dataclass(frozen=True)
class NextStep:
    text: str
    due: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class Standing:
    """Where the plan stands for one viewer: its state, the viewer's role, and so, from the
    table, the status shown, the next step and the actions offered."""

    state: State
    role: Role
    next_step: NextStep | None

    @property
    def row(self) -> workflow.Row:
        return workflow.TABLE[self.state]

    @property
    def label(self) -> str:
        return str(self.row.label)

    @property
    def tone(self) -> str:
        return self.row.tone

    @property
    def actions(self) -> tuple[Do, ...]:
        return self.row.actions(self.role)

    @property
    def main(self) -> Do | None:
        return self.row.main if self.row.main in self.actions else None


def standing(
    sip: Sip,
    *,
    role: Role,
    consent_active: bool,
    pending_meeting_at: dt.datetime | None,
    today: dt.date | None = None,
) -> Standing:
    state = workflow.state_of(sip, consent_active=consent_active, pending_meeting_at=pending_meeting_at)
    return Standing(state, role, next_step(sip, state, pending_meeting_at=pending_meeting_at, today=today))


def next_step(
    sip: Sip, state: State, *, pending_meeting_at: dt.datetime | None, today: dt.date | None = None
) -> NextStep | None:
    row = workflow.TABLE[state]
    if not row.next_step:
        return None
    today = today or timezone.localdate()
    match row.due:
        case workflow.MEETING_DUE:
            return NextStep(str(row.next_step), sip.meeting_due_on, sip.meeting_overdue(today))
        case workflow.MEETING_AT if pending_meeting_at is not None:
            return NextStep(str(row.next_step), timezone.localdate(pending_meeting_at), sip.meeting_overdue(today))
        case workflow.FOLLOW_UP_DUE:
            return NextStep(str(row.next_step), sip.follow_up_on, sip.follow_up_overdue(today))
    return NextStep(str(row.next_step), None, False)


def due_on(pending_meeting_at: str = "pending_meeting_at") -> Case:
    """The date the next step is due, as a database expression lists sort by: the dates of
    `next_step` (`workflow.TABLE`'s `due`) for the plans of a query that has annotated the start of
    each plan's pending meeting as `pending_meeting_at`."""
    return Case(
        # MEETING_CALLED: the meeting called, while it is ahead
        When(
            Q(status=Status.MEETING_CALLED, first_meeting_on__isnull=True)
            & Q(**{f"{pending_meeting_at}__gt": timezone.now()}),
            then=TruncDate(pending_meeting_at),
        ),
        # REQUESTED … MEETING_NEEDED, MEETING_TO_RECORD: the first meeting's date by the agreement
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
