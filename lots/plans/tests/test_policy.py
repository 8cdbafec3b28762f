"""Who sees a plan's record and who sees what each agency wrote in it."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lots.access import policy
from lots.access.models import Assignment
from lots.plans.models import Sip, SipAction, SipGoal, SipParticipant
from lots.plans.tests.factories import SipActionFactory, SipGoalFactory, elins_sip, sip_consent

pytestmark = pytest.mark.django_db


def visible(world, user, model, **lookup):
    return set(policy.visible_to(world.actor(user), model.objects.filter(**lookup)).values_list("pk", flat=True))


def test_before_the_consent_only_the_requesting_agency_sees_the_plan(world):
    sip = elins_sip(world, consent=None)
    assert visible(world, world.kim, Sip) == {sip.pk}
    assert visible(world, world.rita, Sip) == {sip.pk}, "the rektor manages the unit holding Kim's assignment"
    for outsider in (world.tor, world.berit, world.ada):
        assert visible(world, outsider, Sip) == set()


def test_participation_opens_the_record_but_never_the_content(world):
    sip = elins_sip(world, consent="withdrawn", paused=True)
    school_goal = SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim)
    bup_action = SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo)
    assert visible(world, world.bo, Sip) == {sip.pk}
    assert visible(world, world.bo, SipParticipant, sip=sip) == set(sip.participants.values_list("pk", flat=True))
    assert visible(world, world.bo, SipGoal) == set()
    assert visible(world, world.bo, SipAction) == {bup_action.pk}
    assert visible(world, world.kim, SipAction) == set()
    assert visible(world, world.kim, SipGoal) == {school_goal.pk}


def test_the_consent_must_name_this_very_sip(world):
    sip = elins_sip(world, consent=None, consent_obtained=True)
    other = elins_sip(world, consent=None)
    sip_consent(world, other)
    action = SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo)
    assert visible(world, world.kim, SipAction) == set(), "a consent for another SIP opens nothing here"
    sip_consent(world, sip)
    assert visible(world, world.kim, SipAction) == {action.pk}


def test_a_consent_never_lets_another_agency_change_a_row(world):
    sip = elins_sip(world)
    action = SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo)
    assert policy.can(world.actor(world.kim), "view", action) == "consent"
    assert policy.can(world.actor(world.kim), "change", action) is None
    assert policy.can(world.actor(world.bo), "change", action) == "assignment"


def test_a_removed_participant_loses_the_participation_ground(world):
    sip = elins_sip(world, consent="withdrawn", paused=True)
    SipParticipant.objects.filter(pk=sip.bo.pk).update(removed_at="2026-01-01T00:00:00Z")
    assert visible(world, world.bo, Sip) == set()


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(-10, None), (-10, 10), (0, 10), (-10, 0), (-10, -1), (1, 10)],
    ids=["open-ended", "active", "begins now", "ends now", "ended", "not begun"],
)
def test_a_participant_sees_the_plan_while_access_calls_the_assignment_active(world, starts, ends):
    """The participation ground asks access when an assignment holds (`ASSIGNMENT_TERM`), as
    `Assignment.objects.active()` does: the two agree at every edge of the assignment's time."""
    sip = elins_sip(world, consent="withdrawn", paused=True)  # Bo sees the plan only by taking part
    at = timezone.now()
    hours = {key: None if n is None else at + dt.timedelta(hours=n) for key, n in (("s", starts), ("e", ends))}
    Assignment.objects.filter(pk=sip.bo.assignment_id).update(starts_at=hours["s"], ends_at=hours["e"])
    with time_machine.travel(at, tick=False):
        active = Assignment.objects.active().filter(pk=sip.bo.assignment_id).exists()
        assert visible(world, world.bo, Sip) == ({sip.pk} if active else set())
    assert active == (starts <= 0 and (ends is None or ends > 0))


