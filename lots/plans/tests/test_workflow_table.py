"""The workflow's table is the one rule for a plan's status, its next step and the actions
offered: tested for every state and every role, on the table and on the real pages, and a POST
of an action the table does not offer is refused in Swedish and changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from lots.access.tests.factories import AssignmentFactory
from lots.plans import workflow
from lots.plans.models import Sip, SipEvent, Status
from lots.plans.tests.factories import SipMeetingFactory, elins_sip, lead_by, sip_consent
from lots.plans.workflow import TABLE, Do, Role, State

pytestmark = pytest.mark.django_db

ENDED = (State.CLOSED, State.CANCELLED)
#: States in which no consent carries the plan: only its own agency (and participants) see it.
WITHOUT_CONSENT = (State.REQUESTED, State.PAUSED, State.PAUSED_ESTABLISHED)


def test_every_state_has_one_row_and_a_reader_is_offered_nothing():
    assert set(TABLE) == set(State)
    for state, row in TABLE.items():
        assert row.actions(Role.READER) == (), state
        assert row.main is None or any(row.main in row.actions(role) for role in Role), state
        assert bool(row.next_step) == (state not in ENDED), state


@pytest.mark.parametrize("state", list(State))
def test_the_reported_mismatches_cannot_happen(state):
    row = TABLE[state]
    offered = {do for role in Role for do in row.actions(role)}
    if state in (State.PAUSED, State.PAUSED_ESTABLISHED, State.RESUMABLE):
        assert Do.ESTABLISH not in offered and Do.FOLLOW_UP not in offered, "a paused plan is not established"
    if state == State.MEETING_HELD:
        assert str(row.label) == "Möte hållet" and row.main == Do.ESTABLISH, "held, not still called"
    assert Do.CLOSE not in row.actions(Role.PARTICIPANT), "only the lead closes the plan"
    assert Do.CANCEL not in row.actions(Role.PARTICIPANT)


def _plan_in(world, state: State) -> Sip:
    """Elin's plan in `state`; Sam (social services) its lead, Kim (the school) requested it,
    Bo (BUP) takes part."""
    past, ahead = timezone.now() - dt.timedelta(days=2), timezone.now() + dt.timedelta(days=5)
    match state:
        case State.REQUESTED:
            sip = elins_sip(world, consent=None)
        case State.CONSENT_IN_EFFECT:
            sip = elins_sip(world, consent=None)
            sip.consent = sip_consent(world, sip)
        case State.CONSENT_OBTAINED:
            sip = elins_sip(world)
        case State.MEETING_CALLED | State.MEETING_TO_RECORD | State.MEETING_NEEDED:
            sip = elins_sip(world, meeting_called=True)
            starts = ahead if state == State.MEETING_CALLED else past
            SipMeetingFactory(sip=sip, starts_at=starts, cancelled=state == State.MEETING_NEEDED)
        case State.MEETING_HELD:
            sip = elins_sip(world, meeting_called=True, first_meeting_on=timezone.localdate() - dt.timedelta(days=10))
            SipMeetingFactory(sip=sip, held=True)
        case State.PAUSED:
            sip = elins_sip(world, consent="withdrawn", paused=True, paused_from=Status.MEETING_CALLED)
        case State.PAUSED_ESTABLISHED:
            sip = elins_sip(world, consent="withdrawn", paused=True)
        case State.RESUMABLE:
            sip = elins_sip(world, paused=True)
        case _:
            sip = elins_sip(world, **{str(state): True})
    return lead_by(sip, sip.sam)


def _viewer(world, role: Role):
    if role == Role.READER:  # BUP staff who know Elin and see the plan under the consent, not taking part
        AssignmentFactory(user=world.berit, unit=world.bup_unit, child=world.elin)
        return world.berit
    return {Role.LEAD: world.sam, Role.REQUESTER: world.kim, Role.PARTICIPANT: world.bo}[role]


def _sees(state: State, role: Role) -> bool:
    """Before any consent only the requesting agency sees the plan; participants keep seeing it
    once it has rested on one; a reader sees it only under a consent in effect."""
    if state == State.REQUESTED:
        return role == Role.REQUESTER
    return not (role == Role.READER and state in WITHOUT_CONSENT)


CASES = [(s, r) for s in State for r in Role if _sees(s, r)]


@pytest.mark.parametrize(("state", "role"), CASES)
def test_the_page_offers_what_the_table_says(world, signed_in, state, role):
    sip = _plan_in(world, state)
    response = signed_in(_viewer(world, role)).get(reverse("plans:detail", args=[sip.pk]))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.standing.state, plan.standing.role) == (state, role)
    body = response.content.decode()
    shown = set(re.findall(r'data-action="([a-z_]+)"', body))
    assert shown == {str(do) for do in TABLE[state].actions(role)}
    assert str(TABLE[state].label) in body
    if TABLE[state].next_step:
        assert str(TABLE[state].next_step) in body
    main = TABLE[state].main
    if main in TABLE[state].actions(role) and main != Do.WRITE:
        assert re.search(rf'class="button" data-action="{main}"', body), "the table's main action is the main button"


def _post(client, sip: Sip, do: Do):
    today = timezone.localdate()
    urls_and_data = {
        Do.CONFIRM_CONSENT: ("plans:confirm_consent", {}),
        Do.RESUME: ("plans:resume", {}),
        Do.ESTABLISH: (
            "plans:establish",
            {"version": sip.version, "lead": sip.sam.pk, "follow_up_on": today + dt.timedelta(days=60)},
        ),
        Do.FOLLOW_UP: (
            "plans:follow_up",
            {
                "version": sip.version,
                "held_on": today,
                "summary": "Det går bra.",
                "next_follow_up_on": today + dt.timedelta(days=60),
                "submission_key": "k1",
            },
        ),
        Do.CLOSE: ("plans:close", {"version": sip.version, "closed_on": today, "reason": "goals_met"}),
        Do.CANCEL: ("plans:cancel", {"version": sip.version, "comment": "Familjen avböjde."}),
    }
    name, data = urls_and_data[do]
    return client.post(reverse(name, args=[sip.pk]), data)


POSTED = (Do.CONFIRM_CONSENT, Do.RESUME, Do.ESTABLISH, Do.FOLLOW_UP, Do.CLOSE, Do.CANCEL)


@pytest.mark.parametrize(("state", "role"), [(s, r) for s, r in CASES if r != Role.READER])
def test_an_action_not_offered_is_refused_in_swedish_and_changes_nothing(world, signed_in, state, role):
    sip = _plan_in(world, state)
    client = signed_in(_viewer(world, role))
    for do in POSTED:
        if do in TABLE[state].actions(role):
            continue
        before = (sip.status, Sip.objects.get(pk=sip.pk).version, SipEvent.objects.filter(sip=sip).count())
        response = _post(client, sip, do)
        sip.refresh_from_db()
        assert (sip.status, sip.version, SipEvent.objects.filter(sip=sip).count()) == before, do
        if response.status_code == 302:
            errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
        else:
            assert response.status_code == 400, do
            errors = [str(e) for field_errors in response.context["form"].errors.values() for e in field_errors]
        assert errors, f"the refusal of {do} says why"
        for error in errors:
            assert not re.search(r"\b(the|is|not|cannot|plan)\b", error), f"English: {error}"


def test_a_reader_cannot_act_at_all(world, signed_in):
    sip = _plan_in(world, State.ESTABLISHED)
    response = _post(signed_in(_viewer(world, Role.READER)), sip, Do.CLOSE)
    assert response.status_code == 404
    assert Sip.objects.get(pk=sip.pk).status == Status.ESTABLISHED


def test_the_lists_show_the_tables_status_and_next_step(world, signed_in):
    sip = _plan_in(world, State.MEETING_TO_RECORD)
    body = signed_in(world.bo).get(reverse("plans:mine")).content.decode()
    assert str(TABLE[State.MEETING_TO_RECORD].label) in body
    assert str(TABLE[State.MEETING_TO_RECORD].next_step) in body
    assert workflow.state_of(sip, consent_active=True, pending_meeting_at=None) == State.MEETING_NEEDED


def test_establishing_starts_from_the_lead_saved_a_minute_ago(world, signed_in):
    from lots.plans import services

    sip = _plan_in(world, State.MEETING_HELD)
    services.revise_plan(actor=world.actor(world.kim), sip=sip, version=sip.version, lead=sip.bo, follow_up_on=None)
    client = signed_in(world.sam)
    form = client.get(reverse("plans:establish", args=[sip.pk])).context["form"]
    assert form.initial["lead"] == str(sip.bo.pk), "the form starts from what is saved"


@pytest.mark.parametrize("state", list(State))
def test_the_lists_sort_by_the_date_the_next_step_is_due(world, state):
    """The lists' database expression for the due date gives the table's date in every state."""
    from lots.plans.nextstep import standing
    from lots.plans.selectors.lists import _consent_active, _with_next_meeting

    sip = _with_next_meeting(Sip.objects.filter(pk=_plan_in(world, state).pk)).get()
    seen = standing(sip, role=Role.LEAD, consent_active=_consent_active(sip), pending_meeting_at=sip.pending_meeting_at)
    assert seen.state == state
    assert sip.due_on == (seen.next_step.due if seen.next_step else None)
