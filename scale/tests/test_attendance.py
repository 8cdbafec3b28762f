"""The attendance step: a term of per-day absence for pupils of school age at schools, and signals."""

import datetime as dt

import pytest

import scale
from lots.attendance import terms
from lots.attendance.models import Absence, PupilTerm, Signal
from lots.attendance.warning import term_start
from lots.organisations.models import Unit
from scale.sink import Progress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)


def test_a_term_of_days_for_the_pupils_of_schools_and_their_signals():
    scale.build(children=300, seed=7, now=NOW, progress=Progress(enabled=False))
    rows = Absence.objects.all()
    assert rows.exists()
    assert not rows.exclude(unit__kind=Unit.Kind.SCHOOL).exists()
    assert not rows.filter(day__lt=term_start(NOW.date())).exists()
    assert not rows.filter(day__gt=NOW.date()).exists()
    assert {d.weekday() for d in rows.values_list("day", flat=True).distinct()} <= {0, 1, 2, 3, 4}
    assert rows.filter(lesson="", scheduled_minutes=300).count() == rows.count()
    pupils = rows.values("child_id").distinct().count()
    assert rows.count() == pupils * rows.values("day").distinct().count()
    assert not Absence.objects.filter(child__school_unit__isnull=True).exists()
    signals = Signal.objects.all()
    assert signals.filter(level="mentor").count() >= signals.filter(level="routine").count() > 0


def test_the_term_aggregate_is_what_the_rows_make_of_it():
    scale.build(children=300, seed=7, now=NOW, progress=Progress(enabled=False))
    columns = ("child_id", "agency_id", "unit_id", "term_start", "scheduled_minutes", "valid_minutes",
               "invalid_minutes", "longest_run", "last_day", "sample_id")  # fmt: skip
    written = set(PupilTerm.objects.values_list(*columns))
    assert len(written) == Absence.objects.values("child_id").distinct().count() > 0
    assert any(row[7] >= 10 for row in written)  # some pupils absent for weeks on end
    terms.rebuild(first=NOW.date(), last=NOW.date())
    assert set(PupilTerm.objects.values_list(*columns)) == written