@pytest.mark.parametrize("consent", ["active", "withdrawn", None])
def test_the_plans_own_records_are_seen_exactly_with_the_plan(world, consent):
    """The plan page reads participants, meetings and who is called with the plan, and cost shares
    and reviews with their action or follow-up: the policy must judge them the same."""
    from lots.plans.models import SipActionReview, SipCostShare, SipFollowUp, SipInvitee, SipMeeting
    from lots.plans.tests.factories import (
        SipActionReviewFactory,
        SipCostShareFactory,
        SipFollowUpFactory,
        SipInviteeFactory,
        SipMeetingFactory,
    )

    sip = elins_sip(world, consent=consent, established=True)
    SipInviteeFactory(meeting=SipMeetingFactory(sip=sip), participant=sip.bo)
    for owner, writer in ((world.school, world.kim), (world.bup, world.bo), (world.social, world.sam)):
        action = SipActionFactory(sip=sip, owner_agency=owner, written_by=writer, with_cost=True)
        SipCostShareFactory(action=action, payer=owner)
        follow_up = SipFollowUpFactory(sip=sip, owner_agency=owner, written_by=writer)
        SipActionReviewFactory(follow_up=follow_up, action=action)
    for user in (world.kim, world.mona, world.rita, world.tor, world.bo, world.berit, world.sam, world.ada):
        sees_plan = bool(visible(world, user, Sip, pk=sip.pk))
        for model in (SipParticipant, SipMeeting, SipInvitee):
            everything = set(model.objects.values_list("pk", flat=True))
            assert visible(world, user, model) == (everything if sees_plan else set()), (user, model)
        actions = visible(world, user, SipAction)
        assert visible(world, user, SipCostShare) == set(
            SipCostShare.objects.filter(action__in=actions).values_list("pk", flat=True)
        )
        follow_ups = visible(world, user, SipFollowUp)
        assert visible(world, user, SipActionReview) == set(
            SipActionReview.objects.filter(follow_up__in=follow_ups).values_list("pk", flat=True)
        )


@pytest.mark.parametrize("consent", ["active", "withdrawn", "without_bup"])
def test_content_is_seen_exactly_when_its_agency_is_seen_as_an_author(world, consent):
    """The plan page asks the policy once per writing agency (ContributingAgency) instead of once
    per kind of content: the answers must be the same, for every viewer, break the glass included."""
    from lots.access.tests.factories import BreakGlassFactory
    from lots.plans.models import ContributingAgency, SipFollowUp, SipMinutes, SipNote
    from lots.plans.tests.factories import SipFollowUpFactory, SipMeetingFactory, SipMinutesFactory, SipNoteFactory

    sip = elins_sip(world, consent=None if consent == "without_bup" else consent, established=True)
    if consent == "without_bup":
        sip_consent(world, sip, agencies=[world.school, world.social])
    for owner, writer in ((world.school, world.kim), (world.bup, world.bo), (world.social, world.sam)):
        SipGoalFactory(sip=sip, owner_agency=owner, written_by=writer)
        SipActionFactory(sip=sip, owner_agency=owner, written_by=writer)
        SipNoteFactory(sip=sip, owner_agency=owner, written_by=writer)
        SipFollowUpFactory(sip=sip, owner_agency=owner, written_by=writer)
        SipMinutesFactory(meeting=SipMeetingFactory(sip=sip, held=True), owner_agency=owner, written_by=writer)
    BreakGlassFactory(membership=world.membership(world.berit), child=world.elin)
    for user in (world.kim, world.mona, world.rita, world.tor, world.bo, world.berit, world.sam, world.ada):
        authors = set(
            policy.visible_to(world.actor(user), ContributingAgency.objects.filter(sip=sip)).values_list(
                "agency_id", flat=True
            )
        )
        for model in (SipGoal, SipAction, SipNote, SipFollowUp, SipMinutes):
            expected = set(model.objects.filter(owner_agency_id__in=authors).values_list("pk", flat=True))
            assert visible(world, user, model) == expected, (user, model)


def test_who_acts_on_a_plan_is_one_rule_the_services_and_pages_ask(world):
    """Need to know in one's own agency acts at once (no further query); another agency acts only
    while invited to the plan; seeing the plan on any other ground is not enough."""
    from lots.core.testing import queries_of
    from lots.plans.services import acts_on

    sip = elins_sip(world, consent="withdrawn", paused=True)
    kim, bo = world.actor(world.kim), world.actor(world.bo)
    kims_ground, bos_ground = policy.can(kim, "view", sip), policy.can(bo, "view", sip)
    assert kims_ground in policy.CHANGE_GROUNDS and bos_ground not in policy.CHANGE_GROUNDS
    assert queries_of(lambda: acts_on(kim, sip, ground=kims_ground)) == []
    assert acts_on(kim, sip, ground=kims_ground) is True
    assert acts_on(bo, sip, ground=bos_ground) is True, "Bo is invited"
    assert acts_on(bo, sip, ground=bos_ground, participation=None) is False, "seeing is not acting"
