"""Pupils from the school administration system: good and bad files in CSV and Excel, all or
nothing, a dry run, dedup against the children already in Lots, and who may import."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from lots.audit.models import AuditEntry
from lots.interop.imports import run
from lots.interop.models import ChildImport
from lots.interop.tests.pupil_files import PUPILS_BORN, as_csv, as_xlsx, pupil
from lots.people.identity import make_identity_number
from lots.people.models import Child, RelatedPerson, Relationship

pytestmark = pytest.mark.django_db


def test_a_good_csv_creates_children_at_the_importers_school_and_no_guardians(world, rita):
    job = run.start(actor=rita, data=as_csv([pupil(1), pupil(2)]), dry_run=False)
    assert job.status == ChildImport.Status.DONE, job.errors
    assert (job.created, job.updated) == (2, 0)
    child = Child.objects.get(identity_number=make_identity_number(PUPILS_BORN, 1))
    assert child.school_unit == world.school_unit and child.school_year == "7"
    assert child.date_of_birth == PUPILS_BORN
    assert not Relationship.objects.filter(child=child).exists(), "custody never comes from a school's file"
    assert not RelatedPerson.objects.filter(first_name__in=["Vera", "Pelle"]).exists()
    assert AuditEntry.objects.filter(user_id=world.rita.pk, action="create", record_type="people.child").count() == 2
    assert bytes(ChildImport.objects.get(pk=job.pk).content) == b"", "the file is not kept"


def test_a_good_xlsx_imports_and_a_second_run_updates_without_duplicates(world, rita):
    run.start(actor=rita, data=as_xlsx([pupil(1), pupil(2)]), dry_run=False)
    job = run.start(actor=rita, data=as_xlsx([pupil(1, year="8"), pupil(2)]), dry_run=False)
    assert job.status == ChildImport.Status.DONE, job.errors
    assert (job.created, job.updated, job.unchanged) == (0, 1, 1)
    assert Child.objects.filter(last_name="Import").count() == 2
    assert Child.objects.get(first_name="Elev1").school_year == "8"


def test_an_existing_child_is_updated_not_duplicated(world, rita):
    job = run.start(actor=rita, data=as_csv([pupil(9, number=world.elin.identity_number)]), dry_run=False)
    assert (job.created, job.updated) == (0, 1)
    world.elin.refresh_from_db()
    assert world.elin.first_name == "Elev9" and world.elin.school_unit == world.school_unit
    assert Child.objects.filter(identity_number=world.elin.identity_number).count() == 1


def test_a_wrong_check_digit_is_reported_by_row_in_swedish(world, rita):
    rows = [pupil(n) for n in range(1, 6)]
    bad = rows[4][0]
    rows[4][0] = bad[:-1] + str((int(bad[-1]) + 1) % 10)
    with translation.override("sv"):
        job = run.start(actor=rita, data=as_csv(rows), dry_run=False)
    assert job.status == ChildImport.Status.REFUSED
    assert job.errors == ["Rad 6: personnumret har fel kontrollsiffra"]
    assert not Child.objects.filter(last_name="Import").exists(), "a bad row at the end leaves nothing"


def test_a_failure_while_writing_leaves_nothing(world, rita):
    """All rows valid, but the last one's school is not the importer's: the service refuses
    after reading the rest, and nothing at all is written."""
    from lots.organisations.tests.factories import UnitFactory

    UnitFactory(school_unit_code="87654321")
    rows = [pupil(n) for n in range(1, 4)]
    rows[-1][3] = "87654321"
    job = run.start(actor=rita, data=as_csv(rows), dry_run=False)
    assert job.status == ChildImport.Status.REFUSED
    assert "Rad 4" in job.errors[0] or "Row 4" in job.errors[0]
    assert not Child.objects.filter(last_name="Import").exists()


def test_every_bad_row_is_listed(world, rita):
    rows = [pupil(1), pupil(2), pupil(1)]
    rows[1][1] = ""
    rows.append(["", "", "", "99999999", ""] + [""] * 8)
    with translation.override("sv"):
        job = run.start(actor=rita, data=as_csv(rows, delimiter=","), dry_run=False)
    text = "\n".join(job.errors)
    assert "Rad 3: ange elevens för- och efternamn" in text
    assert "Rad 4: eleven finns redan på rad 2" in text
    assert "Rad 5:" in text and "99999999" in text
    assert not Child.objects.filter(last_name="Import").exists()


def test_a_dry_run_writes_nothing_and_can_then_be_confirmed(world, rita):
    preview = run.start(actor=rita, data=as_csv([pupil(1), pupil(2, number=world.elin.identity_number)]), dry_run=True)
    assert preview.status == ChildImport.Status.DONE
    assert preview.outcomes == [[2, "created"], [3, "updated"]] or preview.outcomes == [(2, "created"), (3, "updated")]
    assert not Child.objects.filter(first_name="Elev1").exists()
    assert bytes(preview.content), "kept to run for real"
    job = run.confirm(actor=rita, preview=preview)
    assert job.created == 1 and Child.objects.filter(first_name="Elev1").exists()


@pytest.mark.parametrize("viewer", ["kim", "sam", "bo"])
def test_only_school_administrators_and_head_teachers_import(world, rita, viewer):
    with pytest.raises(PermissionDenied):
        run.start(actor=world.actor(getattr(world, viewer)), data=as_csv([pupil(1)]), dry_run=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"personnummer;fornamn\n", "inga rader"),
        (b"namn;klass\nAda;7\n", "saknar kolumnen"),
        (b"personnummer;fornamn;efternamn;skostorlek\n201001012382;A;B;40\n", "Okänd"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused(world, rita, data, message):
    job = run.start(actor=rita, data=data, dry_run=False)
    assert job.status == ChildImport.Status.REFUSED
    assert message in job.errors[0]


def test_big_files_go_to_the_task_worker(world, rita, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LOTS_IMPORT_INLINE_BYTES = 10_000
    rows = [pupil(n) for n in range(1, 900)]
    data = as_csv(rows)
    with django_capture_on_commit_callbacks(execute=True):
        job = run.start(actor=rita, data=data, dry_run=False)
        assert job.status == ChildImport.Status.QUEUED
    job.refresh_from_db()
    assert job.status == ChildImport.Status.DONE and job.created == 899


def test_the_management_command_imports_and_reports_errors(world, rita, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "elever.csv"
    good.write_bytes(as_csv([pupil(1)]))
    out = io.StringIO()
    call_command("import_pupils", str(good), user="rita", stdout=out)
    assert "Added 1" in out.getvalue() and Child.objects.filter(first_name="Elev1").exists()
    bad = tmp_path / "fel.csv"
    bad.write_bytes(as_csv([pupil(2), ["1", "A", "B", "", ""] + [""] * 8]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_pupils", str(bad), user="rita", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Child.objects.filter(first_name="Elev2").exists()
    with pytest.raises(CommandError):
        call_command("import_pupils", str(good), user="kim", stdout=io.StringIO())
