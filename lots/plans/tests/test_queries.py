"""Pages answer in a constant number of queries, whatever the number of plans or the size of a plan."""

from datetime import date

import pytest
from django.urls import reverse

from lots.access.tests.factories import AssignmentFactory
from lots.core.testing import queries_of
from lots.people.tests.factories import ChildFactory
from lots.plans.tests.factories import (
    SipActionFactory,
    SipCostShareFactory,
    SipFactory,
    SipFollowUpFactory,
    SipGoalFactory,
    SipInviteeFactory,
    SipMeetingFactory,
    SipMinutesFactory,
    SipParticipantFactory,
    elins_sip,
)

pytestmark = pytest.mark.django_db


def _plans_for_sam(world, count: int) -> None:
    for n in range(count):
        child = ChildFactory(protected_identity=n % 17 == 0)
        AssignmentFactory(user=world.sam, unit=world.social_unit, child=child)
        sip = SipFactory(child=child, requesting_agency=world.social, requested_by=world.sam, established=n % 2 == 0)
        SipParticipantFactory(sip=sip, user=world.sam, unit=world.social_unit, agency=world.social)
        if n % 3 == 0:
            SipMeetingFactory(sip=sip)


def test_my_sips_answers_in_a_constant_number_of_queries(world, signed_in):
    client = signed_in(world.sam)
    url = reverse("plans:mine")
    _plans_for_sam(world, 3)
    client.get(url)  # the session's first request settles its one-time checks
    few = queries_of(lambda: client.get(url))
    _plans_for_sam(world, 197)
    many = queries_of(lambda: client.get(url))
    assert len(many) == len(few) <= 14
    first = client.get(url).context
    assert len(first["rows"]) == 50 and first["page"].has_next
    assert len(client.get(url + "?page=4").context["rows"]) == 50
    assert not client.get(url + "?page=4").context["page"].has_next


def _grow(world, sip, *, actions: int, meetings: int) -> None:
    for n in range(actions):
        owner, writer = [(world.school, world.kim), (world.bup, world.bo), (world.social, world.sam)][n % 3]
        action = SipActionFactory(sip=sip, owner_agency=owner, written_by=writer, with_cost=n % 2 == 0)
        if n % 2 == 0:
            SipCostShareFactory(action=action, payer=world.school, percent=50)
            SipCostShareFactory(action=action, payer=world.social, percent=50)
        SipGoalFactory(sip=sip, owner_agency=owner, written_by=writer)
    for n in range(meetings):
        meeting = SipMeetingFactory(sip=sip, held=n % 2 == 0)
        for participant in (sip.kim, sip.bo, sip.sam):
            SipInviteeFactory(meeting=meeting, participant=participant, attended=True)
        if n % 2 == 0:
            SipMinutesFactory(meeting=meeting, owner_agency=world.social, written_by=world.sam)
    follow_up = SipFollowUpFactory(sip=sip, owner_agency=world.social, written_by=world.sam)
    from lots.plans.tests.factories import SipActionReviewFactory

    for action in sip.actions.all()[:5]:
        SipActionReviewFactory(follow_up=follow_up, action=action)


def test_the_plan_page_answers_in_a_constant_number_of_queries(world, signed_in):
    sip = elins_sip(world, established=True)
    client = signed_in(world.bo)
    url = reverse("plans:detail", args=[sip.pk])
    _grow(world, sip, actions=1, meetings=1)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    _grow(world, sip, actions=29, meetings=9)
    many = queries_of(lambda: client.get(url))
    # Session, user, the authenticator that verified the session (django-otp), membership (with the
    # unread count), the plan (with its child's ground and the scopes of its consents), participants,
    # meetings (with who is called), the agencies Bo may read, goals, follow-ups, actions (with cost
    # shares and reviews), minutes, notes, the family's own words, the answers on experience, the
    # log: 16 on both databases (PostgreSQL takes the log's advisory lock besides, which
    # `queries_of` leaves out).
    assert len(many) == len(few) <= 16
    page = client.get(url).context["plan"]
    assert (len(page.actions), len(page.meetings)) == (30, 10)


def test_the_plan_page_shows_what_is_read_inside_other_rows(world, signed_in):
    """Invitees, cost shares and reviews come inside their meeting's or action's query: the page
    shows the same as when each was read on its own."""
    from lots.plans.tests.factories import SipActionReviewFactory

    sip = elins_sip(world, established=True)
    action = SipActionFactory(sip=sip, owner_agency=world.social, written_by=world.sam, with_cost=True)
    SipCostShareFactory(action=action, payer=world.school, percent=30)
    SipCostShareFactory(action=action, payer=world.social, percent=70)
    meeting = SipMeetingFactory(sip=sip, held=True)
    SipInviteeFactory(meeting=meeting, participant=sip.kim, attended=True)
    SipInviteeFactory(meeting=meeting, participant=sip.sam, attended=False)
    SipInviteeFactory(meeting=meeting, participant=sip.bo, uninvited=True)
    earlier = SipFollowUpFactory(sip=sip, owner_agency=world.social, written_by=world.sam, held_on=date(2026, 1, 10))
    later = SipFollowUpFactory(sip=sip, owner_agency=world.social, written_by=world.sam, held_on=date(2026, 3, 10))
    SipActionReviewFactory(follow_up=later, action=action, done="yes", effect="yes")
    SipActionReviewFactory(follow_up=earlier, action=action, done="no", effect="no")

    page = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).context["plan"]
    (shown,) = [a for a in page.actions if a.pk == action.pk]
    assert [(s.percent, s.payer.pk) for s in shown.shares] == [(70, world.social.pk), (30, world.school.pk)]
    assert shown.shares[0].payer_label == str(world.social)
    assert (shown.latest_review.follow_up.pk, shown.latest_review.done) == (later.pk, "yes")
    (held,) = [m for m in page.meetings if m.pk == meeting.pk]
    assert [(i.participant.pk, i.attended) for i in held.called] == [(sip.kim.pk, True), (sip.sam.pk, False)]
    assert held.attended_count == 1 and held.i_am_called


def test_the_childs_panel_answers_in_a_constant_number_of_queries(world, signed_in):
    client = signed_in(world.kim)
    url = reverse("people:child", args=[world.elin.pk])
    elins_sip(world)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    for _ in range(5):
        elins_sip(world, established=True)
    assert len(queries_of(lambda: client.get(url))) == len(few)


@pytest.mark.parametrize(
    ("agreement_says", "expected"), [(True, True), (False, False), (None, False)], ids=["yes", "no", "none"]
)
def test_the_childs_panel_reads_the_regions_agreement_with_the_plans(world, agreement_says, expected):
    """Whether a school may request a SIP: the same answer with the plans' query as on its own."""
    from lots.access.presentation import present_children
    from lots.plans import selectors
    from lots.plans.models import RegionalAgreement

    sip = elins_sip(world)
    if agreement_says is None:
        RegionalAgreement.objects.all().delete()
    else:
        RegionalAgreement.objects.update(schools_may_request=agreement_says)
    kim = world.actor(world.kim)
    (child,) = present_children(kim, [world.elin])
    rows, may_request = selectors.child_panel(kim, child)
    assert [row.sip.pk for row in rows] == [sip.pk]
    assert may_request is expected is selectors.may_request(kim)
    assert selectors.child_panel(kim, present_children(kim, [world.saga])[0]) == ([], expected)
    sam = world.actor(world.sam)
    assert selectors.child_panel(sam, present_children(sam, [world.elin])[0])[1] is True
