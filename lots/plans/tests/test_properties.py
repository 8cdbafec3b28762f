"""Rules that invite property-based tests: the life-cycle table and joint financing."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lots.plans import workflow
from lots.plans.models import Sip, Status
from lots.plans.nextstep import next_step
from lots.plans.services import ActionInput, CostShareInput, action_errors

STATUSES = list(Status)


@given(st.lists(st.sampled_from(STATUSES), max_size=40))
def test_any_walk_through_the_table_keeps_the_life_cycle(targets):
    status, paused_from, established_once = Status.REQUESTED, "", False
    for target in targets:
        allowed = workflow.may_transition(status, target, paused_from=paused_from)
        if status in workflow.ENDED_STATUSES:
            assert not allowed, "closed and cancelled are final"
        if not allowed:
            continue
        if status == Status.PAUSED and target not in workflow.ENDED_STATUSES:
            assert target == paused_from, "a paused plan resumes where it was"
        if target == Status.CANCELLED:
            assert not established_once, "an established plan is closed, never cancelled"
        if target == Status.PAUSED:
            paused_from = status
        established_once = established_once or target in workflow.ESTABLISHED_STATUSES
        status = target


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES))
def test_every_refusal_names_both_statuses(current, target):
    try:
        workflow.check_transition(current, target, paused_from=Status.ESTABLISHED)
    except ValidationError as error:
        assert error.error_dict["status"]
    else:
        assert target in workflow.ALLOWED_TRANSITIONS[current]


agencies = [SimpleNamespace(pk=n) for n in range(1, 5)]


@given(st.lists(st.tuples(st.sampled_from(agencies), st.integers(-10, 120)), max_size=4))
def test_cost_shares_are_accepted_exactly_when_they_make_a_whole(shares):
    data = ActionInput(
        what="Resursskola med behandling",
        responsible_kind="agency",
        responsible_agency=agencies[0],
        starts_on=dt.date(2026, 1, 12),
        cost_amount=Decimal("60000"),
        cost_period="month",
        cost_shares=[CostShareInput(payer=a, percent=p) for a, p in shares],
    )
    valid = not shares or (
        len({a.pk for a, _ in shares}) == len(shares)
        and all(1 <= p <= 100 for _, p in shares)
        and sum(p for _, p in shares) == 100
    )
    assert ("cost_shares" not in action_errors(data)) == valid


@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)), st.sampled_from(STATUSES))
def test_a_plan_is_overdue_exactly_when_its_follow_up_date_has_passed(follow_up_on, status):
    today = dt.date(2026, 6, 15)
    sip = Sip(status=status, follow_up_on=follow_up_on, first_meeting_on=dt.date(2025, 1, 1))
    state = workflow.state_of(sip, consent_active=True, pending_meeting_at=None)
    step = next_step(sip, state, pending_meeting_at=None, today=today)
    overdue = status in workflow.ESTABLISHED_STATUSES and follow_up_on < today
    assert bool(step and step.overdue) == overdue
