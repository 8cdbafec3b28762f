"""This term's school absence of every pupil, one row per school day (lessons for 1.3 million
pupils would be too many; per-day rows are what the early warning reads at national scale).

Every child of school age with a school gets a row for each weekday from the start of the term
(1 August or 1 January) to today, at most 60: 300 minutes scheduled, and absence drawn from the
pupil's own propensity — most pupils a few per cent, one in six around the mentor's threshold,
one in twenty-five around the routine's, one in a hundred absent in full for the last two to
four weeks (long continuous absence). About two thirds of the absence is valid. Signals are
written for the pupils whose propensity puts them over a threshold, raised on a school day of
the last four weeks, as the nightly run would have. Each pupil's term aggregate
(`attendance.PupilTerm`, what the school's list reads) is summed as the days are drawn, its run by
the early warning's own `longest_run`.
"""

from __future__ import annotations

import datetime as dt

from lots.attendance.warning import longest_run, term_start
from lots.organisations.models import Agency, Unit

MAX_DAYS = 60
MINUTES = 300
#: (share of pupils, mean share of minutes absent)
PROPENSITY = [(0.78, 0.03), (0.16, 0.12), (0.04, 0.32), (0.01, 0.9)]
LEVELS = [("mentor", 0.10), ("student_health", 0.15), ("routine", 0.30)]
ABSENCE_COLUMNS = [
    "id", "child_id", "agency_id", "unit_id", "day", "lesson", "scheduled_minutes", "valid_minutes", "invalid_minutes",
]  # fmt: skip
TERM_COLUMNS = [
    "id", "child_id", "agency_id", "unit_id", "term_start", "scheduled_minutes", "valid_minutes", "invalid_minutes",
    "longest_run", "last_day", "sample_id",
]  # fmt: skip
SIGNAL_COLUMNS = [
    "id",
    "child_id",
    "agency_id",
    "unit_id",
    "level",
    "term_start",
    "raised_on",
    "percent",
    "days_in_row",
]


def _school_days(today: dt.date) -> list[dt.date]:
    day, days = term_start(today), []
    while day <= today:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days[-MAX_DAYS:]


def generate(ctx) -> None:
    kids, rng, today = ctx.shared["children"], ctx.rng("attendance"), ctx.plan.today
    agency_of: dict[int, int] = {}
    for m in ctx.shared["municipalities"]:
        for unit in m.units.get(Unit.Kind.SCHOOL, []):
            agency_of[unit] = m.agencies[Agency.Kind.SCHOOL]
    days = _school_days(today)
    pupils = []
    for index, child_id in enumerate(kids.ids()):
        unit = kids.school_unit[index]
        if unit in agency_of:
            roll, mean = rng.random(), PROPENSITY[-1][1]
            for share, level in PROPENSITY:
                if roll < share:
                    mean = level
                    break
                roll -= share
            pupils.append((child_id, unit, mean))
    if not days or not pupils:
        return
    first = ctx.sink.allocate("attendance_absence", len(pupils) * len(days))
    signals: list[tuple] = []
    terms: list[tuple] = []  # the per-pupil term aggregate (lots.attendance.terms), summed as drawn

    def rows():
        next_id = first
        for child_id, unit, mean in pupils:
            whole_from = len(days) - rng.randint(10, 20) if mean >= 0.9 else len(days)
            sample, valid_sum, absent_sum, per_day = next_id, 0, 0, []
            for n, day in enumerate(days):
                if n >= whole_from:
                    absent = MINUTES
                else:
                    absent = min(MINUTES, int(rng.expovariate(1 / (mean * MINUTES)))) if rng.random() < 0.5 else 0
                    absent = min(MINUTES, absent * 2)
                valid = absent if rng.random() < 0.66 else 0
                yield (next_id, child_id, agency_of[unit], unit, day, "", MINUTES, valid, absent - valid)
                next_id += 1
                valid_sum, absent_sum = valid_sum + valid, absent_sum + absent
                per_day.append((MINUTES, absent))
            scheduled = MINUTES * len(days)
            terms.append(
                (child_id, agency_of[unit], unit, term_start(today), scheduled, valid_sum, absent_sum - valid_sum,
                 longest_run(per_day), days[-1], sample)
            )  # fmt: skip
            for level, threshold in LEVELS:
                if mean >= threshold:
                    raised = days[max(0, len(days) - rng.randint(1, 20))]
                    signals.append(
                        (child_id, agency_of[unit], unit, level, term_start(today), raised, round(mean * 100, 1))
                    )

    ctx.sink.write("attendance_absence", ABSENCE_COLUMNS, rows(), total=len(pupils) * len(days), label="absence (days)")
    first_term = ctx.sink.allocate("attendance_pupilterm", len(terms))
    ctx.sink.write(
        "attendance_pupilterm",
        TERM_COLUMNS,
        ((first_term + i, *t) for i, t in enumerate(terms)),
        total=len(terms),
        label="absence per pupil and term",
    )
    first_signal = ctx.sink.allocate("attendance_signal", len(signals))
    ctx.sink.write(
        "attendance_signal",
        SIGNAL_COLUMNS,
        ((first_signal + i, *s, 10 if s[3] == "routine" and s[6] >= 90 else 0) for i, s in enumerate(signals)),
        total=len(signals),
        label="absence signals",
    )
