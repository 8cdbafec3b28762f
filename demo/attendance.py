"""The demo's school absence (scenario 1): the rektor of Åsens skola imports four weeks of
absence from the school administration system, and the night's run raises the signals. Elin's
absence has passed the mentor's and the student health team's thresholds (the routine "problematic
school absence" is already under way for her, see demo/routines.py); one classmate has passed the
mentor's; the rest of her class were present."""

from __future__ import annotations

import datetime as dt

from lots.attendance import importing
from lots.attendance import services as attendance
from lots.organisations.actor import Actor
from lots.organisations.models import Unit, User
from lots.people.models import Child

SCHOOL = "Åsens skola"
HEADINGS = "personnummer;datum;lektion;schemalagda_minuter;franvaro_minuter;giltig"
MINUTES = 300


def _school_days(last: dt.date, count: int) -> list[dt.date]:
    days, day = [], last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def _rows(child: Child, days: list[dt.date], absent: set[int]) -> list[str]:
    """One row per day: the whole day absent (not valid) on the days numbered in `absent`."""
    return [
        f"{child.identity_number};{day.isoformat()};;{MINUTES};{MINUTES if n in absent else 0};nej"
        for n, day in enumerate(days)
    ]


def build_attendance(units: dict[str, Unit], users: dict[str, User], children: dict[str, Child], *, today) -> None:
    school = units[SCHOOL]
    rektor = users["rektor.asen"]
    actor = Actor(user=rektor, membership=rektor.memberships.select_related("unit__agency__principal").get(unit=school))
    days = _school_days(today - dt.timedelta(days=1), 20)  # up to yesterday: imported this morning
    elin = children["elin"]
    classmates = list(
        Child.objects.filter(school_unit=school, school_year=elin.school_year).exclude(pk=elin.pk).order_by("pk")[:8]
    )
    rows = _rows(elin, days, {3, 7, 11, 15, 18})  # 25 %, never two days in a row
    for n, child in enumerate(classmates):
        rows += _rows(child, days, {5, 16} if n == 0 else set())  # 10 %: the mentor's threshold
    data = ("\n".join([HEADINGS, *rows]) + "\n").encode()
    importing.start(actor=actor, data=data, dry_run=False, now=True)
    attendance.raise_signals(unit_ids=[school.pk], today=today)
