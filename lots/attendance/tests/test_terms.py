"""The per-pupil term aggregate the school's list reads: after any imports it gives the figures
the reckoning from the plain rows gives."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lots.attendance import terms, warning
from lots.attendance.models import Absence, PupilTerm
from lots.attendance.tests.conftest import csv_of
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 8, 20)  # the four weeks reach back into the spring term


def _agree(unit, today=TODAY):
    """The list's figures from the aggregate are those reckoned from every row of the school."""
    plain = warning.figures(Absence.objects.filter(unit=unit), today=today)
    assert terms.school_figures(unit.pk, today=today, allowed=Q()) == plain
    return plain


def _file(pupils, rows):
    return csv_of(
        (pupils[p].identity_number, (TODAY + dt.timedelta(days=d)).isoformat(), lesson, s, v + i, "ja" if v else "nej")
        for p, d, lesson, s, v, i in rows
    )


def test_terms_between_and_after():
    assert terms.terms_between(dt.date(2026, 7, 30), dt.date(2026, 8, 1)) == [dt.date(2026, 1, 1), dt.date(2026, 8, 1)]
    assert terms.next_term(dt.date(2026, 8, 1)) == dt.date(2027, 1, 1)
    assert terms.terms_between(dt.date(2026, 9, 1), dt.date(2026, 12, 31)) == [dt.date(2026, 8, 1)]


def test_good_repeated_and_overlapping_imports(world, import_file):
    unit, elin = world.school_unit, world.elin
    days = [-30, -20, -2, -1, 0]
    first = _file([elin], [(0, d, "", 300, 0, 300) for d in days])
    assert import_file(first).added == 5
    aggregate = PupilTerm.objects.get(child=elin, term_start=dt.date(2026, 8, 1))
    assert (aggregate.scheduled_minutes, aggregate.invalid_minutes, aggregate.longest_run) == (900, 900, 3)
    assert PupilTerm.objects.get(child=elin, term_start=dt.date(2026, 1, 1)).scheduled_minutes == 600
    assert _agree(unit)[elin.pk].days_in_row == 3
    assert import_file(first).unchanged == 5  # the same file again: nothing written, still in step
    _agree(unit)
    # An overlapping file: yesterday was present after all, a lesson today, tomorrow already scheduled.
    second = _file([elin], [(0, -1, "", 300, 0, 0), (0, 0, "9", 60, 60, 0), (0, 1, "", 300, 0, 0)])
    job = import_file(second)
    assert (job.added, job.updated) == (2, 1)
    figures = _agree(unit)  # a row after today: the pupil is reckoned from the rows
    assert figures[elin.pk].days_in_row == 1
    assert PupilTerm.objects.get(child=elin, term_start=dt.date(2026, 8, 1)).last_day == TODAY + dt.timedelta(days=1)


def test_a_refused_file_leaves_the_aggregate_as_it_was(world, import_file):
    elin, unit = world.elin, world.school_unit
    import_file(_file([elin], [(0, -1, "", 300, 300, 0)]))
    before = list(PupilTerm.objects.values())
    job = import_file(_file([elin], [(0, -2, "", 300, 300, 0)]) + b"000000000000;2026-08-19;;300;0;nej\n")
    assert job.status == "refused"
    assert list(PupilTerm.objects.values()) == before
    _agree(unit)


pupil_rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),  # which pupil
        st.integers(min_value=-45, max_value=2),  # days from TODAY
        st.sampled_from(["", "1", "2"]),
        st.integers(min_value=1, max_value=300),
        st.integers(min_value=0, max_value=300),
        st.integers(min_value=0, max_value=300),
    ),
    min_size=1,
    max_size=25,
    unique_by=lambda r: (r[0], r[1], r[2]),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(pupil_rows, min_size=1, max_size=3))
def test_any_imports_keep_the_aggregate_in_step_with_the_rows(world, import_file, files):
    pupils = [world.elin, ChildFactory(school_unit=world.school_unit)]
    with transaction.atomic():
        for rows in files:
            rows = [(p, d, lesson, s, min(v, s), min(i, s - min(v, s)) * (not v)) for p, d, lesson, s, v, i in rows]
            assert import_file(_file(pupils, rows)).status == "done"
            for today in (TODAY, TODAY + dt.timedelta(days=3)):
                _agree(world.school_unit, today)
        kept = set(PupilTerm.objects.values_list("child_id", "term_start", "scheduled_minutes", "longest_run"))
        terms.rebuild(first=TODAY - dt.timedelta(days=60), last=TODAY)
        assert set(PupilTerm.objects.values_list("child_id", "term_start", "scheduled_minutes", "longest_run")) == kept
        transaction.set_rollback(True)


def test_the_migration_builds_the_aggregate_the_live_code_builds(world, import_file):
    """The migration keeps its own frozen copy of the SQL; on today's tables it gives the same."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("lots.attendance.migrations.0002_pupil_term_aggregate")
    pupils = [world.elin, ChildFactory(school_unit=world.school_unit)]
    rows = [(0, -40, 1, 60, 0, 60), (0, -39, 1, 60, 0, 60), (1, -3, 1, 60, 30, 0), (1, 2, 1, 60, 0, 20)]
    assert import_file(_file(pupils, rows)).status == "done"
    columns = ("child_id", "unit_id", "term_start", "scheduled_minutes", "valid_minutes", "invalid_minutes",
               "last_day", "longest_run")  # fmt: skip
    live = set(PupilTerm.objects.values_list(*columns))
    assert len({row[2] for row in live}) == 2, "two terms"
    PupilTerm.objects.all().delete()
    migration.build(apps, SimpleNamespace(connection=connection))  # it asks the editor for its connection
    assert set(PupilTerm.objects.values_list(*columns)) == live
