"""Statutory deadlines of concern reports and requests: the one table, and how dates follow.

Every screen, reminder and statistic reads deadlines from here, so that they agree. A change
in the law is one edit in `RULES` (duration, kind and legal reference sit together).

How the days are counted (on top of `lots.core.calendar`):

- A deadline runs from the local (Europe/Stockholm) day on which the report or the decision
  arrived: a report at 23:59 local time belongs to that day, whatever the UTC date says.
- SAME_DAY: due the day it arrived, and it does **not** move. A protection assessment is due the
  same day, whatever day it is: a Saturday, julafton or midsommarafton (SoL 20 kap. 1 §: "genast").
- CALENDAR_DAYS and MONTHS: counted in calendar days or months; a deadline whose last day is a
  Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton moves to the next
  working day (lagen (1930:173) om beräkning av lagstadgad tid, 2 §). 31 October + 4 months is
  the last day of February, moved to the Monday when that is a weekend.
- WORKING_DAYS: counted in working days (the arrival day itself does not count); the result is
  always a working day, so there is nothing to move. Used for the local rules of the shared
  entry point, which are agreements, not law.

Legal references as of the consolidated texts in late 2025 (see docs/intake.md for what was
verified and what was not). The violence rule is a regulation of Socialstyrelsen, not the act.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core import calendar


class Kind(StrEnum):
    SAME_DAY = "same_day"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class Rule:
    key: str
    label: object  # a lazy translation
    kind: Kind
    duration: int
    law: str  # the provision in force
    old_law: str  # the same provision in the 2001 act, for readers of older routines
    moves_off_non_working_day: bool

    def due(self, start: dt.datetime | dt.date) -> dt.date:
        """The last day on which the step is on time, for a start (an aware datetime or a local day)."""
        day = local_day(start)
        if self.kind is Kind.SAME_DAY:
            return day
        if self.kind is Kind.WORKING_DAYS:
            return calendar.add_working_days(day, self.duration)
        if self.kind is Kind.CALENDAR_DAYS:
            raw = day + dt.timedelta(days=self.duration)
        else:
            raw = calendar.add_months(day, self.duration)
        return calendar.next_working_day_on_or_after(raw) if self.moves_off_non_working_day else raw

    def moved_from(self, start: dt.datetime | dt.date) -> dt.date | None:
        """The day the count ended on when the deadline was moved off it (for "why this day")."""
        day = local_day(start)
        if self.kind is Kind.CALENDAR_DAYS:
            raw = day + dt.timedelta(days=self.duration)
        elif self.kind is Kind.MONTHS:
            raw = calendar.add_months(day, self.duration)
        else:
            return None
        return raw if raw != self.due(start) else None


PROTECTION_ASSESSMENT = "protection_assessment"
DECISION = "decision"
VIOLENCE_INVESTIGATION = "violence_investigation"
INVESTIGATION = "investigation"
FEEDBACK = "feedback"
FEEDBACK_AT_ONCE = "feedback_at_once"
REQUEST_ACCEPTANCE = "request_acceptance"

#: The one table. Durations, kinds and legal references: edit here when the law changes.
RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(
            key=PROTECTION_ASSESSMENT,
            label=_("Protection assessment"),
            kind=Kind.SAME_DAY,
            duration=0,
            law="SoL (2025:400) 20 kap. 1 §",
            old_law="SoL (2001:453) 11 kap. 1 a § första stycket",
            moves_off_non_working_day=False,
        ),
        Rule(
            key=DECISION,
            label=_("Decision whether to open an investigation"),
            kind=Kind.CALENDAR_DAYS,
            duration=14,
            law="SoL (2025:400) 20 kap. 2 §",
            old_law="SoL (2001:453) 11 kap. 1 a § andra stycket",
            moves_off_non_working_day=True,
        ),
        Rule(
            # Violence against the child or witnessed by the child: the investigation is opened
            # without delay and without a preliminary assessment. The regulation names no number
            # of days; the act's outer limit for every report (14 days) is the latest day.
            key=VIOLENCE_INVESTIGATION,
            label=_("Open an investigation without delay (violence: no preliminary assessment)"),
            kind=Kind.CALENDAR_DAYS,
            duration=14,
            law="HSLF-FS 2022:39 (våld i nära relationer); SoL (2025:400) 20 kap. 2 §",
            old_law="SOSFS 2014:4; SoL (2001:453) 11 kap. 1 a §",
            moves_off_non_working_day=True,
        ),
        Rule(
            key=INVESTIGATION,
            label=_("Investigation concluded"),
            kind=Kind.MONTHS,
            duration=4,
            law="SoL (2025:400) 20 kap. 3 §",
            old_law="SoL (2001:453) 11 kap. 2 §",
            moves_off_non_working_day=True,
        ),
        Rule(
            key=FEEDBACK,
            label=_("Feedback to the reporter"),
            kind=Kind.CALENDAR_DAYS,
            duration=7,
            law="SoL (2025:400) 19 kap. 6 § (från 2026-01-15)",
            old_law="SoL (2001:453) 14 kap. 1 b §",
            moves_off_non_working_day=True,
        ),
        Rule(
            # No decision to wait for: an investigation was already under way, or the reporter
            # asked after the decision. "Genast", counted like the protection assessment.
            key=FEEDBACK_AT_ONCE,
            label=_("Feedback to the reporter at once (asked after the decision, or already under way)"),
            kind=Kind.SAME_DAY,
            duration=0,
            law="SoL (2025:400) 19 kap. 6 § (från 2026-01-15)",
            old_law="SoL (2001:453) 14 kap. 1 b §",
            moves_off_non_working_day=False,
        ),
        Rule(
            key=REQUEST_ACCEPTANCE,
            label=_("A request for help accepted by an agency"),
            kind=Kind.WORKING_DAYS,
            duration=settings.LOTS_INTAKE_ACCEPT_WORKING_DAYS,
            law="Lokal överenskommelse om gemensam ingång",
            old_law="",
            moves_off_non_working_day=False,
        ),
    )
}

#: How the law names the ground for opening without a preliminary assessment (recorded on the report).
VIOLENCE_GROUND = (
    "Socialstyrelsens föreskrifter och allmänna råd om våld i nära relationer (HSLF-FS 2022:39, "
    "tidigare SOSFS 2014:4): utredning inleds utan dröjsmål när ett barn utsatts för eller bevittnat våld "
    "av eller mot närstående."
)


def rule(key: str) -> Rule:
    return RULES[key]


def local_day(moment: dt.datetime | dt.date) -> dt.date:
    """The Europe/Stockholm day of a moment (a date is taken as already local)."""
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).date()
    return moment


class Status(StrEnum):
    ON_TIME = "on_time"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    KEPT = "kept"
    MISSED = "missed"


STATUS_LABELS = {
    Status.ON_TIME: _("On time"),
    Status.DUE_TODAY: _("Due today"),
    Status.OVERDUE: _("Overdue"),
    Status.KEPT: _("Kept"),
    Status.MISSED: _("Done late"),
}
OPEN_STATUSES = (Status.ON_TIME, Status.DUE_TODAY, Status.OVERDUE)


def status(due: dt.date, *, today: dt.date | None = None, done_at: dt.datetime | dt.date | None = None) -> Status:
    """On time / due today / overdue for an open step; kept / done late for a finished one."""
    if done_at is not None:
        return Status.KEPT if local_day(done_at) <= due else Status.MISSED
    today = today or timezone.localdate()
    if due > today:
        return Status.ON_TIME
    return Status.DUE_TODAY if due == today else Status.OVERDUE


def status_q(wanted: Status, *, today: dt.date | None = None, field: str = "next_deadline_on") -> Q:
    """The same statuses as a database filter on a stored due date, for lists at scale."""
    today = today or timezone.localdate()
    if wanted == Status.ON_TIME:
        return Q(**{f"{field}__gt": today})
    if wanted == Status.DUE_TODAY:
        return Q(**{field: today})
    if wanted == Status.OVERDUE:
        return Q(**{f"{field}__lt": today})
    raise ValueError(f"{wanted} is not a status of an open step")


@dataclass(frozen=True)
class Deadline:
    """One step of one report: its rule, when it is due, whether and when it was done."""

    rule: Rule
    due: dt.date
    done_at: dt.datetime | None = None
    moved_from: dt.date | None = None

    def status(self, today: dt.date | None = None) -> Status:
        return status(self.due, today=today, done_at=self.done_at)

    @property
    def is_open(self) -> bool:
        return self.done_at is None


def deadline(key: str, start: dt.datetime | dt.date, *, done_at: dt.datetime | None = None) -> Deadline:
    chosen = RULES[key]
    return Deadline(rule=chosen, due=chosen.due(start), done_at=done_at, moved_from=chosen.moved_from(start))


# The steps of one concern report ----------------------------------------------------------------

_INVESTIGATING = ("investigation_opened", "investigation_concluded")


def report_deadlines(report) -> list[Deadline]:
    """Every deadline of a concern report, in the order the steps come.

    Protection assessment the same day; then the decision (for violence: opening without a
    preliminary assessment) from the day the report arrived; an opened investigation from the day
    it was opened (or to the extended day recorded); feedback where asked for (`feedback_deadline`).
    """
    found = [deadline(PROTECTION_ASSESSMENT, report.received_at, done_at=report.protection_assessed_at)]
    decision_rule = VIOLENCE_INVESTIGATION if report.violence != "none" else DECISION
    found.append(deadline(decision_rule, report.received_at, done_at=report.decided_at))
    if report.status in _INVESTIGATING and report.decided_at is not None:
        regular = deadline(INVESTIGATION, report.decided_at, done_at=report.investigation_concluded_at)
        if report.investigation_due_on and report.investigation_due_on != regular.due:
            regular = Deadline(rule=regular.rule, due=report.investigation_due_on, done_at=regular.done_at)
        found.append(regular)
    if report.feedback_requested and report.decided_at is not None:
        found.append(feedback_deadline(report))
    return found


def feedback_deadline(report) -> Deadline:
    """Feedback to a reporter who asked for it (SoL 19 kap. 6 §), counted once the report is decided.

    Asked for in the report or before the decision: one week from the decision. Asked for after the
    decision: at once, from the day asked. An investigation already under way: at once, from the
    day reception recorded it (there is no decision to wait for).
    """
    asked_later = report.feedback_requested_at
    if asked_later is not None and asked_later > report.decided_at:
        return deadline(FEEDBACK_AT_ONCE, asked_later, done_at=report.feedback_given_at)
    if report.status == "already_ongoing":
        return deadline(FEEDBACK_AT_ONCE, report.decided_at, done_at=report.feedback_given_at)
    return deadline(FEEDBACK, report.decided_at, done_at=report.feedback_given_at)


def next_open(deadlines: list[Deadline]) -> Deadline | None:
    """The open step due first: what the queue sorts by and reminders look at."""
    return min((d for d in deadlines if d.is_open), key=lambda d: d.due, default=None)
