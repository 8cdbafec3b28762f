"""Thresholds that fire once, to the right people, with no person data; the head teacher's decision."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lots.access.models import Assignment
from lots.access.tests.factories import AssignmentFactory
from lots.attendance import services, terms
from lots.attendance.models import Absence, Signal, Thresholds
from lots.attendance.tests.conftest import school_days
from lots.notifications.models import Notification
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UserFactory
from lots.routines.models import Journey
from lots.routines.tests.factories import routine_with_steps

pytestmark = pytest.mark.django_db


def absent(world, child, share: float, *, whole_days: int = 0):
    """Twenty school days up to today, `share` of each day's 300 minutes absent (invalid), the
    last `whole_days` absent in full."""
    days = school_days(timezone.localdate(), 20)
    Absence.objects.filter(child=child).delete()
    Absence.objects.bulk_create(
        Absence(
            child=child,
            unit=world.school_unit,
            agency=world.school,
            day=d,
            scheduled_minutes=300,
            invalid_minutes=300 if n >= 20 - whole_days else int(300 * share),
        )
        for n, d in enumerate(days)
    )
    terms.rebuild(first=days[0], last=days[-1], unit_id=world.school_unit.pk)  # as an import would


@pytest.fixture
def mentor(world):
    AssignmentFactory(user=world.tor, unit=world.school_unit, child=world.elin, reason=Assignment.Reason.MENTOR)
    return world.tor


def test_each_threshold_fires_once_to_its_role(world, mentor):
    absent(world, world.elin, 0.12)
    assert services.raise_signals() == 1
    signal = Signal.objects.get()
    assert (signal.level, signal.child, signal.unit, str(signal.percent)) == (
        "mentor",
        world.elin,
        world.school_unit,
        "12.0",
    )
    [note] = Notification.objects.all()
    assert (note.recipient, note.kind, note.url) == (mentor, "attendance.mentor", f"/franvaro/signal/{signal.pk}/")
    assert services.raise_signals() == 0  # the next night: nothing again
    assert Notification.objects.count() == 1
    absent(world, world.elin, 0.16)
    assert services.raise_signals() == 1
    team = Notification.objects.get(kind="attendance.student_health")
    assert team.recipient == world.kim  # the school's kurator


def test_the_routine_level_goes_to_the_head_teacher_and_ten_days_in_a_row_reach_it(world, mentor):
    absent(world, world.elin, 0.0, whole_days=10)
    services.raise_signals()
    levels = set(Signal.objects.values_list("level", flat=True))
    assert "routine" in levels
    note = Notification.objects.get(kind="attendance.routine")
    assert note.recipient == world.rita


def test_a_municipality_sets_its_own_thresholds(world, mentor):
    absent(world, world.elin, 0.12)
    Thresholds.objects.create(
        principal=world.school.principal,
        mentor_percent=20,
        student_health_percent=25,
        routine_percent=40,
        routine_days=15,
    )
    assert services.raise_signals() == 0


def test_notifications_carry_no_person_data(world, mentor):
    absent(world, world.elin, 0.5)
    services.raise_signals()
    for note in Notification.objects.all():
        text = f"{note.url} {note.dedupe_key} {note.get_kind_display() if hasattr(note, 'get_kind_display') else ''}"
        for secret in (world.elin.first_name, world.elin.last_name, world.elin.identity_number):
            assert secret not in text


def test_many_signals_at_once_give_one_notification_per_person_and_level(world, mentor):
    from lots.people.tests.factories import ChildFactory

    pupils = [ChildFactory(school_unit=world.school_unit) for _ in range(3)]
    for child in pupils:
        absent(world, child, 0.5)
    assert services.raise_signals() == 9
    to_rita = Notification.objects.filter(recipient=world.rita, kind="attendance.routine")
    assert [n.url for n in to_rita] == ["/franvaro/signaler/"]


def test_setting_thresholds_is_for_the_municipalitys_administrator(world):
    admin = UserFactory()
    MembershipFactory(user=admin, unit=world.school_unit, role=Role.ADMINISTRATOR)
    actor = world.actor(admin)
    services.set_thresholds(
        actor=actor,
        principal=world.school.principal,
        mentor_percent=8,
        student_health_percent=12,
        routine_percent=25,
        routine_days=8,
    )
    assert services.thresholds_for(world.school.principal.pk).mentor_percent == 8
    with pytest.raises(ValidationError):
        services.set_thresholds(
            actor=actor,
            principal=world.school.principal,
            mentor_percent=20,
            student_health_percent=12,
            routine_percent=25,
            routine_days=8,
        )
    with pytest.raises(PermissionDenied):
        services.set_thresholds(
            actor=world.actor(world.rita),
            principal=world.school.principal,
            mentor_percent=8,
            student_health_percent=12,
            routine_percent=25,
            routine_days=8,
        )


@pytest.fixture
def routine_signal(world, mentor):
    routine_with_steps(world.school.principal)
    absent(world, world.elin, 0.5)
    services.raise_signals()
    return Signal.objects.get(level="routine")


def test_the_head_teacher_starts_the_proposed_routine_with_one_click(world, routine_signal):
    journey = services.start_routine(actor=world.actor(world.rita), signal=routine_signal)
    assert Journey.objects.get() == journey and journey.child == world.elin
    routine_signal.refresh_from_db()
    assert (routine_signal.journey_id, routine_signal.decided_by) == (journey.pk, world.rita)
    with pytest.raises(ValidationError):
        services.start_routine(actor=world.actor(world.rita), signal=routine_signal)


def test_only_the_head_teacher_decides(world, routine_signal):
    with pytest.raises(PermissionDenied):
        services.start_routine(actor=world.actor(world.kim), signal=routine_signal)
    assert not Journey.objects.exists()


def test_the_investigation_and_report_are_recorded_in_order(world, routine_signal):
    actor, today = world.actor(world.rita), timezone.localdate()
    assert services.investigation_due(routine_signal) == routine_signal.raised_on + dt.timedelta(days=14)
    with pytest.raises(ValidationError):
        services.record_investigation(actor=actor, signal=routine_signal, reported_on=today)
    services.record_investigation(actor=actor, signal=routine_signal, investigated_on=today)
    services.record_investigation(actor=actor, signal=routine_signal, reported_on=today)
    routine_signal.refresh_from_db()
    assert (routine_signal.investigated_by, routine_signal.reported_by) == (world.rita, world.rita)
    with pytest.raises(ValidationError):
        services.record_investigation(actor=actor, signal=routine_signal, reported_on=today)
