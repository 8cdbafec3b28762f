"""The SIP indicators against hand-counted plans of 2025 (read on 1 June 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from lots.followup.tests.conftest import at
from lots.plans.models import ClosingReason, Done, Effect, EventKind, ParticipantKind, Status
from lots.plans.tests.factories import (
    SipActionReviewFactory,
    SipEventFactory,
    SipFactory,
    SipFollowUpFactory,
    SipInviteeFactory,
    SipMeetingFactory,
    SipParticipantFactory,
)

D = dt.date


@pytest.fixture
def plans(world):
    school = world.school
    made = {
        # Requested and held in 2025: 19 days.
        "a": SipFactory(
            requesting_agency=school,
            requested_at=at(2025, 3, 1),
            first_meeting_on=D(2025, 3, 20),
            status=Status.ESTABLISHED,
            follow_up_on=D(2026, 9, 1),
        ),
        # Requested in December 2024, held in January 2025: a first meeting of 2025, a request of 2024.
        "b": SipFactory(
            requesting_agency=school,
            requested_at=at(2024, 12, 20, 23, 30),
            first_meeting_on=D(2025, 1, 10),
            status=Status.ESTABLISHED,
            follow_up_on=D(2025, 4, 1),
        ),
        # Cancelled before consent.
        "c": SipFactory(
            requesting_agency=school,
            requested_at=at(2025, 4, 1),
            status=Status.CANCELLED,
            ended_on=D(2025, 5, 1),
            ending_comment="Familjen avböjde.",
        ),
        # Closed, goals met.
        "d": SipFactory(
            requesting_agency=school,
            requested_at=at(2025, 1, 5),
            first_meeting_on=D(2025, 1, 30),
            status=Status.CLOSED,
            ended_on=D(2025, 6, 1),
            closing_reason=ClosingReason.GOALS_MET,
        ),
        # Another agency's plan: never counted for the school.
        "other": SipFactory(requesting_agency=world.bup, requested_at=at(2025, 3, 1), first_meeting_on=D(2025, 3, 2)),
    }
    SipEventFactory(sip=made["c"], kind=EventKind.CANCELLED, from_status=Status.REQUESTED, to_status=Status.CANCELLED)
    # "a": consent obtained, withdrawn (the plan paused) and obtained again in the same year: once.
    for when in (at(2025, 3, 5), at(2025, 8, 1)):
        SipEventFactory(sip=made["a"], kind=EventKind.CONSENT_CONFIRMED, at=when)
    SipEventFactory(sip=made["b"], kind=EventKind.CONSENT_RECORDED, at=at(2024, 12, 28))
    return made


def test_requested_counts_the_day_of_the_request(world, plans, count):
    assert count("sip.requested", [world.school])["n"] == 3  # a, c, d (b was requested in 2024)
    assert count("sip.requested", [world.school, world.bup])["n"] == 4


def test_a_plan_requested_in_one_period_and_held_in_the_next(world, plans, count):
    assert count("sip.first_meeting", [world.school])["n"] == 3  # a, b, d
    waited = count("sip.waiting_days", [world.school])["days"]
    assert waited == {19: 1, 21: 1, 25: 1}  # b: 20 Dec (late evening, Swedish time) to 10 Jan


def test_consent_obtained_counts_a_plan_once_per_period(world, plans, count):
    assert count("sip.consent_obtained", [world.school])["n"] == 1  # a twice in 2025 (b's in 2024)
    assert count("sip.consent_obtained", [world.school], period=_year(2024))["n"] == 1


def test_closed_by_reason_and_cancelled_by_stage(world, plans, count):
    assert count("sip.closed", [world.school])["by"] == {ClosingReason.GOALS_MET: 1}
    assert count("sip.cancelled", [world.school])["by"] == {Status.REQUESTED: 1}


def test_follow_ups_by_their_date(world, plans, count):
    a, b = plans["a"], plans["b"]
    # b was due 1 April 2025 and never followed up: missed. a is due in September 2026: not yet counted.
    assert (
        count("sip.follow_up_on_time", [world.school])["n"],
        count("sip.follow_up_on_time", [world.school])["of"],
    ) == (0, 1)
    # a is followed up twice: the second due day (1 Oct) is kept on 30 Sep; the third (1 Dec) is missed.
    SipFollowUpFactory(sip=a, held_on=D(2025, 7, 1), next_follow_up_on=D(2025, 10, 1))
    SipFollowUpFactory(sip=a, held_on=D(2025, 9, 30), next_follow_up_on=D(2025, 12, 1))
    # b's first follow-up date is no longer kept once b is followed up; it is then not counted.
    SipFollowUpFactory(sip=b, held_on=D(2025, 5, 1), next_follow_up_on=D(2027, 1, 1))
    found = count("sip.follow_up_on_time", [world.school])
    assert (found["n"], found["of"]) == (1, 2)
    assert count("sip.followed_up", [world.school])["n"] == 2


def test_meetings_attendance_and_mandate(world, plans, count):
    a = plans["a"]
    school_rep = SipParticipantFactory(sip=a, membership=world.membership(world.kim), has_mandate=True)
    bup_rep = SipParticipantFactory(sip=a, membership=world.membership(world.bo), has_mandate=False)
    guardian = SipParticipantFactory(
        sip=a, kind=ParticipantKind.GUARDIAN, user=None, unit=None, agency=None, name="Gun"
    )
    full = SipMeetingFactory(sip=a, starts_at=at(2025, 3, 20), held_at=at(2025, 3, 20, 12))
    partial = SipMeetingFactory(sip=a, starts_at=at(2025, 9, 1), held_at=at(2025, 9, 1, 12))
    for p in (school_rep, bup_rep):
        SipInviteeFactory(meeting=full, participant=p, attended=True)
    SipInviteeFactory(meeting=full, participant=guardian, attended=False)  # not staff: not counted
    SipInviteeFactory(meeting=partial, participant=school_rep, attended=True)
    SipInviteeFactory(meeting=partial, participant=bup_rep, attended=False)
    cancelled = SipMeetingFactory(sip=a, starts_at=at(2025, 10, 1), cancelled_at=at(2025, 9, 30))
    SipInviteeFactory(meeting=cancelled, participant=school_rep)
    attended = count("sip.everyone_attended", [world.school])
    assert (attended["n"], attended["of"]) == (1, 2)
    # BUP had no one with the mandate at either meeting.
    mandate = count("sip.mandate_present", [world.school])
    assert (mandate["n"], mandate["of"]) == (0, 2)
    bup_rep.has_mandate = True
    bup_rep.save()
    mandate = count("sip.mandate_present", [world.school])
    assert (mandate["n"], mandate["of"]) == (1, 2)  # at the second meeting BUP's one was absent


def test_actions_done_and_with_effect(world, plans, count):
    follow_up = SipFollowUpFactory(sip=plans["a"], held_on=D(2025, 6, 1), next_follow_up_on=D(2025, 9, 1))
    SipActionReviewFactory(follow_up=follow_up, done=Done.YES, effect=Effect.YES)
    SipActionReviewFactory(follow_up=follow_up, done=Done.PARTLY, effect=Effect.NO)
    SipActionReviewFactory(follow_up=follow_up, done=Done.YES, effect=Effect.TOO_EARLY)
    done = count("sip.actions_done", [world.school])
    assert (done["n"], done["of"]) == (2, 3)
    effect = count("sip.actions_effect", [world.school])
    assert (effect["n"], effect["of"]) == (1, 2)  # too early to say is left out


def test_a_unit_counts_the_plans_it_takes_part_in(world, plans, count):
    SipParticipantFactory(sip=plans["other"], membership=world.membership(world.kim))
    assert count("sip.requested", [world.school], unit_id=world.school_unit.pk)["n"] == 1


def _year(year):
    from lots.followup.registry import Period

    return Period.year(year)


def test_sips_requested_by_girls_and_boys_and_age_band_from_the_identity_number(world, count):
    from lots.people.identity import make_identity_number
    from lots.people.tests.factories import ChildFactory

    girl = ChildFactory(identity_number=make_identity_number(dt.date(2012, 6, 1), 120))  # 12 on 1 March 2025
    boy = ChildFactory(identity_number=make_identity_number(dt.date(2009, 2, 1), 131, samordning=True))  # 16
    unnumbered = ChildFactory(unnumbered=True)
    for child in (girl, boy, unnumbered):
        SipFactory(child=child, requesting_agency=world.school, requested_at=at(2025, 3, 1), status=Status.REQUESTED)
    assert count("sip.requested_by_sex", [world.school])["by"] == {"girl": 1, "boy": 1, "unknown": 1}
    assert count("sip.requested_by_age", [world.school])["by"] == {"6-12": 1, "16-17": 1, "unknown": 1}
