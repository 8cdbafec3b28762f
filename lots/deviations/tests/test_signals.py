"""Lots proposes deviations from its own signals, with the clock controlled: each signal once,
to the nearest manager of the agency concerned, who confirms or dismisses it (remembered)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.access.tests.factories import AssignmentFactory
from lots.deviations import services, signals
from lots.deviations.models import Deviation, Kind, Source, Status
from lots.deviations.tests.conftest import staff
from lots.intake.tests.factories import ConcernReportFactory, EntryPointFactory, HelpRequestFactory
from lots.notifications.models import Notification
from lots.organisations.roles import Role
from lots.people.tests.factories import ChildFactory
from lots.plans.tests.factories import SipFactory, SipInviteeFactory, SipMeetingFactory, SipParticipantFactory
from lots.routines.tests.factories import JourneyFactory, JourneyStepFactory


def _later(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def siv(world):
    """Siv manages social services' child and youth unit, where Sam works."""
    return staff(world.social_unit, Role.UNIT_MANAGER, "Siv", "Enhetschefsson")


@pytest.fixture
def plan(world):
    sip = SipFactory(
        child=world.elin,
        established=True,
        requesting_agency=world.school,
        lead_agency=world.social,
        lead_principal=world.social.principal,
        lead_user=world.sam,
    )
    SipParticipantFactory(sip=sip, membership=world.membership(world.sam))
    return sip


@pytest.mark.django_db
def test_a_sip_follow_up_passed_is_proposed_to_the_lead_agencys_manager(world, plan, siv):
    assert signals.propose_from_signals(today=_later(59)) == 0  # not passed yet

    assert signals.propose_from_signals(today=_later(61)) == 1
    proposal = Deviation.objects.get()
    assert (proposal.status, proposal.source, proposal.kind) == (
        Status.PROPOSED,
        Source.SIP_FOLLOW_UP,
        Kind.ACTION_NOT_DELIVERED,
    )
    assert proposal.evidence_url == f"/sip/{plan.pk}/"
    assert proposal.child_id == world.elin.pk
    assert proposal.reported_by is None
    assert proposal.parties.get().handler_unit_id == world.social_unit.pk
    assert Notification.objects.filter(kind="deviations.proposed", recipient=siv).count() == 1


@pytest.mark.django_db
def test_the_same_signal_is_not_proposed_twice_and_a_dismissal_is_remembered(world, plan, siv):
    signals.propose_from_signals(today=_later(61))
    proposal = Deviation.objects.get()

    with pytest.raises(ValidationError):
        services.dismiss_proposal(actor=world.actor(siv), deviation=proposal, reason=" ")
    services.dismiss_proposal(
        actor=world.actor(siv), deviation=proposal, reason="Uppföljningen hölls, registrerades sent."
    )

    assert signals.propose_from_signals(today=_later(62)) == 0
    assert Deviation.objects.get().status == Status.DISMISSED


@pytest.mark.django_db
def test_a_confirmed_proposal_is_handled_like_a_report(world, plan, siv):
    signals.propose_from_signals(today=_later(61))
    proposal = Deviation.objects.get()

    confirmed = services.confirm_proposal(actor=world.actor(siv), deviation=proposal, note="Stämmer.")

    assert confirmed.status == Status.OPEN and confirmed.confirmed_at is not None
    assert confirmed.handling_due_on == timezone.localdate() + dt.timedelta(days=30)


@pytest.mark.django_db
def test_an_agency_absent_twice_from_a_plans_meetings_is_proposed_to_its_manager(world, plan, lena):
    berit = SipParticipantFactory(sip=plan, membership=world.membership(world.berit))
    first = SipMeetingFactory(sip=plan, held=True, called_by=world.sam, called_by_agency=world.social)
    SipInviteeFactory(meeting=first, participant=berit, attended=False)
    assert signals.propose_from_signals() == 0  # once is not twice

    second = SipMeetingFactory(
        sip=plan,
        held=True,
        starts_at=timezone.now() - dt.timedelta(days=2),
        called_by=world.sam,
        called_by_agency=world.social,
    )
    SipInviteeFactory(meeting=second, participant=berit, attended=False)

    assert signals.propose_from_signals() == 1
    proposal = Deviation.objects.get()
    assert (proposal.kind, proposal.source) == (Kind.MISSED_SIP, Source.SIP_ABSENCE)
    parties = {p.agency_id: p for p in proposal.parties.all()}
    assert set(parties) == {world.bup.pk, world.social.pk}
    assert parties[world.bup.pk].handler_unit.name == "BUP ledning"  # BUP Testby has no manager: BUP's head
    assert Notification.objects.filter(kind="deviations.proposed", recipient=lena).count() == 1
    assert signals.propose_from_signals() == 0


