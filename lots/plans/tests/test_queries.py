"""Pages answer in a constant number of queries, whatever the number of plans or the size of a plan."""

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
    assert len(many) == len(few) <= 24
    page = client.get(url).context["plan"]
    assert (len(page.actions), len(page.meetings)) == (30, 10)


def test_the_childs_panel_answers_in_a_constant_number_of_queries(world, signed_in):
    client = signed_in(world.kim)
    url = reverse("people:child", args=[world.elin.pk])
    elins_sip(world)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    for _ in range(5):
        elins_sip(world, established=True)
    assert len(queries_of(lambda: client.get(url))) == len(few)
