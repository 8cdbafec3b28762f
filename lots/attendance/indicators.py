"""The school-attendance indicators of the follow-up (lots.followup.registry): what they count.

Each computation is one grouped query over the attendance app's signals, by the school's agency
(with a unit chosen, the school), and returns counts, never a pupil. Small counts are suppressed
by the follow-up, not here. Registered from `AttendanceConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from lots.attendance.models import Level, Signal
from lots.followup.registry import Definition, Indicator, Kind, Scope, Tally, register

AREA = _("School attendance")
OWNER = _("The head teachers, and the principal's head of schools")
STARTED = "started"


def _signals(scope: Scope):
    if scope.unit_id is not None:
        return Signal.objects.filter(unit_id=scope.unit_id)
    return Signal.objects.filter(agency_id__in=list(scope.agency_ids))


def _raised_in(scope: Scope):
    return _signals(scope).filter(raised_on__gte=scope.period.start, raised_on__lte=scope.period.end)


def pupils_over(scope: Scope) -> list[Tally]:
    rows = (
        _raised_in(scope)
        .values(org=F("agency_id"), category=F("level"))
        .annotate(n=Count("child_id", distinct=True))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], category=r["category"]) for r in rows]


def signals(scope: Scope) -> list[Tally]:
    rows = _raised_in(scope).values(org=F("agency_id"), category=F("level")).annotate(n=Count("*")).order_by()
    return [Tally(agency_id=r["org"], n=r["n"], category=r["category"]) for r in rows]


def routines(scope: Scope) -> list[Tally]:
    """The routine proposed (a signal at its level raised in the period) and started (by the
    head teacher's decision in the period): one grouped statement."""
    raised = Q(raised_on__gte=scope.period.start, raised_on__lte=scope.period.end)
    started = Q(
        journey_id__isnull=False, decided_at__gte=scope.period.starts_at, decided_at__lt=scope.period.ends_before
    )
    rows = (
        _signals(scope)
        .filter(raised | started, level=Level.ROUTINE)
        .values(org=F("agency_id"))
        .annotate(proposed=Count("pk", filter=raised), started=Count("pk", filter=started))
        .order_by()
    )
    return [
        Tally(agency_id=r["org"], n=r[which], category=category)
        for r in rows
        for which, category in (("proposed", Level.ROUTINE.value), ("started", STARTED))
    ]


def investigated_in_time(scope: Scope) -> list[Tally]:
    """Investigations due in the period (and passed), and those recorded by their day."""
    days = dt.timedelta(days=settings.LOTS_ATTENDANCE_INVESTIGATION_DAYS)
    rows = (
        _signals(scope)
        .filter(level=Level.ROUTINE, raised_on__gte=scope.period.start - days, raised_on__lte=scope.last_day - days)
        .values(org=F("agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(investigated_on__lte=F("raised_on") + days)))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def _indicator(**fields) -> Indicator:
    return Indicator(area=AREA, owner=OWNER, **fields)


def register_indicators() -> None:
    school = _("A signal belongs to the school's agency; with a unit chosen, to the school.")
    levels = {level.value: level.label for level in Level}
    for order, indicator in enumerate(
        [
            _indicator(
                key="attendance.pupils_over",
                label=_("Pupils over each threshold of absence"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Pupils whose absence crossed a threshold, once per pupil and threshold."),
                    dated=_("The day the signal was raised (the night after the absence was imported)."),
                    excluded=school,
                ),
                compute=pupils_over,
                categories=levels,
            ),
            _indicator(
                key="attendance.signals",
                label=_("Signals of absence raised"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Signals raised, by level (at most one per pupil, level and term)."),
                    dated=_("The day the signal was raised."),
                    excluded=school,
                ),
                compute=signals,
                categories=levels,
            ),
            _indicator(
                key="attendance.routines",
                label=_("Routines for school absence proposed and started"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Signals proposing the routine for problematic school absence, and routines started."),
                    dated=_("Proposed: the day of the signal; started: the day of the head teacher's decision."),
                    excluded=_("Routines started without a signal."),
                ),
                compute=routines,
                categories={Level.ROUTINE.value: _("Proposed"), STARTED: _("Started")},
            ),
            _indicator(
                key="attendance.investigated_in_time",
                label=_("Absence investigated in time (Education Act 7:19 a)"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_(
                        "Signals at the routine's threshold, and those whose investigation was recorded within the "
                        "days set for it after the signal."
                    ),
                    dated=_("The day the investigation was due; days not yet passed are not counted."),
                    excluded=school,
                ),
                compute=investigated_in_time,
            ),
        ]
    ):
        register(replace(indicator, order=500 + order))
