"""Mentor assignments from the school administration system's file (lots.children.mentors; issue 21):
a new mentor starts, the old one ends, a pupil not in the file has left the school; all or nothing,
idempotent, a dry run; class and mentors by e-mail address or user id under Swedish headings."""

import pytest

from lots.access import policy
from lots.access.models import Assignment, AssignmentEnd, AssignmentEvent, AssignmentSource
from lots.interop.imports import run
from lots.interop.models import ChildImport
from lots.people.models import Child

pytestmark = pytest.mark.django_db

HEADINGS = ["personnummer", "fornamn", "efternamn", "klass", "mentor", "mentor2"]


def _file(world, rows) -> bytes:
    lines = [";".join(HEADINGS)]
    for child, klass, *mentors in rows:
        mentors = [*mentors, "", ""][:2]
        lines.append(";".join([child.identity_number, child.first_name, child.last_name, klass, *mentors]))
    return "\n".join(lines).encode()


@pytest.fixture
def staff(world):
    world.tor.email = "Tor.Larsson@testskolan.se"
    world.tor.save()
    return world


def _mentors(child) -> set[str]:
    return set(
        Assignment.objects.active().filter(child=child, reason="mentor").values_list("user__username", flat=True)
    )


def test_the_file_makes_the_mentors_agree_and_a_repeat_changes_nothing(staff, rita):
    world = staff
    assert _mentors(world.elin) == set()
    data = _file(world, [(world.elin, "7B", "tor.larsson@testskolan.se", "kim"), (world.saga, "7B", "mona")])
    job = run.start(actor=rita, data=data, dry_run=False)
    assert job.status == ChildImport.Status.DONE, job.errors
    assert job.assignments == {"started": 3, "ended": 0, "left_school": 0}
    assert _mentors(world.elin) == {"tor", "kim"} and _mentors(world.saga) == {"mona"}
    world.elin.refresh_from_db()
    assert world.elin.school_class == "7B"
    made = Assignment.objects.get(user=world.tor, child=world.elin, reason="mentor")
    assert made.source == AssignmentSource.IMPORT and made.created_by == world.rita
    assert policy.can(world.actor(world.tor), "view", world.elin) == policy.Ground.ASSIGNMENT
    again = run.start(actor=rita, data=data, dry_run=False)
    assert again.assignments == {"started": 0, "ended": 0, "left_school": 0}
    assert Assignment.objects.filter(reason="mentor").count() == 3


def test_a_new_term_ends_last_years_mentor_with_the_date(staff, rita):
    world = staff
    run.start(actor=rita, data=_file(world, [(world.elin, "7B", "kim"), (world.saga, "7B", "mona")]), dry_run=False)
    job = run.start(
        actor=rita, data=_file(world, [(world.elin, "8B", "tor"), (world.saga, "8B", "mona")]), dry_run=False
    )
    assert job.assignments == {"started": 1, "ended": 1, "left_school": 0}
    assert _mentors(world.elin) == {"tor"}
    old = Assignment.objects.get(user=world.kim, child=world.elin, reason="mentor")
    assert old.ends_at is not None and old.end_reason == AssignmentEnd.SOURCE
    assert AssignmentEvent.objects.filter(assignment=old, kind="ended", source="import").exists()
    # Kim's other assignment to Elin (student health) is not the file's to end.
    assert Assignment.objects.active().filter(user=world.kim, child=world.elin).exists()


def test_a_pupil_not_in_the_file_has_left_and_every_school_assignment_ends(staff, rita):
    world = staff
    job = run.start(actor=rita, data=_file(world, [(world.elin, "7B", "mona")]), dry_run=False)
    assert job.assignments["left_school"] == 1  # Saga
    assert not Assignment.objects.active().filter(child=world.saga, unit=world.school_unit).exists()
    assert set(Assignment.objects.filter(child=world.saga).values_list("end_reason", flat=True)) == {"left_school"}


def test_a_dry_run_counts_and_writes_nothing(staff, rita):
    world = staff
    before = set(Assignment.objects.values_list("pk", "ends_at"))
    job = run.start(actor=rita, data=_file(world, [(world.elin, "7B", "tor")]), dry_run=True)
    assert job.status == ChildImport.Status.DONE, job.errors
    assert job.assignments == {"started": 1, "ended": 0, "left_school": 1}
    assert set(Assignment.objects.values_list("pk", "ends_at")) == before
    assert not AssignmentEvent.objects.exists()


@pytest.mark.parametrize(
    ("mentor", "message"),
    [
        ("okand@testskolan.se", "okand@testskolan.se"),
        ("bo", "bo"),  # BUP's clinician works at no school
        ("ada", "ada"),
    ],
)
def test_an_unknown_mentor_refuses_the_whole_file_by_row(staff, rita, mentor, message):
    world = staff
    pupils_before = Child.objects.count()
    data = _file(world, [(world.elin, "7B", "tor"), (world.saga, "7C", mentor)])
    job = run.start(actor=rita, data=data, dry_run=False)
    assert job.status == ChildImport.Status.REFUSED
    assert len(job.errors) == 1 and job.errors[0].startswith("Rad 3") and message in job.errors[0]
    assert not Assignment.objects.filter(reason="mentor").exists(), "all or nothing"
    world.elin.refresh_from_db()
    assert world.elin.school_class == "" and Child.objects.count() == pupils_before


def test_a_protected_pupils_new_mentor_needs_the_importers_clearance(staff, rita):
    world = staff
    world.rita.clearances.update(revoked_at=world.saga.created_at)
    job = run.start(
        actor=rita, data=_file(world, [(world.elin, "7B", "tor"), (world.saga, "7B", "tor")]), dry_run=False
    )
    assert job.status == ChildImport.Status.REFUSED and "Rad 3" in job.errors[0]
    assert not Assignment.objects.filter(reason="mentor").exists()


def test_a_file_without_a_mentor_column_leaves_assignments_alone(world, rita):
    before = set(Assignment.objects.values_list("pk", "ends_at"))
    data = f"personnummer;fornamn;efternamn\n{world.elin.identity_number};Elin;Berg".encode()
    job = run.start(actor=rita, data=data, dry_run=False)
    assert job.status == ChildImport.Status.DONE and job.assignments == {}
    assert set(Assignment.objects.values_list("pk", "ends_at")) == before
