"""The catalogue, plans and intake steps on a small data set: every state, the policy's answers,
deadlines kept and missed, searchable entries, and the same data for the same seed (routines
too; their own cases are in test_routines.py)."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Count

import scale
from lots.audit.models import AuditEntry
from lots.audit.verify import verify_chain
from lots.catalogue import selectors as catalogue
from lots.catalogue.models import Intervention
from lots.intake import deadlines
from lots.intake import selectors as intake
from lots.intake.models import ConcernReport, EntryPoint, HelpRequest, ReportStatus, RequestStatus
from lots.organisations.actor import Actor
from lots.organisations.models import Membership
from lots.plans.models import ParticipantKind, Sip, SipAction, SipMeeting, SipParticipant, Status
from lots.plans.selectors.page import plan_page
from lots.routines.models import Acknowledgement, Handover, Journey, JourneyStep, RoutineVersion
from scale import catalogue as scale_catalogue
from scale import plans as scale_plans
from scale.sink import Progress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)
CHILDREN = 600


@pytest.fixture
def built():
    with time_machine.travel(NOW, tick=False):
        yield scale.build(children=CHILDREN, seed=11, now=NOW, progress=Progress(enabled=False))


def _actor(user_id: int) -> Actor:
    membership = Membership.objects.select_related("unit__agency__principal", "user").get(user_id=user_id)
    return Actor(user=membership.user, membership=membership)


def test_every_row_keeps_the_databases_constraints_and_the_chain_stays_whole(built):
    connection.check_constraints()  # foreign keys (SQLite checks CHECK and UNIQUE on insert)
    assert list(built.step_seconds) == [name for name, _module in scale.STEPS]
    assert verify_chain() == (AuditEntry.objects.count(), [])
    assert AuditEntry.objects.filter(record_type="plans.sip").count() >= Sip.objects.count()
    assert AuditEntry.objects.filter(record_type="intake.concernreport").exists()


def test_sips_come_in_every_state_mostly_established_or_followed_up(built):
    statuses = Counter(Sip.objects.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert sum(statuses.values()) == round(CHILDREN * scale_plans.SIP_SHARE)
    assert statuses[Status.ESTABLISHED] + statuses[Status.FOLLOWED_UP] >= sum(statuses.values()) / 3
    assert Sip.objects.filter(status=Status.ESTABLISHED, lead_user__isnull=False).exists()
    assert SipMeeting.objects.filter(held_at__isnull=False).exists()
    assert SipMeeting.objects.filter(held_at__isnull=True, starts_at__gt=NOW).exists()
    assert SipAction.objects.filter(intervention__isnull=False).exists()  # the catalogue ran first
    staff = SipParticipant.objects.filter(kind=ParticipantKind.STAFF)
    staffed = staff.values("sip").annotate(n=Count("agency", distinct=True))
    assert max(row["n"] for row in staffed) >= 3


def test_the_requester_and_the_participants_open_their_plans_through_the_selectors(built):
    with time_machine.travel(NOW, tick=False):
        for sip in Sip.objects.order_by("pk"):
            assert plan_page(_actor(sip.requested_by_id), sip.pk).sip.pk == sip.pk
            if sip.status in (Status.CLOSED, Status.CANCELLED):
                continue  # the participants' need to know ended with the plan
            for participant in SipParticipant.objects.filter(sip=sip, kind=ParticipantKind.STAFF):
                page = plan_page(_actor(participant.user_id), sip.pk)
                assert page.sip.pk == sip.pk


def test_concern_reports_have_every_status_and_deadlines_both_kept_and_missed(built):
    reports = list(ConcernReport.objects.all())
    assert len(reports) == round(CHILDREN * 0.15)
    assert {r.status for r in reports} == set(ReportStatus.values)
    decided = [(r.decided_at.date(), deadlines.report_deadlines(r)[1].due) for r in reports if r.decided_at]
    decided_late = [on for on, due in decided if on > due]
    decided_in_time = [on for on, due in decided if on <= due]
    assert decided_late and len(decided_in_time) > 5 * len(decided_late)
    for report in reports:  # the queue's stored next deadline is the one the app computes
        upcoming = deadlines.next_open(deadlines.report_deadlines(report))
        assert report.next_deadline_on == (upcoming.due if upcoming else None)
    reception = ConcernReport.objects.order_by("pk").values_list("decided_by_id", flat=True).exclude(decided_by=None)
    with time_machine.travel(NOW, tick=False):
        _page, rows = intake.reception_queue(_actor(reception[0]))
    assert rows


def test_help_requests_come_through_each_municipalitys_entry_point(built):
    assert EntryPoint.objects.count() == built.plan.municipalities
    assert {r.status for r in HelpRequest.objects.all()} == set(RequestStatus.values)
    assert HelpRequest.objects.filter(status=RequestStatus.FORWARDED, accept_due_on__isnull=False).exists()


def test_the_catalogue_lists_sixty_entries_per_municipality_and_they_are_found(built):
    plan = built.plan
    expected = plan.municipalities * scale_catalogue.PER_MUNICIPALITY + plan.regions * scale_catalogue.PER_REGION
    assert Intervention.objects.count() == expected
    assert Intervention.objects.filter(need_count=0).count() < expected / 10
    staff = catalogue.search(text="föräldrastöd")
    public = catalogue.search(text="föräldrastöd", public=True)
    assert staff.hits and public.hits
    assert all(hit.intervention.published for hit in public.hits)


def _snapshot():
    return (
        list(Sip.objects.order_by("pk").values_list("child_id", "status", "requested_by_id", "follow_up_on")),
        list(ConcernReport.objects.order_by("pk").values_list("child_id", "status", "received_at", "decided_at")),
        list(Intervention.objects.order_by("pk").values_list("agency_id", "name", "published")),
        list(RoutineVersion.objects.order_by("pk").values_list("routine__name", "status", "published_at")),
        list(Acknowledgement.objects.order_by("pk").values_list("user_id", "version_id", "read_at")),
        list(Journey.objects.order_by("pk").values_list("child_id", "version_id", "started_by_id", "started_at")),
        list(JourneyStep.objects.order_by("pk").values_list("status", "owner_user_id", "due_on", "completed_at")),
        list(Handover.objects.order_by("pk").values_list("step_id", "to_unit_id", "accepted_by_id")),
        list(AuditEntry.objects.filter(record_type="routines.journey").order_by("pk").values_list("hash", flat=True)),
    )


def test_the_same_seed_gives_the_same_plans_reports_entries_and_journeys():
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            scale.build(children=200, seed=5, now=NOW, progress=Progress(enabled=False))
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert all(snapshots[0])
