"""Swedish calendar days and working days, the ground of every deadline in Lots.

Public holidays follow lagen (1989:253) om allmänna helgdagar. A deadline that ends on a
Saturday, a Sunday, a public holiday, midsommarafton, julafton or nyårsafton moves to the next
working day (lagen (1930:173) om beräkning av lagstadgad tid, 2 §). `is_working_day` treats those
same days as non-working, so that counting and extending agree.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """The Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _saturday_between(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=(5 - start.weekday()) % 7)


@cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """Allmänna helgdagar (1989:253), by date, with their Swedish names."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(dt.date(year, 6, 20))
    all_saints = _saturday_between(dt.date(year, 10, 31))
    return {
        dt.date(year, 1, 1): "nyårsdagen",
        dt.date(year, 1, 6): "trettondedag jul",
        easter - 2 * _DAY: "långfredagen",
        easter: "påskdagen",
        easter + _DAY: "annandag påsk",
        dt.date(year, 5, 1): "första maj",
        easter + 39 * _DAY: "Kristi himmelsfärdsdag",
        easter + 49 * _DAY: "pingstdagen",
        dt.date(year, 6, 6): "Sveriges nationaldag",
        midsummer_day: "midsommardagen",
        all_saints: "alla helgons dag",
        dt.date(year, 12, 25): "juldagen",
        dt.date(year, 12, 26): "annandag jul",
    }


@cache
def _eves(year: int) -> dict[dt.date, str]:
    """The eves that lagen (1930:173) 2 § treats like holidays."""
    return {
        _saturday_between(dt.date(year, 6, 20)) - _DAY: "midsommarafton",
        dt.date(year, 12, 24): "julafton",
        dt.date(year, 12, 31): "nyårsafton",
    }


def non_working_reason(day: dt.date) -> str | None:
    """Why `day` is not a working day ("lördag", "julafton", …), or None if it is one."""
    if day in public_holidays(day.year):
        return public_holidays(day.year)[day]
    if day in _eves(day.year):
        return _eves(day.year)[day]
    if day.weekday() == 5:
        return "lördag"
    if day.weekday() == 6:
        return "söndag"
    return None


def is_working_day(day: dt.date) -> bool:
    return non_working_reason(day) is None


def next_working_day_on_or_after(day: dt.date) -> dt.date:
    """Where a deadline that falls on `day` ends (lagen 1930:173, 2 §)."""
    while not is_working_day(day):
        day += _DAY
    return day


def add_calendar_days(day: dt.date, days: int) -> dt.date:
    """A deadline of `days` calendar days from `day`, moved off a non-working last day."""
    return next_working_day_on_or_after(day + dt.timedelta(days=days))


def add_working_days(day: dt.date, days: int) -> dt.date:
    """The date `days` working days after `day` (the day itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    while days:
        day += _DAY
        if is_working_day(day):
            days -= 1
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month where that day does not exist
    (31 October + 4 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += _DAY
        if is_working_day(day):
            count += 1
    return count