@pytest.mark.django_db
def test_a_concern_report_past_its_deadline(world, maj):
    ConcernReportFactory(receiving_agency=world.social, receiving_unit=world.reception_unit, child=world.elin)
    AssignmentFactory(unit=world.reception_unit, child=world.elin)  # the report has an owner

    assert signals.propose_from_signals() == 0  # the protection assessment is due today
    assert signals.propose_from_signals(today=_later(1)) == 1
    proposal = Deviation.objects.get()
    assert (proposal.source, proposal.kind) == (Source.REPORT_DEADLINE, Kind.ROUTINE_NOT_FOLLOWED)
    assert proposal.parties.get().handler_unit_id == world.reception_unit.pk
    assert Notification.objects.filter(kind="deviations.proposed", recipient=maj).exists()


@pytest.mark.django_db
def test_feedback_to_the_reporter_not_given_in_time(world, maj):
    received = timezone.now() - dt.timedelta(days=20)
    ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=world.elin,
        received_at=received,
        opened=True,
    )
    AssignmentFactory(unit=world.reception_unit, child=world.elin)  # the report has an owner

    assert signals.propose_from_signals() == 1
    proposal = Deviation.objects.get()
    assert (proposal.source, proposal.kind) == (Source.FEEDBACK_LATE, Kind.NO_FEEDBACK)


@pytest.mark.django_db
def test_a_journey_step_without_an_owner_past_its_escalation(world):
    journey = JourneyFactory(child=world.elin, unit=world.school_unit)
    JourneyStepFactory(journey=journey, overdue=True)
    assert signals.propose_from_signals() == 0  # not yet raised to the manager

    JourneyStepFactory(journey=journey, overdue=True, escalation_level=1, escalated_at=timezone.now())
    assert signals.propose_from_signals() == 1
    proposal = Deviation.objects.get()
    assert (proposal.source, proposal.kind) == (Source.STEP_UNOWNED, Kind.NO_OWNER)
    assert proposal.parties.get().handler_unit_id == world.school_unit.pk  # Rita, the rektor
    assert Notification.objects.filter(kind="deviations.proposed", recipient=world.rita).exists()


@pytest.mark.django_db
def test_a_request_for_help_without_an_owner_past_its_escalation(world):
    entry = EntryPointFactory(unit=world.school_unit)
    HelpRequestFactory(entry_point=entry, status="forwarded", child=world.elin, accept_due_on=_later(-3))
    assert signals.propose_from_signals() == 0
    HelpRequestFactory(
        entry_point=entry, status="forwarded", child=world.elin, accept_due_on=_later(-3), escalated_at=timezone.now()
    )

    assert signals.propose_from_signals() == 1
    assert Deviation.objects.get().source == Source.REQUEST_UNOWNED


@pytest.mark.django_db
def test_another_app_adds_a_signal_through_the_hook(world, monkeypatch):
    """The hook the assignments app fills for "a child left without an owner"."""
    monkeypatch.setattr(signals, "_PROVIDERS", {})
    signals.register_provider(
        "children_without_owner",
        lambda today: [
            services.Signal(
                key=f"child-{world.elin.pk}-unowned",
                source=Source.CHILD_UNOWNED,
                kind=Kind.NO_OWNER,
                agency_id=world.school.pk,
                unit_id=world.school_unit.pk,
                happened_on=today,
                evidence_url=f"/barn/{world.elin.pk}/",
                child_id=world.elin.pk,
            )
        ],
    )
    assert signals.propose_from_signals() == 1
    assert signals.propose_from_signals() == 0


@pytest.fixture
def orphans(world, monkeypatch):
    """Two children social services' unit holds an open matter for: Nils with nobody in the unit
    assigned, Vera with Sam."""
    from lots.access import assignments
    from lots.people.models import Child

    nils, vera = ChildFactory(first_name="Nils"), ChildFactory(first_name="Vera")

    def children_of_unit(unit_id):
        wanted = [nils.pk, vera.pk] if unit_id == world.social_unit.pk else []
        return Child.objects.filter(pk__in=wanted).values("pk")

    monkeypatch.setitem(assignments.OPEN_MATTERS, "test", children_of_unit)
    monkeypatch.setitem(assignments.OPEN_MATTER_LABELS, "test", "Testärende")
    AssignmentFactory(user=world.sam, unit=world.social_unit, child=vera)
    return nils


@pytest.mark.django_db
def test_a_child_without_an_owner_is_proposed_once_to_the_units_manager(world, orphans, siv):
    assert signals.propose_from_signals() == 1
    proposal = Deviation.objects.get(source=Source.CHILD_UNOWNED)
    assert (proposal.status, proposal.kind, proposal.child_id) == (Status.PROPOSED, Kind.NO_OWNER, orphans.pk)
    assert (proposal.reporting_agency_id, proposal.reporting_unit_id) == (world.social.pk, world.social_unit.pk)
    assert proposal.evidence_url == reverse("access:without_owner")
    assert proposal.parties.get().handler_unit_id == world.social_unit.pk
    assert Notification.objects.filter(kind="deviations.proposed", recipient=siv).count() == 1
    # The next night: the same child, still without an owner, is not proposed again.
    assert signals.propose_from_signals(today=_later(1)) == 0


@pytest.mark.django_db
def test_a_unit_without_a_manager_today_is_not_scanned(world, orphans):
    assert not any(s.source == Source.CHILD_UNOWNED for s in signals.children_unowned(timezone.localdate()))
