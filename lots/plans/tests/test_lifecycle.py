"""The SIP's life cycle through its services: every transition and its refusals."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from lots.access import policy
from lots.access import services as access_services
from lots.access.models import Assignment, Consent
from lots.access.secrecy import InformationKind, Purpose
from lots.audit.models import AuditEntry
from lots.core.models import SubmissionKey
from lots.notifications.models import Notification
from lots.plans import services
from lots.plans.models import ClosingReason, Done, Effect, EventKind, Sip, SipEvent, Status
from lots.plans.tests.factories import (
    SipActionFactory,
    SipInviteeFactory,
    SipMeetingFactory,
    agreement,
    elins_sip,
    sip_consent,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def soon(hours: int = 2) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def test_kim_requests_a_sip_and_the_waiting_time_counts_from_now(world):
    agreement(world, meeting_within_days=21)
    sip = services.request_sip(actor=world.actor(world.kim), child=world.elin, reason="Hög frånvaro, oro hemma.")
    assert sip.status == Status.REQUESTED
    assert sip.requesting_agency == world.school
    assert days(21) <= sip.meeting_due_on <= days(25), "three weeks, moved off a holiday or weekend"
    (kim,) = sip.participants.all()
    assert (kim.user, kim.agency, kim.assignment.reason) == (world.kim, world.school, Assignment.Reason.STUDENT_HEALTH)
    assert list(sip.events.values_list("kind", "to_status")) == [(EventKind.REQUESTED, Status.REQUESTED)]
    assert AuditEntry.objects.filter(action="create", record_type="plans.sip", record_id=str(sip.pk)).exists()


def test_a_double_submitted_request_creates_one_plan(world):
    agreement(world)
    key = uuid.uuid4().hex
    first = services.request_sip(actor=world.actor(world.kim), child=world.elin, reason="Frånvaro.", submission_key=key)
    second = services.request_sip(
        actor=world.actor(world.kim), child=world.elin, reason="Frånvaro.", submission_key=key
    )
    assert first.pk == second.pk
    assert Sip.objects.count() == 1
    assert AuditEntry.objects.filter(action="create", record_type="plans.sip").count() == 1, "logged once"
    assert SubmissionKey.objects.get(user=world.kim, key=key).result == str(first.pk)


def test_a_submission_key_is_its_users_own(world):
    """The same key from someone else is their own submission: it neither returns nor refuses
    the first person's plan (a key is claimed per user, `lots.core.idempotency`)."""
    agreement(world)
    key = uuid.uuid4().hex
    kims = services.request_sip(actor=world.actor(world.kim), child=world.elin, reason="Frånvaro.", submission_key=key)
    monas = services.request_sip(actor=world.actor(world.mona), child=world.elin, reason="x", submission_key=key)
    assert list(Sip.objects.all()) == [kims, monas]


def test_a_school_needs_the_regional_agreement_to_request(world):
    with pytest.raises(ValidationError, match="överenskommelse"):
        services.request_sip(actor=world.actor(world.kim), child=world.elin, reason="Frånvaro.")
    agreement(world, schools_excluded=True)
    with pytest.raises(ValidationError, match="överenskommelse"):
        services.request_sip(actor=world.actor(world.kim), child=world.elin, reason="Frånvaro.")
    sip = services.request_sip(actor=world.actor(world.sam), child=world.elin, reason="Behov av samordning.")
    assert sip.requesting_agency == world.social, "social services may always call a SIP"


def test_a_request_needs_a_reason_and_need_to_know(world):
    agreement(world)
    with pytest.raises(ValidationError) as refused:
        services.request_sip(actor=world.actor(world.kim), child=world.elin, reason="  ")
    assert "reason" in refused.value.error_dict
    with pytest.raises(policy.Denied):
        services.request_sip(actor=world.actor(world.tor), child=world.elin, reason="Frånvaro.")
    assert not Sip.objects.exists()


def test_recording_the_consent_moves_the_plan_on(world):
    sip = elins_sip(world, consent=None)
    assert sip.status == Status.REQUESTED
    consent = services.record_sip_consent(
        actor=world.actor(world.kim),
        sip=sip,
        agencies=[access_services.AgencyScope(agency=a) for a in (world.school, world.social, world.bup)],
        information_kinds=int(InformationKind.PLAN),
        form=Consent.Form.SIGNED_PAPER,
        parties=[
            access_services.PartyInput(guardian=world.gun, agrees=True),
            access_services.PartyInput(guardian=world.gert, agrees=True),
        ],
    )
    assert (consent.purpose, consent.reference_id) == (Purpose.SIP, sip.pk)
    sip.refresh_from_db()
    assert sip.status == Status.CONSENT_OBTAINED


