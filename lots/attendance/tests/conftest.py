import datetime as dt

import pytest

from lots.attendance import importing
from lots.attendance.models import AbsenceImport

HEADINGS = "personnummer;datum;lektion;schemalagda_minuter;franvaro_minuter;giltig"


def school_days(end: dt.date, count: int) -> list[dt.date]:
    """`count` weekdays up to and including `end` (or the weekday before it), oldest first."""
    days, day = [], end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def csv_of(rows, headings: str = HEADINGS) -> bytes:
    return ("\n".join([headings, *(";".join(str(c) for c in row) for row in rows)]) + "\n").encode()


def day_rows(child, days, *, absent_on=(), minutes=300, valid="nej"):
    """One row per day: absent the whole day on `absent_on`, present otherwise."""
    return [(child.identity_number, d.isoformat(), "", minutes, minutes if d in absent_on else 0, valid) for d in days]


@pytest.fixture
def import_file(world):
    """`import_file(data, user=rita, dry_run=False)` → the finished AbsenceImport."""

    def run(data: bytes, *, user=None, dry_run: bool = False) -> AbsenceImport:
        job = importing.start(actor=world.actor(user or world.rita), data=data, dry_run=dry_run)
        job.refresh_from_db()
        return job

    return run
