"""The pages: who sees what (the access matrix), what they show, and how many statements they take."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lots.access.secrecy import InformationKind
from lots.access.tests.factories import ConsentFactory
from lots.attendance import services
from lots.attendance.models import AbsenceImport, Signal
from lots.attendance.tests.conftest import csv_of, day_rows, school_days
from lots.attendance.tests.test_signals import absent
from lots.audit.models import AuditEntry as AccessLog
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UserFactory
from lots.people.tests.factories import ChildFactory
from lots.routines.tests.factories import routine_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def elin_absent(world):
    absent(world, world.elin, 0.5)
    services.raise_signals()
    return world.elin


def _panel(response) -> bool:
    return 'id="absence-h"' in response.content.decode()


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("mona", True),  # assigned at the school
        ("kim", True),  # assigned (student health)
        ("rita", True),  # the head teacher of the pupil's school
        ("sam", False),  # social services, assigned there, no consent naming attendance
        ("bo", False),  # BUP, likewise
    ],
)
def test_who_sees_the_absence_on_the_childs_page(world, signed_in, elin_absent, who, sees):
    response = signed_in(getattr(world, who)).get(f"/barn/{world.elin.pk}/")
    assert response.status_code == 200
    assert _panel(response) is sees


def test_a_consent_naming_attendance_lets_social_services_see_it(world, signed_in, elin_absent):
    ConsentFactory(
        child=world.elin, agencies=[world.school, world.social], information_kinds=int(InformationKind.ATTENDANCE)
    )
    assert _panel(signed_in(world.sam).get(f"/barn/{world.elin.pk}/"))


def test_a_consent_without_attendance_does_not(world, signed_in, elin_absent):
    ConsentFactory(child=world.elin, agencies=[world.school, world.social], information_kinds=int(InformationKind.PLAN))
    assert not _panel(signed_in(world.sam).get(f"/barn/{world.elin.pk}/"))


def test_the_panel_draws_the_chart_with_its_table_and_the_read_is_logged(world, signed_in, elin_absent):
    before = AccessLog.objects.filter(record_type="attendance.absence").count()
    page = signed_in(world.mona).get(f"/barn/{world.elin.pk}/").content.decode()
    assert "<svg" in page and "absence-chart-title" in page and "Diagrammets siffror" in page
    assert "50,0 %" in page
    assert AccessLog.objects.filter(record_type="attendance.absence", child_id=world.elin.pk).count() == before + 1


def test_the_head_teachers_list(world, signed_in, elin_absent, django_assert_max_num_queries):
    for _ in range(4):
        absent(world, ChildFactory(school_unit=world.school_unit), 0.2)
    services.raise_signals()
    client = signed_in(world.rita)
    client.get("/franvaro/")  # warm: the session and the membership
    with django_assert_max_num_queries(15):
        response = client.get("/franvaro/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Elin Berg" in page and "5 elever" in page


def test_the_list_takes_the_same_statements_for_more_pupils(world, signed_in, elin_absent, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.rita)
    client.get("/franvaro/")
    with CaptureQueriesContext(connection) as few:
        client.get("/franvaro/")
    for _ in range(6):
        absent(world, ChildFactory(school_unit=world.school_unit), 0.2)
    services.raise_signals()
    with CaptureQueriesContext(connection) as many:
        client.get("/franvaro/")
    assert len(many) == len(few)


def _statements(client, path: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_childs_absence_takes_five_statements_whatever_its_days_and_signals(world, signed_in):
    """The panel's reads: the policy once per pupil, agency and school, the latest row (with its
    ground, for the log), the figures and the chart from one grouped read, the signals, the
    municipality's thresholds. Neither more days nor more signals add a statement (no read per
    signal or per child for the log)."""
    from lots.access import policy
    from lots.attendance import selectors
    from lots.organisations.actor import Actor
    from lots.organisations.models import Membership

    absent(world, world.elin, 0.05)
    actor = Actor(world.rita, Membership.objects.select_related("unit__agency").get(user=world.rita))
    client = signed_in(world.rita)
    client.get(f"/barn/{world.elin.pk}/")
    few = _statements(client, f"/barn/{world.elin.pk}/")
    absent(world, world.elin, 0.5, whole_days=12)  # twenty days, every level crossed: three signals
    services.raise_signals()
    assert Signal.objects.filter(child=world.elin).count() == 3
    many = _statements(client, f"/barn/{world.elin.pk}/")
    assert len(many) == len(few)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured, policy.one_page(actor):
        found = selectors.child_absence(actor, world.elin.pk)
    reads = [q["sql"] for q in captured.captured_queries if "audit_" not in q["sql"]]
    assert len(reads) == 5, reads  # and the log's write (one statement on PostgreSQL, two on SQLite)
    assert found is not None and found.figures.days_in_row == 12 and len(found.signals) == 3


def test_a_teacher_sees_no_list_and_no_import(world, signed_in, elin_absent):
    client = signed_in(world.tor)
    page = client.get("/franvaro/").content.decode()
    assert "Elin" not in page
    assert client.get("/franvaro/import/").status_code == 404


def test_the_signal_page_is_404_for_those_without_a_ground(world, signed_in, elin_absent):
    signal = Signal.objects.get(level="mentor")
    assert signed_in(world.sam).get(f"/franvaro/signal/{signal.pk}/").status_code == 404
    assert signed_in(world.tor).get(f"/franvaro/signal/{signal.pk}/").status_code == 404
    assert signed_in(world.mona).get(f"/franvaro/signal/{signal.pk}/").status_code == 200


def test_the_head_teacher_starts_the_routine_from_the_signal(
    world, signed_in, elin_absent, django_assert_max_num_queries
):
    routine_with_steps(world.school.principal)
    signal = Signal.objects.get(level="routine")
    client = signed_in(world.rita)
    client.get(f"/franvaro/signal/{signal.pk}/")
    with django_assert_max_num_queries(30):
        page = client.get(f"/franvaro/signal/{signal.pk}/").content.decode()
    assert "Starta rutinen" in page and "7 kap. 19 a §" in page
    response = client.post(f"/franvaro/signal/{signal.pk}/starta-rutin/")
    signal.refresh_from_db()
    assert response.status_code == 302 and response.url == f"/rutiner/resa/{signal.journey_id}/"


def test_upload_preview_confirm_and_progress(world, signed_in):
    client = signed_in(world.rita)
    data = csv_of(day_rows(world.elin, school_days(__import__("datetime").date(2026, 9, 14), 3)))
    response = client.post("/franvaro/import/", {"file": SimpleUploadedFile("f.csv", data), "dry_run": "on"})
    job = AbsenceImport.objects.get()
    assert response.status_code == 302 and response.url == f"/franvaro/import/{job.pk}/"
    page = client.get(response.url).content.decode()
    assert "Rader att lägga till" in page and "Importera filen nu" in page
    status = client.get(f"/franvaro/import/{job.pk}/lage/")
    assert status.status_code == 200 and status["HX-Refresh"] == "true"
    response = client.post(f"/franvaro/import/{job.pk}/bekrafta/")
    assert AbsenceImport.objects.filter(dry_run=False, status="done", added=3).exists()
    assert signed_in(world.mona).get(f"/franvaro/import/{job.pk}/").status_code == 404


def test_a_bad_upload_says_why_in_swedish(world, signed_in):
    response = signed_in(world.rita).post("/franvaro/import/", {"file": SimpleUploadedFile("f.csv", b"")})
    assert response.status_code == 400 and "Den skickade filen var tom." in response.content.decode()


def test_a_file_over_the_limit_is_refused_and_nothing_is_imported(world, signed_in, settings):
    settings.LOTS_ATTENDANCE_MAX_BYTES = 1024 * 1024
    data = b"x" * (1024 * 1024 + 1)
    response = signed_in(world.rita).post("/franvaro/import/", {"file": SimpleUploadedFile("f.csv", data)})
    assert response.status_code == 400 and "Filen är för stor: högst 1 MB." in response.content.decode()
    assert not AbsenceImport.objects.exists()


def test_the_thresholds_page_is_the_administrators(world, signed_in):
    admin = UserFactory()
    MembershipFactory(user=admin, unit=world.school_unit, role=Role.ADMINISTRATOR)
    client = signed_in(admin)
    assert client.get("/franvaro/granser/").status_code == 200
    response = client.post(
        "/franvaro/granser/",
        {"mentor_percent": 30, "student_health_percent": 15, "routine_percent": 40, "routine_days": 10},
    )
    assert response.status_code == 400 and "Gränserna måste stiga" in response.content.decode()
    response = client.post(
        "/franvaro/granser/",
        {"mentor_percent": 8, "student_health_percent": 15, "routine_percent": 40, "routine_days": 10},
    )
    assert response.status_code == 302
    assert services.thresholds_for(world.school.principal.pk).mentor_percent == 8
    assert signed_in(world.rita).get("/franvaro/granser/").status_code == 404


def test_the_head_teacher_may_decide_not_to_start_it_now_and_others_may_not_decide(world, signed_in, elin_absent):
    routine_with_steps(world.school.principal)
    signal = Signal.objects.get(level="routine")
    signed_in(world.kim).post(f"/franvaro/signal/{signal.pk}/avsta/")
    signal.refresh_from_db()
    assert signal.decided_at is None
    response = signed_in(world.rita).post(f"/franvaro/signal/{signal.pk}/avsta/", follow=True)
    signal.refresh_from_db()
    assert signal.decided_by == world.rita and signal.journey_id is None
    assert "inte starta rutinen nu" in response.content.decode()