def test_an_incomplete_consent_leaves_the_plan_requested_until_confirmed(world):
    sip = elins_sip(world, consent=None)
    consent = services.record_sip_consent(
        actor=world.actor(world.kim),
        sip=sip,
        agencies=[access_services.AgencyScope(agency=a) for a in (world.school, world.bup)],
        information_kinds=int(InformationKind.PLAN),
        form=Consent.Form.SIGNED_PAPER,
        parties=[access_services.PartyInput(guardian=world.gun, agrees=True)],
    )
    sip.refresh_from_db()
    assert sip.status == Status.REQUESTED
    with pytest.raises(ValidationError, match="samtycke"):
        services.confirm_consent(actor=world.actor(world.kim), sip=sip)
    access_services.add_consent_party(
        actor=world.actor(world.kim),
        consent=consent,
        party=access_services.PartyInput(guardian=world.gert, agrees=True),
    )
    services.confirm_consent(actor=world.actor(world.kim), sip=sip)
    sip.refresh_from_db()
    assert sip.status == Status.CONSENT_OBTAINED


def test_calling_the_first_meeting(world):
    sip = elins_sip(world)
    meeting = services.call_meeting(
        actor=world.actor(world.kim),
        sip=sip,
        starts_at=soon(48),
        ends_at=soon(50),
        place="Åsens skola, konferensrummet",
        invitees=[sip.kim, sip.bo, sip.sam],
    )
    sip.refresh_from_db()
    assert sip.status == Status.MEETING_CALLED
    assert meeting.invitees.count() == 3
    assert set(Notification.objects.filter(kind="plans.meeting_called").values_list("recipient", flat=True)) == {
        world.bo.pk,
        world.sam.pk,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": soon(47)}, "ends_at"),
        (
            {
                "starts_at": timezone.now() - dt.timedelta(days=2),
                "ends_at": timezone.now() - dt.timedelta(days=2, hours=-1),
            },
            "starts_at",
        ),
        ({"place": "", "video_link": ""}, "place"),
        ({"invitees": []}, "invitees"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_is_saved(world, change, field):
    sip = elins_sip(world)
    arguments = dict(starts_at=soon(48), ends_at=soon(50), place="Rum Ek", invitees=[sip.kim, sip.bo])
    arguments.update(change)
    with pytest.raises(ValidationError) as refused:
        services.call_meeting(actor=world.actor(world.kim), sip=sip, **arguments)
    assert field in refused.value.error_dict
    sip.refresh_from_db()
    assert sip.status == Status.CONSENT_OBTAINED and not sip.meetings.exists()


def test_no_meeting_before_the_consent(world):
    sip = elins_sip(world, consent=None)
    with pytest.raises(ValidationError, match="Begärd"):
        services.call_meeting(
            actor=world.actor(world.kim), sip=sip, starts_at=soon(48), ends_at=soon(50), place="Rum", invitees=[sip.kim]
        )


def _held_meeting(sip, *participants):
    meeting = SipMeetingFactory(sip=sip, starts_at=timezone.now() - dt.timedelta(hours=2))
    for participant in participants:
        SipInviteeFactory(meeting=meeting, participant=participant)
    return meeting


def test_recording_the_meeting_ends_the_waiting_time(world):
    sip = elins_sip(world, meeting_called=True)
    meeting = _held_meeting(sip, sip.kim, sip.bo, sip.sam)
    services.record_meeting(
        actor=world.actor(world.sam),
        meeting=meeting,
        attended={sip.kim.pk, sip.sam.pk},
        minutes="Vi gick igenom Elins situation.",
        child_views="Elin var inte med; kuratorn har pratat med henne och hon vill ha hjälp med morgnarna.",
    )
    meeting.refresh_from_db()
    sip.refresh_from_db()
    assert meeting.held_at is not None
    assert sip.first_meeting_on == timezone.localdate(meeting.starts_at)
    assert meeting.minutes.owner_agency == world.social
    assert {i.participant_id: i.attended for i in meeting.invitees.all()} == {
        sip.kim.pk: True,
        sip.bo.pk: False,
        sip.sam.pk: True,
    }


def test_a_meeting_without_participants_or_in_the_future_is_not_recorded(world):
    sip = elins_sip(world, meeting_called=True)
    meeting = _held_meeting(sip, sip.kim)
    with pytest.raises(ValidationError) as refused:
        services.record_meeting(actor=world.actor(world.kim), meeting=meeting, attended=set(), minutes="x")
    assert "attended" in refused.value.error_dict
    future = SipMeetingFactory(sip=sip)
    SipInviteeFactory(meeting=future, participant=sip.kim)
    with pytest.raises(ValidationError, match="inte börjat"):
        services.record_meeting(actor=world.actor(world.kim), meeting=future, attended={sip.kim.pk}, minutes="x")


def _establishable(world):
    sip = elins_sip(world, meeting_called=True)
    services.record_meeting(
        actor=world.actor(world.kim), meeting=_held_meeting(sip, sip.kim), attended={sip.kim.pk}, minutes="Planen."
    )
    SipActionFactory(sip=sip, owner_agency=world.social, written_by=world.sam)
    sip.refresh_from_db()
    return sip


def test_establishing_the_plan_names_a_lead_and_a_follow_up_date(world):
    sip = _establishable(world)
    services.establish_plan(
        actor=world.actor(world.kim), sip=sip, version=sip.version, lead=sip.sam, follow_up_on=days(90)
    )
    sip.refresh_from_db()
    assert sip.status == Status.ESTABLISHED
    assert (sip.lead_user, sip.lead_agency, sip.lead_principal) == (world.sam, world.social, world.social.principal)
    assert Notification.objects.filter(recipient=world.sam, kind="plans.lead").exists()


def test_the_school_is_never_the_lead(world):
    sip = _establishable(world)
    with pytest.raises(ValidationError, match="aldrig"):
        services.establish_plan(
            actor=world.actor(world.kim), sip=sip, version=sip.version, lead=sip.kim, follow_up_on=days(90)
        )


def test_establishing_needs_a_held_meeting_an_action_and_a_future_follow_up(world):
    sip = elins_sip(world, meeting_called=True)
    with pytest.raises(ValidationError) as refused:
        services.establish_plan(
            actor=world.actor(world.kim), sip=sip, version=sip.version, lead=sip.sam, follow_up_on=TODAY()
        )
    errors = refused.value.message_dict
    assert "follow_up_on" in errors and "__all__" in errors
    sip.refresh_from_db()
    assert sip.status == Status.MEETING_CALLED


def test_an_old_version_of_the_plan_is_refused_and_nothing_is_lost(world):
    sip = _establishable(world)
    opened = sip.version
    services.revise_plan(actor=world.actor(world.sam), sip=sip, version=opened, lead=sip.sam, follow_up_on=days(30))
    with pytest.raises(ValidationError, match="Någon annan") as refused:
        services.establish_plan(
            actor=world.actor(world.kim), sip=sip, version=opened, lead=sip.sam, follow_up_on=days(90)
        )
    assert refused.value.code == "stale"
    sip.refresh_from_db()
    assert (sip.status, sip.follow_up_on) == (Status.MEETING_CALLED, days(30)), "the first save stands"


def test_following_up_again_and_again(world):
    sip = elins_sip(world, established=True)
    action = SipActionFactory(sip=sip, owner_agency=world.social, written_by=world.sam)
    for n, next_date in enumerate([days(60), days(120)], start=1):
        sip.refresh_from_db()
        follow_up = services.follow_up_plan(
            actor=world.actor(world.sam),
            sip=sip,
            version=sip.version,
            held_on=TODAY(),
            summary=f"Uppföljning {n}",
            next_follow_up_on=next_date,
            reviews=[services.ReviewInput(action=action, done=Done.YES, effect=Effect.PARTLY)],
        )
        sip.refresh_from_db()
        assert (sip.status, sip.follow_up_on) == (Status.FOLLOWED_UP, next_date)
        assert follow_up.reviews.get().action == action
    assert sip.events.filter(kind=EventKind.FOLLOWED_UP).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"next_follow_up_on": None}, "next_follow_up_on"),
        ({"next_follow_up_on": days(-1)}, "next_follow_up_on"),
        ({"held_on": days(3)}, "held_on"),
        ({"summary": " "}, "summary"),
    ],
)
def test_a_bad_follow_up_is_refused(world, change, field):
    sip = elins_sip(world, established=True)
    arguments = dict(held_on=TODAY(), summary="Bra.", next_follow_up_on=days(30))
    arguments.update(change)
    with pytest.raises(ValidationError) as refused:
        services.follow_up_plan(actor=world.actor(world.sam), sip=sip, version=sip.version, **arguments)
    assert field in refused.value.error_dict
    assert not sip.follow_ups.exists()


