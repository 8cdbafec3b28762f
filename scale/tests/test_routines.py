"""The routines step on a small data set: routines per principal with history and valid graphs,
read by part of the staff they concern; journeys in every state, seen by those who follow them
through the routines app's own selectors, and in step with the daily scan."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.db.models import Count, Max, Q

import scale
from lots.access import policy
from lots.access.models import Assignment
from lots.audit.models import AuditEntry
from lots.audit.verify import verify_chain
from lots.organisations.models import Membership, Principal
from lots.organisations.roles import Role
from lots.people.identity import age_on
from lots.people.models import Child
from lots.routines import graph, selectors
from lots.routines.models import (
    ACTIVE_STEP_STATUSES,
    Acknowledgement,
    Branch,
    Handover,
    Journey,
    JourneyStatus,
    JourneyStep,
    Routine,
    RoutineVersion,
    StepStatus,
    VersionStatus,
)
from lots.routines.services import daily, versions
from lots.routines.services._common import concerned_memberships
from scale import journeys as scale_journeys
from scale.sink import Progress
from scale.tests.test_apps import _actor

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 10, 14)
CHILDREN = 2000


@pytest.fixture
def built():
    with time_machine.travel(NOW, tick=False):
        yield scale.build(children=CHILDREN, seed=11, now=NOW, progress=Progress(enabled=False))


def test_each_principal_publishes_a_handful_of_routines_with_history_and_valid_graphs(built):
    for principal in Principal.objects.all():
        routines = Routine.objects.filter(principal=principal)
        assert 3 <= routines.count() <= 6
        for routine in routines:
            assert routine.versions.filter(status=VersionStatus.PUBLISHED).count() == 1
            assert routine.editors.count() == 2
    statuses = Counter(RoutineVersion.objects.values_list("status", flat=True))
    assert statuses[VersionStatus.SUPERSEDED] and statuses[VersionStatus.DRAFT]
    assert statuses[VersionStatus.DRAFT] < statuses[VersionStatus.PUBLISHED] / 3
    for version in RoutineVersion.objects.all():
        assert 4 <= version.steps.count() <= 8
        graph.check(versions.nodes_of(version), publishing=True)  # the editor would publish it as it is
        assert not version.steps.filter(responsible_role="").exists()
    assert Branch.objects.exclude(condition="").exists()
    for old in RoutineVersion.objects.filter(status=VersionStatus.SUPERSEDED):
        newer = old.routine.versions.get(number=old.number + 1)
        assert old.published_at < newer.published_at and newer.changes
        days = {s.key: s.deadline_days for s in newer.steps.all()}
        longer = [s.key for s in old.steps.all() if s.deadline_days != days[s.key]]
        assert len(longer) == 1 and old.steps.get(key=longer[0]).deadline_days > days[longer[0]]


def test_part_of_the_staff_a_version_concerns_have_read_it(built):
    all_concerned = all_read = 0
    for version in RoutineVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("routine"):
        concerned = set(concerned_memberships(version).values_list("user_id", flat=True))
        read = list(version.acknowledgements.values_list("user_id", "read_at"))
        assert read and {user for user, _ in read} <= concerned
        assert all(version.published_at <= at <= NOW for _, at in read)
        all_concerned, all_read = all_concerned + len(concerned), all_read + len(read)
    assert 0.3 * all_concerned < all_read < 0.95 * all_concerned
    assert not Acknowledgement.objects.filter(version__status=VersionStatus.DRAFT).exists()


def test_a_few_percent_of_the_children_follow_a_routine_mostly_in_its_ages(built):
    journeys = list(Journey.objects.select_related("routine", "version", "child", "unit"))
    assert 0.02 * CHILDREN <= len({j.child_id for j in journeys}) <= 0.08 * CHILDREN
    assert {j.status for j in journeys} == set(JourneyStatus.values)
    assert Journey.objects.filter(version__status=VersionStatus.SUPERSEDED).exists()
    for journey in journeys:
        rule = scale_journeys.RULES[journey.routine.name]
        assert age_on(journey.child.date_of_birth, TODAY) in rule.ages
        assert journey.version.status != VersionStatus.DRAFT and journey.version.published_at <= journey.started_at
        assert journey.unit.agency_id == journey.agency_id and journey.started_at <= NOW
    pupils = Child.objects.filter(date_of_birth__lte=dt.date(2020, 10, 14))
    on_absence = {j.child_id for j in journeys if j.routine.name == "Problematisk skolfrånvaro"}
    assert len(on_absence) > 0.01 * pupils.count()


def test_journey_steps_stand_as_the_services_would_leave_them(built):
    statuses = Counter(JourneyStep.objects.values_list("status", flat=True))
    assert set(statuses) == set(StepStatus.values)
    assert JourneyStep.objects.filter(status__in=ACTIVE_STEP_STATUSES, due_on__lt=TODAY).exists()  # overdue
    assert not JourneyStep.objects.filter(status=StepStatus.PENDING, entered_at__isnull=False).exists()
    assert not JourneyStep.objects.filter(status=StepStatus.SKIPPED, reason="").exists()
    done = JourneyStep.objects.filter(status__in=[StepStatus.COMPLETED, StepStatus.SKIPPED])
    assert not done.filter(completed_at__isnull=True).exists() and not done.filter(days_in_step__isnull=True).exists()
    assert all(js.completed_at >= js.entered_at for js in done.only("completed_at", "entered_at"))
    active = Counter(JourneyStep.objects.filter(status__in=ACTIVE_STEP_STATUSES).values_list("journey_id", flat=True))
    open_ids = set(Journey.objects.filter(status=JourneyStatus.OPEN).values_list("pk", flat=True))
    assert set(active) == open_ids and set(active.values()) == {1}
    for journey in Journey.objects.filter(status=JourneyStatus.COMPLETED).annotate(last=Max("steps__completed_at")):
        assert journey.ended_at == journey.last
    pending = Handover.objects.filter(accepted_at__isnull=True)
    assert set(pending.values_list("step__status", flat=True)) == {StepStatus.HANDED_OVER}
    accepted = Handover.objects.filter(accepted_at__isnull=False).select_related("step")
    assert accepted and all(h.step.owner_agency_id == h.to_agency_id != h.from_agency_id for h in accepted)
    with time_machine.travel(NOW, tick=False):
        assert daily.raise_unowned(now=NOW) == daily.Raised(0, 0)  # the daily scan finds everything already raised


def test_the_starter_and_the_receiving_agency_see_the_journey_through_the_selectors(built):
    with time_machine.travel(NOW, tick=False):
        for journey in Journey.objects.order_by("pk"):
            assert (
                Assignment.objects.active(NOW)
                .filter(user_id=journey.started_by_id, child_id=journey.child_id, unit__agency_id=journey.agency_id)
                .exists()
            )
            starter = _actor(journey.started_by_id)
            rows = selectors.journeys_of_child(starter, journey.child_id)
            assert journey.pk in {row.journey.pk for row in rows}
            page = selectors.journey_page(starter, journey.pk)
            assert {js.pk for js in page.steps} == set(journey.steps.values_list("pk", flat=True))
        accepted = Handover.objects.filter(accepted_at__isnull=False)
        for handover in accepted.select_related("step")[:40]:
            actor = _actor(handover.accepted_by_id)
            page = selectors.journey_page(actor, handover.step.journey_id)
            theirs = Handover.objects.filter(
                Q(accepted_by=actor.user) | Q(accepted_at__isnull=True, to_unit=actor.unit_id),
                step__journey=handover.step.journey_id,
            )
            assert {js.pk for js in page.steps} == set(theirs.values_list("step_id", flat=True))  # nothing else
        for handover in Handover.objects.filter(accepted_at__isnull=True).select_related("step"):
            receiving = Membership.objects.filter(unit=handover.to_unit_id).first()
            seen = policy.visible_to(_actor(receiving.user_id), JourneyStep.objects.filter(pk=handover.step_id))
            assert seen.exists()  # waiting in the receiving unit's hands
        outsider = Membership.objects.filter(role=Role.PRIMARY_CARE_CLINICIAN).first()
        assert not policy.visible_to(_actor(outsider.user_id), Journey.objects.all()).exists()


def test_the_followers_reads_are_in_the_log_and_the_chain_holds(built):
    reads = AuditEntry.objects.filter(record_type="routines.journey")
    journeys = Journey.objects.count()
    assert journeys <= reads.count() <= 6 * journeys
    assert reads.filter(action="create").count() == journeys
    followers = set(Journey.objects.values_list("started_by_id", flat=True)) | set(
        Handover.objects.exclude(accepted_by=None).values_list("accepted_by_id", flat=True)
    )
    assert set(reads.values_list("user_id", flat=True)) <= followers
    per_journey = reads.values("record_id").annotate(n=Count("id"))
    assert max(row["n"] for row in per_journey) > 1
    assert verify_chain() == (AuditEntry.objects.count(), [])
