import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lots.attendance import importing
from lots.attendance.models import Absence, AbsenceImport
from lots.attendance.tests.conftest import HEADINGS, csv_of, day_rows, school_days
from lots.people.models import Child

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 9, 14)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_a_good_file_is_imported_and_the_same_file_again_changes_nothing(world, import_file):
    days = school_days(DAY, 5)
    data = csv_of(day_rows(world.elin, days, absent_on=days[:2]))
    job = import_file(data)
    assert (job.status, job.added, job.updated, job.unchanged) == ("done", 5, 0, 0)
    assert Absence.objects.filter(child=world.elin).count() == 5
    assert Absence.objects.filter(child=world.elin, invalid_minutes=300).count() == 2
    from lots.audit.models import AuditEntry

    logged = AuditEntry.objects.filter(record_type="attendance.absence", detail="absence imported")
    assert [(e.child_id, e.ground, e.username) for e in logged] == [(world.elin.pk, "school_import", "rita")]
    before = list(Absence.objects.order_by("pk").values())
    again = import_file(data)
    assert (again.status, again.added, again.updated, again.unchanged) == ("done", 0, 0, 5)
    assert list(Absence.objects.order_by("pk").values()) == before
    assert logged.count() == 1  # nothing written, nothing logged


def test_a_changed_row_is_updated_in_place(world, import_file):
    days = school_days(DAY, 2)
    import_file(csv_of(day_rows(world.elin, days)))
    job = import_file(csv_of(day_rows(world.elin, days, absent_on=days[1:], valid="ja")))
    assert (job.added, job.updated, job.unchanged) == (0, 1, 1)
    row = Absence.objects.get(child=world.elin, day=days[1])
    assert (row.valid_minutes, row.invalid_minutes) == (300, 0)


def test_columns_by_name_in_any_order_with_swedish_headings(world, import_file):
    data = csv_of(
        [("ja", 10, 60, "MA 08:15", DAY.isoformat(), world.elin.identity_number)],
        headings="Giltig;Frånvaro minuter;Schemalagda minuter;Lektion;Datum;Personnummer",
    )
    job = import_file(data)
    assert job.status == "done", job.errors
    row = Absence.objects.get(child=world.elin)
    assert (row.lesson, row.scheduled_minutes, row.valid_minutes, row.invalid_minutes) == ("MA 08:15", 60, 10, 0)


def test_valid_and_invalid_in_two_columns(world, import_file):
    data = csv_of(
        [(world.elin.identity_number, DAY.isoformat(), 300, 60, 30)],
        headings="personnummer,datum,schemalagda_minuter,giltig_franvaro_minuter,ogiltig_franvaro_minuter".replace(
            ",", ";"
        ),
    )
    assert import_file(data).status == "done"
    assert Absence.objects.get(child=world.elin).invalid_minutes == 30


def test_bad_rows_are_reported_by_number_and_nothing_is_imported(world, import_file):
    good = (world.elin.identity_number, DAY.isoformat(), "", 60, 0, "nej")
    data = csv_of(
        [
            good,
            (wrong_check_digit(world.elin.identity_number), DAY.isoformat(), "", 60, 0, "nej"),
            (world.elin.identity_number, "14/9", "1", 60, 0, "nej"),
            (world.elin.identity_number, DAY.isoformat(), "2", 60, 90, "nej"),
            (world.elin.identity_number, DAY.isoformat(), "3", 60, 10, "kanske"),
        ]
    )
    job = import_file(data)
    assert job.status == "refused"
    assert job.errors == [
        "Rad 3: personnumret har fel kontrollsiffra",
        "Rad 4: datumet är inte ett datum som ÅÅÅÅ-MM-DD",
        "Rad 5: fler minuter frånvaro än schemalagda",
        "Rad 6: skriv ja eller nej i giltig",
    ]
    assert not Absence.objects.exists()


def test_an_unknown_pupil_is_reported_and_never_created(world, import_file):
    other = "20121212-1212"
    children = Child.objects.count()
    data = csv_of(
        [(world.elin.identity_number, DAY.isoformat(), "", 60, 0, "nej"), (other, DAY.isoformat(), "", 60, 0, "nej")]
    )
    job = import_file(data)
    assert job.status == "refused"
    assert job.errors == ["Rad 3: eleven är inte en av din skolas elever i Lots"]
    assert Child.objects.count() == children
    assert not Absence.objects.exists()


