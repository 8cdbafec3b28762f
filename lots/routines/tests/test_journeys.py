"""Journeys: starting for a visible child, owners and due dates, the actions, escalation."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.core import calendar
from lots.notifications.models import Notification
from lots.routines.models import JourneyStatus, JourneyStep, StepStatus
from lots.routines.services import daily, journeys
from lots.routines.tests.factories import AcknowledgementFactory, routine_with_steps

_now = timezone.now()
#: A Monday morning after the world's assignments began (they start when the test runs).
MONDAY = (_now + dt.timedelta(days=7 - _now.weekday())).replace(hour=9, minute=0, second=0, microsecond=0)


def _steps(journey):
    return {js.step_key: js for js in journey.steps.select_related("step")}


def test_start_needs_a_child_the_actor_can_see(world, absence):
    with pytest.raises(Http404):
        journeys.start_journey(actor=world.actor(world.tor), child=world.elin, version=absence)


@time_machine.travel(MONDAY, tick=False)
def test_start_creates_steps_with_owners_and_due_dates(world):
    version = routine_with_steps(
        world.school.principal,
        [
            {"key": "a", "title": "Kartlägg", "deadline_days": 5, "deadline_kind": "working"},
            {"key": "b", "title": "Möte", "responsible_role": "rektor", "deadline_days": 14},
        ],
    )
    b = version.steps.get(key="b")
    b.relative_to = version.steps.get(key="a")
    b.save()
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=version)
    steps = _steps(journey)
    due_a = calendar.add_working_days(MONDAY.date(), 5)
    assert steps["a"].due_on == due_a and due_a >= MONDAY.date() + dt.timedelta(days=7)
    assert steps["b"].due_on == due_a + dt.timedelta(days=14)
    assert steps["a"].owner_user == world.kim and steps["b"].owner_user is None
    assert steps["a"].status == StepStatus.OPEN and steps["b"].status == StepStatus.PENDING
    assert journey.agency == world.school
    assert AuditEntry.objects.filter(record_type="routines.journey", child_id=world.elin.pk, action="create").exists()


def test_complete_skip_and_finish(world, absence):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    steps = _steps(journey)
    journeys.complete_step(actor=world.actor(world.kim), journey_step=steps["kartlagg"])
    steps = _steps(journey)
    assert steps["kartlagg"].status == StepStatus.COMPLETED and steps["kartlagg"].days_in_step == 0
    assert steps["mote"].status == StepStatus.OPEN
    with pytest.raises(ValidationError):
        journeys.skip_step(actor=world.actor(world.kim), journey_step=steps["mote"], reason=" ")
    journeys.skip_step(actor=world.actor(world.kim), journey_step=steps["mote"], reason="Familjen avböjde")
    journeys.complete_step(actor=world.actor(world.mona), journey_step=_steps(journey)["plan"])
    journey.refresh_from_db()
    assert journey.status == JourneyStatus.COMPLETED
    assert _steps(journey)["mote"].reason == "Familjen avböjde"


def test_staff_who_do_not_know_the_child_cannot_act(world, absence):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    with pytest.raises(Http404):
        journeys.complete_step(actor=world.actor(world.tor), journey_step=_steps(journey)["kartlagg"])
    with pytest.raises(Http404):
        journeys.complete_step(actor=world.actor(world.bo), journey_step=_steps(journey)["kartlagg"])


def test_hand_over_and_accept(world, absence, django_capture_on_commit_callbacks):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    first = _steps(journey)["kartlagg"]
    with django_capture_on_commit_callbacks(execute=True):
        journeys.hand_over(actor=world.actor(world.kim), journey_step=first, to_unit=world.bup_unit, note="BUP tar")
    assert Notification.objects.filter(kind="routines.handover", recipient__in=[world.bo, world.berit]).count() == 2
    with pytest.raises(Http404):  # social services was not handed the step: it does not exist for Sam
        journeys.accept_handover(actor=world.actor(world.sam), journey_step=first)
    journeys.accept_handover(actor=world.actor(world.berit), journey_step=first)
    first.refresh_from_db()
    assert (first.status, first.owner_agency, first.owner_user) == (StepStatus.OPEN, world.bup, world.berit)
    # The home agency can no longer act on it; Berit can.
    with pytest.raises(PermissionDenied):
        journeys.complete_step(actor=world.actor(world.kim), journey_step=first)
    journeys.complete_step(actor=world.actor(world.berit), journey_step=first)
    assert _steps(journey)["mote"].status == StepStatus.OPEN


def test_several_ways_on_need_a_choice(world, branching):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=branching)
    first = _steps(journey)["kartlagg"]
    with pytest.raises(ValidationError):
        journeys.complete_step(actor=world.actor(world.kim), journey_step=first)
    journeys.complete_step(actor=world.actor(world.kim), journey_step=first, next_key="plan")
    steps = _steps(journey)
    assert steps["plan"].status == StepStatus.OPEN and steps["mote"].status == StepStatus.PENDING


def test_unheld_and_overdue_steps_are_raised_then_to_the_steering_group(world, absence, settings):
    from lots.organisations.models import Unit
    from lots.organisations.roles import Role
    from lots.organisations.tests.factories import MembershipFactory, UnitFactory, UserFactory

    steering = UserFactory(username="styr")
    MembershipFactory(
        user=steering,
        unit=UnitFactory(agency=world.school, kind=Unit.Kind.ADMINISTRATION),
        role=Role.STEERING_GROUP_MEMBER,
    )
    with time_machine.travel(MONDAY, tick=False):
        journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
        journeys.complete_step(actor=world.actor(world.kim), journey_step=_steps(journey)["kartlagg"])
    # "mote" is the rektor's: no one holds it. Two days later it is raised to the manager.
    with time_machine.travel(MONDAY + dt.timedelta(days=settings.LOTS_ROUTINES_UNHELD_DAYS, hours=1), tick=False):
        raised = daily.raise_unowned()
        assert (raised.to_managers, raised.to_steering_group) == (1, 0)
        assert daily.raise_unowned().to_managers == 0
    assert Notification.objects.filter(kind="routines.escalated", recipient=world.rita).count() == 1
    later = MONDAY + dt.timedelta(days=settings.LOTS_ROUTINES_UNHELD_DAYS + settings.LOTS_ROUTINES_STEERING_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert daily.raise_unowned().to_steering_group == 1
    assert Notification.objects.filter(kind="routines.escalated", recipient=steering).count() == 1
    assert _steps(journey)["mote"].escalation_level == 2


def test_raising_steps_is_logged_as_the_systems_change_and_reads_managers_once(world, absence, settings):
    """The daily scan goes through the service: each raised step is a log row with no actor, and
    the managers of all the batch's units are read in one query, not once per step."""
    from lots.core.testing import queries_of

    with time_machine.travel(MONDAY, tick=False):
        for child in (world.elin, world.saga):
            journey = journeys.start_journey(actor=world.actor(world.kim), child=child, version=absence)
            journeys.complete_step(actor=world.actor(world.kim), journey_step=_steps(journey)["kartlagg"])
    raised_at = MONDAY + dt.timedelta(days=settings.LOTS_ROUTINES_UNHELD_DAYS, hours=1)
    with time_machine.travel(raised_at, tick=False):
        statements = queries_of(daily.raise_unowned)
    rows = AuditEntry.objects.filter(record_type="routines.journeystep", detail="raised to manager")
    raised = JourneyStep.objects.filter(escalation_level=1)
    assert raised.count() >= 2
    raised_ids = sorted(str(pk) for pk in raised.values_list("pk", flat=True))
    assert sorted(rows.values_list("record_id", flat=True)) == raised_ids
    assert set(rows.values_list("user_id", flat=True)) == {None}
    assert sum('FROM "organisations_membership"' in sql for sql in statements) == 1


