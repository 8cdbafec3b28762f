"""The rolling windows and runs, computed in SQL, against the same arithmetic written plainly."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lots.attendance import warning
from lots.attendance.models import Absence, Thresholds
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 15)


def _rows(child, unit, days):
    Absence.objects.bulk_create(
        Absence(
            child=child,
            unit=unit,
            agency=unit.agency,
            day=d,
            lesson=lesson,
            scheduled_minutes=s,
            valid_minutes=v,
            invalid_minutes=i,
        )
        for d, lesson, s, v, i in days
    )


def test_term_starts_in_january_and_august():
    assert warning.term_start(dt.date(2026, 7, 31)) == dt.date(2026, 1, 1)
    assert warning.term_start(dt.date(2026, 8, 1)) == dt.date(2026, 8, 1)
    assert warning.term_start(dt.date(2026, 12, 31)) == dt.date(2026, 8, 1)
    assert warning.window_start(TODAY) == dt.date(2026, 9, 18)


def test_the_four_weeks_and_the_term_are_summed_apart_valid_and_invalid(world):
    unit = world.school_unit
    _rows(
        world.elin,
        unit,
        [
            (dt.date(2026, 9, 17), "", 300, 300, 0),  # the day before the four weeks: the term only
            (dt.date(2026, 9, 18), "", 300, 0, 60),  # the first day of the four weeks
            (TODAY, "1", 60, 30, 0),
            (TODAY, "2", 60, 0, 0),
            (TODAY + dt.timedelta(days=1), "", 300, 300, 0),  # tomorrow: not yet
            (dt.date(2026, 7, 30), "", 300, 300, 0),  # last term
        ],
    )
    f = warning.figures(Absence.objects.all(), today=TODAY)[world.elin.pk]
    assert (f.scheduled_weeks, f.valid_weeks, f.invalid_weeks) == (420, 30, 60)
    assert (f.scheduled_term, f.valid_term, f.invalid_term) == (720, 330, 60)
    assert str(f.percent_weeks) == "21.4" and str(f.invalid_percent_weeks) == "14.3"
    assert str(f.percent_term) == "54.2"


def test_a_run_counts_school_days_absent_in_full_and_weekends_do_not_break_it(world):
    monday = dt.date(2026, 10, 5)
    days = [monday + dt.timedelta(days=n) for n in range(12) if (monday + dt.timedelta(days=n)).weekday() < 5]
    rows = [(d, "", 300, 300, 0) for d in days]  # Mon 5 Oct – Fri 16 Oct: ten school days
    rows[4] = (days[4], "", 300, 150, 150)  # valid and invalid together make a whole day
    rows.append((dt.date(2026, 9, 30), "", 300, 299, 0))  # a minute present: not a whole day
    _rows(world.elin, world.school_unit, rows)
    assert warning.figures(Absence.objects.all(), today=dt.date(2026, 10, 16))[world.elin.pk].days_in_row == 10


def test_levels_follow_the_thresholds():
    thresholds = Thresholds(mentor_percent=10, student_health_percent=15, routine_percent=30, routine_days=10)
    f = warning.Figures(1, 1, 1, scheduled_weeks=1000, valid_weeks=50, invalid_weeks=50)
    assert f.levels(thresholds) == ["mentor"]
    f.invalid_weeks = 100
    assert f.levels(thresholds) == ["mentor", "student_health"]
    f.valid_weeks = 200
    assert f.levels(thresholds) == ["mentor", "student_health", "routine"]
    assert warning.Figures(1, 1, 1, scheduled_weeks=1000, days_in_row=10).levels(thresholds) == ["routine"]
    assert warning.Figures(1, 1, 1).levels(thresholds) == []


day_rows = st.lists(
    st.tuples(
        st.integers(min_value=-60, max_value=5),  # days from TODAY
        st.sampled_from(["", "1", "2"]),
        st.integers(min_value=1, max_value=300),
        st.integers(min_value=0, max_value=300),
        st.integers(min_value=0, max_value=300),
    ),
    max_size=30,
    unique_by=lambda r: (r[0], r[1]),
)


def _plain(rows):
    start, weeks = warning.term_start(TODAY), warning.window_start(TODAY)
    sums = {"sw": 0, "aw": 0, "st": 0, "at": 0}
    per_day: dict[dt.date, list[int]] = {}
    for day, _lesson, s, v, i in rows:
        if day > TODAY:
            continue
        if day >= weeks:
            sums["sw"] += s
            sums["aw"] += v + i
        if day >= start:
            sums["st"] += s
            sums["at"] += v + i
            per_day.setdefault(day, [0, 0])
            per_day[day][0] += s
            per_day[day][1] += v + i
    best = run = 0
    for day in sorted(per_day):
        run = run + 1 if per_day[day][1] >= per_day[day][0] else 0
        best = max(best, run)
    return sums, best


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=day_rows)
def test_the_sql_agrees_with_plain_arithmetic(world, rows):
    Absence.objects.all().delete()
    child = world.elin
    rows = [(TODAY + dt.timedelta(days=d), lesson, s, min(v, s), min(i, s - min(v, s))) for d, lesson, s, v, i in rows]
    _rows(child, world.school_unit, rows)
    sums, best = _plain(rows)
    found = warning.figures(Absence.objects.all(), today=TODAY).get(child.pk)
    # The pupil's page reckons the same figures in Python from one grouped read of the days.
    alone = warning.Figures(child.pk, world.school_unit.pk, world.school_unit.agency_id)
    warning.pupil(Absence.objects.filter(child=child), alone, today=TODAY)
    assert (alone.scheduled_weeks, alone.valid_weeks + alone.invalid_weeks) == (sums["sw"], sums["aw"])
    assert (alone.scheduled_term, alone.valid_term + alone.invalid_term) == (sums["st"], sums["at"])
    assert alone.days_in_row == best
    if found is None:  # no row in either window
        assert sums == {"sw": 0, "aw": 0, "st": 0, "at": 0}
        return
    assert (found.scheduled_weeks, found.valid_weeks + found.invalid_weeks) == (sums["sw"], sums["aw"])
    assert (found.scheduled_term, found.valid_term + found.invalid_term) == (sums["st"], sums["at"])
    assert found.days_in_row == best
    assert (found.valid_weeks, found.invalid_term) == (alone.valid_weeks, alone.invalid_term)


def test_weeks_of_the_chart(world):
    _rows(
        world.elin,
        world.school_unit,
        [(dt.date(2026, 10, 12), "", 300, 60, 0), (dt.date(2026, 10, 14), "", 300, 0, 300)],
    )
    other = ChildFactory(school_unit=world.school_unit)
    _rows(other, world.school_unit, [(dt.date(2026, 10, 12), "", 300, 300, 0)])
    found = warning.Figures(world.elin.pk, world.school_unit.pk, world.school_unit.agency_id)
    [week] = warning.pupil(Absence.objects.filter(child=world.elin), found, today=TODAY)
    assert found.days_in_row == 1 and (found.scheduled_term, found.valid_term, found.invalid_term) == (600, 60, 300)
    assert (week.monday, week.scheduled, week.valid, week.invalid) == (dt.date(2026, 10, 12), 600, 60, 300)
    assert str(week.total_percent) == "60.0"