def test_closing_ends_the_access_that_taking_part_gave(world):
    from lots.plans.tests.factories import SipParticipantFactory, lead_by

    sip = elins_sip(world, established=True)
    lead_by(sip, sip.sam)
    invited = services.invite_staff(actor=world.actor(world.kim), sip=sip, membership=world.membership(world.berit))
    assert invited.assignment.reason == Assignment.Reason.SIP_PARTICIPANT
    upcoming = SipMeetingFactory(sip=sip)
    SipInviteeFactory(meeting=upcoming, participant=invited)
    assert SipParticipantFactory  # (factories stay importable)
    services.close_sip(
        actor=world.actor(world.sam), sip=sip, version=sip.version, closed_on=TODAY(), reason=ClosingReason.GOALS_MET
    )
    sip.refresh_from_db()
    upcoming.refresh_from_db()
    assert (sip.status, sip.closing_reason) == (Status.CLOSED, ClosingReason.GOALS_MET)
    assert upcoming.is_cancelled and upcoming.sequence == 1
    assert not Assignment.objects.active().filter(pk=invited.assignment_id).exists(), "Berit's SIP access ended"
    assert Assignment.objects.active().filter(user=world.bo, child=world.elin).exists(), "Bo's own treatment stays"
    assert policy.can(world.actor(world.berit), "view", sip) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": "nonsense"}, "reason"),
        ({"reason": ClosingReason.OTHER, "comment": ""}, "comment"),
        ({"closed_on": days(2)}, "closed_on"),
        ({"closed_on": days(-400)}, "closed_on"),
    ],
)
def test_a_bad_closing_is_refused(world, change, field):
    sip = elins_sip(world, established=True)
    arguments = dict(closed_on=TODAY(), reason=ClosingReason.GOALS_MET)
    arguments.update(change)
    with pytest.raises(ValidationError) as refused:
        services.close_sip(actor=world.actor(world.sam), sip=sip, version=sip.version, **arguments)
    assert field in refused.value.error_dict
    sip.refresh_from_db()
    assert sip.status == Status.ESTABLISHED


