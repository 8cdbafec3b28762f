"""Which children a pupil import may touch (issue 19): only the importer's own school's pupils,
and children not yet in Lots, created at the importer's school. Rita is the rektor of
Testskolan; Nils goes to another school of the same municipality, Vera to a school in another
municipality and has protected identity, Kalle is known only from a concern report. A row
naming any of them is refused, with one message whatever the reason, in a preview too; the
refusal is logged as a denied attempt; nothing in the file gives anyone custody."""

import pytest
from django.utils import translation

from lots.audit.models import AuditEntry
from lots.interop.imports import run
from lots.interop.models import ChildImport
from lots.interop.tests.pupil_files import as_csv, pupil
from lots.organisations.tests.factories import AgencyFactory, PrincipalFactory, UnitFactory
from lots.people.models import Child, RelatedPerson, Relationship
from lots.people.tests.factories import ChildFactory, RelatedPersonFactory

pytestmark = pytest.mark.django_db

OTHER_CODE = "22223333"
FAR_CODE = "44445555"


@pytest.fixture
def others(world):
    """Children Rita's school does not have."""
    neighbour = UnitFactory(agency=world.school, name="Grannskolan", school_unit_code=OTHER_CODE)
    elsewhere = PrincipalFactory(name="Fjärrby kommun", region=world.school.principal.region)
    far_school = UnitFactory(agency=AgencyFactory(principal=elsewhere), name="Fjärrskolan", school_unit_code=FAR_CODE)
    return {
        "nils": ChildFactory(first_name="Nils", last_name="Granne", school_unit=neighbour, school_year="5"),
        "vera": ChildFactory(first_name="Vera", last_name="Skyddad", school_unit=far_school, protected=True),
        "kalle": ChildFactory(first_name="Kalle", last_name="Anmäld", school_unit=None),
    }


def _snapshot(child: Child) -> tuple:
    child.refresh_from_db()
    return (child.first_name, child.last_name, child.school_unit_id, child.school_year, child.relationships.count())


def _import(rita, rows, *, dry_run=False) -> ChildImport:
    with translation.override("sv"):
        return run.start(actor=rita, data=as_csv(rows), dry_run=dry_run)


@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize("name", ["nils", "vera", "kalle"])
def test_a_row_naming_a_child_of_another_school_is_refused_and_changes_nothing(world, rita, others, name, dry_run):
    child = others[name]
    before = _snapshot(child)
    job = _import(rita, [pupil(1), pupil(2, number=child.identity_number)], dry_run=dry_run)
    assert job.status == ChildImport.Status.REFUSED
    assert job.errors == [
        "Rad 3: din skolas import får inte lägga till eller ändra den här eleven; fråga din administratör för Lots"
    ]
    assert job.outcomes == [] and (job.created, job.updated, job.unchanged) == (0, 0, 0)
    assert _snapshot(child) == before
    assert not Child.objects.filter(first_name="Elev1").exists(), "all or nothing"


def test_the_refusal_is_the_same_whatever_the_child_and_whether_the_name_matches(world, rita, others):
    """No oracle: the answer for a child out of reach says nothing of where the child is, whether
    the child is protected, or whether the name on the row is the child's."""
    answers = set()
    for child in others.values():
        for first_name in (child.first_name, "Fel"):
            row = pupil(1, number=child.identity_number)
            row[1], row[2] = first_name, child.last_name
            for dry_run in (True, False):
                answers.add(tuple(_import(rita, [row], dry_run=dry_run).errors))
    assert len(answers) == 1


def test_a_row_naming_another_school_gets_one_answer_whether_the_child_exists_or_not(world, rita, others):
    exists = pupil(1, number=others["nils"].identity_number)
    new = pupil(2)
    for row in (exists, new):
        row[3] = OTHER_CODE
    answers = {tuple(_import(rita, [row]).errors) for row in (exists, new)}
    assert answers == {("Rad 2: skolenhetskoden är inte din skolas",)}
    assert not Child.objects.filter(first_name="Elev2").exists()


def test_each_refused_child_is_logged_as_a_denied_attempt(world, rita, others):
    _import(rita, [pupil(1, number=others["vera"].identity_number)], dry_run=True)
    denied = AuditEntry.objects.filter(action="denied", user_id=world.rita.pk, record_type="people.child")
    assert list(denied.values_list("record_id", flat=True)) == [str(others["vera"].pk)]


def test_the_own_schools_pupils_are_updated_a_protected_one_too(world, rita, others):
    job = _import(rita, [pupil(1, number=world.elin.identity_number), pupil(2, number=world.saga.identity_number)])
    assert job.status == ChildImport.Status.DONE, job.errors
    assert job.updated == 2
    world.saga.refresh_from_db()
    assert world.saga.first_name == "Elev2" and world.saga.school_unit == world.school_unit


def test_a_new_pupil_without_a_school_code_is_created_at_the_importers_school(world, rita):
    row = pupil(1)
    row[3] = ""
    job = _import(rita, [row])
    assert job.created == 1, job.errors
    assert Child.objects.get(first_name="Elev1").school_unit == world.school_unit


def test_the_file_never_gives_custody_nor_changes_a_guardianship(world, rita):
    """Elin has Gun and Gert with custody. A file naming a stranger as a guardian with custody
    and Gun as without: nobody is added, nothing changes."""
    stranger = RelatedPersonFactory(first_name="Främling")
    row = pupil(1, number=world.elin.identity_number)
    row[5:9] = [stranger.identity_number, "Främling", "Främlingsson", "ja"]
    row[9:13] = [world.gun.identity_number, "Gun", "Berg", "nej"]
    people_before = RelatedPerson.objects.count()
    job = _import(rita, [row])
    assert job.status == ChildImport.Status.DONE, job.errors
    assert RelatedPerson.objects.count() == people_before
    kinds = dict(Relationship.objects.filter(child=world.elin).values_list("person_id", "kind"))
    assert kinds == {world.gun.pk: "guardian", world.gert.pk: "guardian"}
