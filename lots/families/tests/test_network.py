"""Network maps and network meetings: who may draw them, and when a meeting becomes a SIP."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lots.access import policy
from lots.families import services
from lots.families.models import NetworkMeeting, NetworkPerson

pytestmark = pytest.mark.django_db


def _meeting(world, actor=None):
    return services.plan_network_meeting(
        actor=actor or world.actor(world.sam),
        child=world.elin,
        starts_at=timezone.now(),
        invitees=[services.InviteeInput(sphere="private", name="Mormor Ingrid")],
    )


def test_only_staff_who_know_the_child_or_its_coordinator_draw_the_map(world, team, family):
    with pytest.raises(policy.Denied):
        services.add_network_person(
            actor=world.actor(world.tor), child=world.elin, sphere="private", relation="friend", name="Vän",
            closeness=2, importance=2,
        )  # fmt: skip
    person = services.add_network_person(
        actor=world.actor(team.fia), child=world.elin, sphere="private", relation="friend", name="Vän",
        closeness=2, importance=2,
    )  # fmt: skip
    assert person.owner_agency_id == team.care.pk
    services.remove_network_person(actor=world.actor(team.fia), person=person)
    assert NetworkPerson.objects.get().removed_at is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"closeness": 4}, "closeness"), ({"relation": "professional"}, "relation"), ({"name": " "}, "name")],
)
def test_a_network_person_with_bad_input_is_refused(world, overrides, field):
    values = dict(sphere="private", relation="friend", name="Vän", closeness=2, importance=2)
    with pytest.raises(ValidationError) as caught:
        services.add_network_person(actor=world.actor(world.sam), child=world.elin, **{**values, **overrides})
    assert field in caught.value.error_dict
    assert not NetworkPerson.objects.exists()


def _record(world, meeting, actions):
    return services.record_network_meeting(
        actor=world.actor(world.sam),
        meeting=meeting,
        came=[a.pk for a in meeting.attendees.all()],
        notes="",
        agreed_plan="Mormor hämtar, skolan anpassar.",
        follow_up_on=None,
        actions=actions,
    )


def test_a_meeting_with_actions_of_the_municipality_alone_does_not_become_a_sip(world):
    meeting = _meeting(world)
    _record(world, meeting, [services.AgreedInput(sphere="professional", who="Sam", what="Stöd", agency=world.social)])
    assert not services.needs_sip(meeting)
    with pytest.raises(ValidationError):
        services.meeting_to_sip(actor=world.actor(world.sam), meeting=meeting)
    assert NetworkMeeting.objects.get().carried_to_plan is None


def test_a_meeting_is_recorded_once_and_needs_a_plan(world):
    meeting = _meeting(world)
    with pytest.raises(ValidationError) as caught:
        services.record_network_meeting(
            actor=world.actor(world.sam), meeting=meeting, came=[], notes="", agreed_plan="", follow_up_on=None,
            actions=[services.AgreedInput(sphere="professional", who="Bo", what="Utredning")],
        )  # fmt: skip
    assert {"agreed_plan", "actions"} <= set(caught.value.error_dict)
    _record(world, meeting, [])
    with pytest.raises(ValidationError):
        _record(world, meeting, [])


def test_the_school_sees_the_meeting_only_under_the_familys_consent(world, team):
    meeting = _meeting(world)
    assert policy.can(world.actor(world.kim), "view", meeting) is None
    assert policy.can(world.actor(world.sam), "change", meeting) == "assignment"


def _both_principals(world):
    return [
        services.AgreedInput(sphere="professional", who="Sam", what="Familjebehandling", agency=world.social),
        services.AgreedInput(sphere="professional", who="Bo", what="Utredning", agency=world.bup),
    ]


def test_a_meeting_becomes_a_sip_once_with_its_plan_and_the_people_who_came(world):
    from lots.plans.models import ParticipantKind, Sip, SipParticipant

    meeting = _meeting(world)
    _record(world, meeting, _both_principals(world))
    key = "k" * 32
    carried = services.meeting_to_sip(actor=world.actor(world.sam), meeting=meeting, submission_key=key)
    again = services.meeting_to_sip(actor=world.actor(world.sam), meeting=meeting, submission_key=key)
    sip = Sip.objects.get()  # the repeated submission started no second plan
    assert again.pk == carried.pk and carried.carried_to_plan == sip.pk and carried.carried_over_at is not None
    assert "Mormor hämtar" in sip.reason and "Bo: Utredning" in sip.reason
    invited = SipParticipant.objects.get(sip=sip, name="Mormor Ingrid")
    assert invited.kind == ParticipantKind.RELATIVE and invited.invited_by == world.sam
    with pytest.raises(ValidationError):  # another submission: the meeting is carried over already
        services.meeting_to_sip(actor=world.actor(world.sam), meeting=meeting, submission_key="n" * 32)
    assert Sip.objects.count() == 1


def test_a_sip_refused_leaves_the_meeting_as_it_was(world, team, family):
    """The coordinator's ground is the engagement, not need to know in their own agency: the plans
    app refuses the request, and nothing of the step is kept (one transaction)."""
    from lots.plans.models import Sip

    meeting = _meeting(world, world.actor(team.fia))
    services.record_network_meeting(
        actor=world.actor(team.fia), meeting=meeting, came=[], notes="", agreed_plan="Planen.",
        follow_up_on=None, actions=_both_principals(world),
    )  # fmt: skip
    with pytest.raises(policy.Denied):
        services.meeting_to_sip(actor=world.actor(team.fia), meeting=meeting, submission_key="f" * 32)
    assert NetworkMeeting.objects.get().carried_to_plan is None and not Sip.objects.exists()