def test_cancelling_needs_a_reason_and_is_only_before_the_plan_is_established(world):
    sip = elins_sip(world, meeting_called=True)
    with pytest.raises(ValidationError):
        services.cancel_sip(actor=world.actor(world.kim), sip=sip, version=sip.version, comment="")
    services.cancel_sip(actor=world.actor(world.kim), sip=sip, version=sip.version, comment="Familjen avböjde.")
    sip.refresh_from_db()
    assert sip.status == Status.CANCELLED
    established = elins_sip(world, established=True)
    with pytest.raises(ValidationError, match="kan inte bli"):
        services.cancel_sip(actor=world.actor(world.kim), sip=established, version=established.version, comment="x")


def test_withdrawing_the_consent_pauses_the_plan_and_tells_everyone(world):
    sip = elins_sip(world, established=True)
    access_services.withdraw_consent(actor=world.actor(world.kim), consent=sip.consent, withdrawn_by_name="Gun Berg")
    sip.refresh_from_db()
    assert (sip.status, sip.paused_from) == (Status.PAUSED, Status.ESTABLISHED)
    event = sip.events.get(kind=EventKind.PAUSED)
    assert (event.from_status, event.to_status, event.user) == (Status.ESTABLISHED, Status.PAUSED, world.kim)
    told = set(Notification.objects.filter(kind="plans.paused").values_list("recipient", flat=True))
    assert told == {world.kim.pk, world.bo.pk, world.sam.pk}


def test_a_second_active_consent_keeps_the_plan_going(world):
    sip = elins_sip(world, established=True)
    sip_consent(world, sip)
    access_services.withdraw_consent(actor=world.actor(world.kim), consent=sip.consent, withdrawn_by_name="Gun Berg")
    sip.refresh_from_db()
    assert sip.status == Status.ESTABLISHED


def test_a_paused_plan_resumes_where_it_was_under_a_new_consent(world):
    sip = elins_sip(world, consent="withdrawn", paused=True)
    with pytest.raises(ValidationError, match="nytt"):
        services.resume_sip(actor=world.actor(world.sam), sip=sip)
    sip_consent(world, sip)
    services.resume_sip(actor=world.actor(world.sam), sip=sip)
    sip.refresh_from_db()
    assert (sip.status, sip.paused_from) == (Status.ESTABLISHED, "")


def test_nothing_is_written_while_paused(world):
    sip = elins_sip(world, consent="withdrawn", paused=True)
    with pytest.raises(ValidationError, match="Pausad"):
        services.add_goal(actor=world.actor(world.kim), sip=sip, area="school", kind="need", text="Stöd")


def test_only_participants_and_the_requesting_agency_act(world):
    sip = elins_sip(world)
    other = elins_sip(world)
    other.participants.filter(user=world.bo).delete()
    with pytest.raises(PermissionDenied):
        services.add_goal(actor=world.actor(world.bo), sip=other, area="health", kind="need", text="Utredning")
    with pytest.raises(policy.Denied):
        services.add_goal(actor=world.actor(world.berit), sip=sip, area="health", kind="need", text="Utredning")
    goal = services.add_goal(actor=world.actor(world.bo), sip=sip, area="health", kind="need", text="Utredning")
    assert goal.owner_agency == world.bup


def test_the_history_cannot_be_edited(world):
    sip = elins_sip(world)
    from lots.plans.tests.factories import SipEventFactory

    event = SipEventFactory(sip=sip)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE plans_sipevent SET kind = 'closed' WHERE id = %s", [event.pk])
    assert SipEvent.objects.get(pk=event.pk).kind == EventKind.REQUESTED