def test_a_reminder_goes_once_to_those_who_have_not_read(world, absence, settings):
    AcknowledgementFactory(user=world.kim, version=absence)
    later = absence.published_at + dt.timedelta(days=settings.LOTS_ROUTINES_REMINDER_DAYS, hours=1)
    assert daily.remind_readers(now=later) == 1
    assert daily.remind_readers(now=later) == 0
    assert list(
        Notification.objects.filter(kind="routines.reminder").values_list("recipient__username", flat=True)
    ) == ["rita"]


def test_the_childs_panel_asks_may_start_with_the_journeys(world):
    """With journeys, "may start" comes inside their query; without, on its own: the same answer."""
    from lots.core.testing import queries_of
    from lots.routines import selectors
    from lots.routines.models import RoutineVersion, VersionStatus
    from lots.routines.services import journeys as journey_services
    from lots.routines.tests.factories import routine_with_steps

    kim = world.actor(world.kim)
    version = routine_with_steps(world.school.principal)
    assert selectors.child_panel(kim, world.elin.pk) == ([], True)
    journey_services.start_journey(actor=kim, child=world.elin, version=version)
    found = []
    queries = queries_of(lambda: found.append(selectors.child_panel(kim, world.elin.pk)))
    ((rows, may_start),) = found
    assert [row.journey.version_id for row in rows] == [version.pk] and may_start is True
    assert not any("routines_routineversion" in sql and "LIMIT 1" in sql and "journey" not in sql for sql in queries)
    RoutineVersion.objects.update(status=VersionStatus.SUPERSEDED)
    assert selectors.child_panel(kim, world.elin.pk)[1] is False
    assert selectors.child_panel(kim, world.saga.pk) == ([], False)
