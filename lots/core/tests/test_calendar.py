import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lots.core.calendar import (
    add_calendar_days,
    add_months,
    add_working_days,
    easter_sunday,
    is_working_day,
    next_working_day_on_or_after,
    non_working_reason,
    public_holidays,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"), [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28))]
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_the_public_holidays_of_2026():
    holidays = public_holidays(2026)
    assert holidays[D(2026, 4, 3)] == "långfredagen"
    assert holidays[D(2026, 4, 6)] == "annandag påsk"
    assert holidays[D(2026, 5, 14)] == "Kristi himmelsfärdsdag"
    assert holidays[D(2026, 6, 20)] == "midsommardagen"
    assert holidays[D(2026, 10, 31)] == "alla helgons dag"
    assert len(holidays) == 13


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 6, 19), "midsommarafton"),
        (D(2026, 12, 24), "julafton"),
        (D(2026, 12, 31), "nyårsafton"),
        (D(2026, 11, 28), "lördag"),
        (D(2026, 11, 29), "söndag"),
        (D(2026, 6, 6), "Sveriges nationaldag"),
        (D(2026, 11, 27), None),
    ],
)
def test_non_working_days_and_why(day, reason):
    assert non_working_reason(day) == reason


def test_a_deadline_on_a_holiday_weekend_moves_to_the_next_working_day():
    # Långfredagen 2026-04-03 → påskafton, påskdagen, annandag påsk → tisdag 7 april.
    assert next_working_day_on_or_after(D(2026, 4, 3)) == D(2026, 4, 7)
    assert add_calendar_days(D(2026, 12, 10), 14) == D(2026, 12, 28)  # 24 Dec → 28 Dec (25–27 off)


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday → Monday
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 23), -1)


def test_months_end_on_the_last_day_where_the_day_does_not_exist():
    assert add_months(D(2026, 10, 31), 4) == D(2027, 2, 28)
    assert add_months(D(2027, 10, 31), 4) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 15), 4) == D(2027, 3, 15)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 1)), st.integers(min_value=0, max_value=60))
def test_counting_working_days_and_adding_them_agree(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or is_working_day(end)
