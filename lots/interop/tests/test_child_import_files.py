"""Pupil files that would cost the web process dearly or crash it (issue 19): read through the one
spreadsheet reader, refused in Swedish with nothing saved; a file whose content is big, though its
bytes are few, runs as a task."""

import io
import zipfile

import pytest
from django.utils import translation

from lots.core.tests.spreadsheet_files import crafted_xlsx, cut_sheet, sheet_xml
from lots.interop.imports import run
from lots.interop.models import ChildImport
from lots.interop.tests.pupil_files import HEADINGS, as_csv, as_xlsx, pupil
from lots.people.models import Child

pytestmark = pytest.mark.django_db


def _start(rita, data: bytes) -> ChildImport:
    with translation.override("sv"):
        return run.start(actor=rita, data=data, dry_run=False)


def test_a_small_xlsx_declaring_a_huge_sheet_is_refused_before_it_is_read(world, rita, settings):
    settings.LOTS_IMPORT_MAX_ROWS = 1000
    headings = {1: [(chr(ord("A") + i), h) for i, h in enumerate(HEADINGS[:3])], 2: [("A", "x")]}
    job = _start(rita, crafted_xlsx(sheet_xml(headings, dimension="A1:M200000")))
    assert job.status == ChildImport.Status.REFUSED
    assert job.errors == ["Filen har fler än 1000 rader: dela upp den."]


def test_a_file_past_the_row_limit_is_refused_whole(world, rita, settings):
    settings.LOTS_IMPORT_MAX_ROWS = 3
    job = _start(rita, as_csv([pupil(n) for n in range(1, 5)]))
    assert job.errors == ["Filen har fler än 3 rader: dela upp den."]
    assert not Child.objects.filter(last_name="Import").exists()


def test_a_truncated_xlsx_is_refused_in_swedish_and_nothing_is_saved(world, rita):
    job = _start(rita, cut_sheet(as_xlsx([pupil(n) for n in range(1, 60)])))
    assert job.status == ChildImport.Status.REFUSED
    assert job.errors[0].startswith("Excel-filen kan inte läsas: den är skadad")
    assert not Child.objects.filter(last_name="Import").exists()


def test_a_csv_of_one_column_is_answered_not_crashed_on(world, rita):
    job = _start(rita, b"personnummer\n201001012382\n")
    assert job.errors == ["Filen saknar kolumnen/kolumnerna: fornamn, efternamn."]


def test_wrong_rows_are_named_by_the_number_the_spreadsheet_shows(world, rita):
    rows = [pupil(1), [""] * len(HEADINGS), pupil(2)]
    rows[2][0] = rows[2][0][:-1] + str((int(rows[2][0][-1]) + 1) % 10)
    job = _start(rita, as_csv(rows))
    assert job.errors == ["Rad 4: personnumret har fel kontrollsiffra"]


def test_an_xlsx_small_in_bytes_but_big_unpacked_runs_as_a_task(
    world, rita, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    data = as_xlsx([pupil(n) for n in range(1, 200)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    assert len(data) < unpacked
    settings.LOTS_IMPORT_INLINE_BYTES = (len(data) + unpacked) // 2
    with django_capture_on_commit_callbacks(execute=True):
        job = run.start(actor=rita, data=data, dry_run=False)
        assert job.status == ChildImport.Status.QUEUED
    job.refresh_from_db()
    assert job.status == ChildImport.Status.DONE and job.created == 199