def test_a_pupil_of_another_school_is_refused_like_an_unknown_one(world, import_file):
    from lots.organisations.tests.factories import UnitFactory

    world.saga.school_unit = UnitFactory(agency=world.school, name="Andra skolan")
    world.saga.save()
    job = import_file(csv_of([(world.saga.identity_number, DAY.isoformat(), "", 60, 0, "nej")]))
    assert job.errors == ["Rad 2: eleven är inte en av din skolas elever i Lots"]


def test_the_same_lesson_twice_in_a_file_is_refused(world, import_file):
    row = (world.elin.identity_number, DAY.isoformat(), "1", 60, 0, "nej")
    job = import_file(csv_of([row, row]))
    assert job.errors == ["Rad 3: samma elev, dag och lektion finns redan på rad 2"]


def test_a_dry_run_writes_nothing_and_can_be_confirmed(world, import_file):
    data = csv_of(day_rows(world.elin, school_days(DAY, 3)))
    preview = import_file(data, dry_run=True)
    assert (preview.status, preview.added) == ("done", 3)
    assert not Absence.objects.exists()
    job = importing.confirm(actor=world.actor(world.rita), preview=preview)
    assert (job.status, job.dry_run, job.added) == ("done", False, 3)
    assert Absence.objects.count() == 3
    preview.refresh_from_db()
    assert bytes(job.content) == b""


def test_missing_columns_are_named(world, import_file):
    job = import_file(b"personnummer;datum\n" + world.elin.identity_number.encode() + b";2026-09-14\n")
    assert job.status == "refused"
    assert "schemalagda_minuter" in job.errors[0]


def test_a_web_page_is_refused(world, import_file):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_file(b"<html><script>alert(1)</script></html>")


def test_only_the_head_teacher_and_administrators_import(world):
    with pytest.raises(PermissionDenied):
        importing.start(actor=world.actor(world.mona), data=csv_of([]), dry_run=True)
    with pytest.raises(PermissionDenied):
        importing.start(actor=world.actor(world.sam), data=csv_of([]), dry_run=True)


def test_an_excel_file_is_read_like_a_csv_file(world, import_file):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS.split(";"))
    sheet.append([world.elin.identity_number, DAY, "1", 60, 60, "nej"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = import_file(buffer.getvalue())
    assert job.status == "done", job.errors
    assert Absence.objects.get(child=world.elin).day == DAY


def test_a_big_file_runs_as_a_task_with_its_progress(world, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.LOTS_IMPORT_INLINE_BYTES = 10
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 5)
    data = csv_of(day_rows(world.elin, school_days(DAY, 20)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = importing.start(actor=world.actor(world.rita), data=data, dry_run=False)
    assert job.status == AbsenceImport.Status.QUEUED and len(callbacks) == 1
    seen = []
    importing.process(job, progress=lambda done, total: seen.append((done, total)))
    job.refresh_from_db()
    assert (job.status, job.added) == ("done", 20)
    assert (job.rows_total, job.rows_done) == (20, 20)
    assert seen == [(5, 20), (10, 20), (15, 20), (20, 20)]


def test_the_drop_folder_is_read_and_files_are_moved(world, settings, tmp_path):
    settings.LOTS_ATTENDANCE_DROP_DIR = tmp_path
    world.school_unit.school_unit_code = "12345678"
    world.school_unit.save()
    folder = tmp_path / "12345678"
    folder.mkdir()
    (folder / "franvaro.csv").write_bytes(csv_of(day_rows(world.elin, school_days(DAY, 2))))
    (folder / "fel.csv").write_bytes(b"personnummer\n1\n")
    (tmp_path / "99999999").mkdir()
    jobs = importing.read_drop_folder()
    assert sorted(j.status for j in jobs) == ["done", "refused"]
    assert Absence.objects.count() == 2
    assert [p.name for p in folder.iterdir() if p.is_file()] == []
    assert len(list((folder / "imported").iterdir())) == 1
    assert len(list((folder / "refused").iterdir())) == 1
    assert importing.read_drop_folder() == []
