"""Reads of network maps and network meetings, through the access policy and into the log."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from lots.access import policy
from lots.access.presentation import PersonView
from lots.audit.models import Action
from lots.families import ecomap
from lots.families.models import AgreedAction, Attendee, NetworkMeeting, NetworkPerson
from lots.families.policies import ENGAGEMENT_GROUND
from lots.families.selectors.engagements import _child_as_seen
from lots.organisations.actor import Actor
from lots.people.models import Child
from lots.plans.services import started_elsewhere


def _may_draw(ground: str | None) -> bool:
    return ground in policy.NAMING_GROUNDS | {ENGAGEMENT_GROUND}


@dataclass
class NetworkPage:
    child: PersonView
    people: list[NetworkPerson]
    drawing: SafeString | None
    meetings: list[NetworkMeeting]
    may_draw: bool
    removable: set[int]


@dataclass
class Network:
    child: PersonView
    people: list[NetworkPerson]
    meetings: list[NetworkMeeting]
    ground: str | None


def network_of(actor: Actor, child_id: int) -> Network:
    """The people of the child's network (private and professional) and the child's network
    meetings: what the actor may see of them, logged."""
    with policy.one_page(actor):
        child = policy.get_visible(actor, Child.objects.select_related("school_unit"), pk=child_id)
        policy.log_access(actor, Action.VIEW, [child], detail="network map")
        people = list(
            policy.with_grounds(
                actor, NetworkPerson.objects.filter(removed_at__isnull=True), child_id=child.pk
            ).select_related("agency", "child")
        )
        meetings = list(
            policy.with_grounds(actor, NetworkMeeting.objects.all(), child_id=child.pk).select_related("child")
        )
        policy.log_access(actor, Action.LIST, [*people, *meetings])
        return Network(_child_as_seen(actor, child), people, meetings, child._ground)


def network_page(actor: Actor, child_id: int) -> NetworkPage:
    """The child's network map (an ecomap, the child in the centre) with its table, and the
    child's network meetings."""
    network = network_of(actor, child_id)
    return NetworkPage(
        child=network.child,
        people=network.people,
        drawing=ecomap.draw(str(network.child.first_name), network.people),
        meetings=network.meetings,
        may_draw=_may_draw(network.ground),
        removable={p.pk for p in network.people if p._ground in policy.CHANGE_GROUNDS | {ENGAGEMENT_GROUND}},
    )


@dataclass
class MeetingPage:
    meeting: NetworkMeeting
    child: PersonView
    attendees: list[Attendee]
    actions: list[AgreedAction]
    may_change: bool
    needs_sip: bool
    plan_url: str  # the SIP the meeting was carried over into, or ""


def meeting_page(actor: Actor, meeting_id: int) -> MeetingPage:
    with policy.one_page(actor):
        meeting = policy.get_visible(actor, NetworkMeeting.objects.select_related("child"), pk=meeting_id)
        attendees = list(
            policy.with_grounds(actor, Attendee.objects.filter(meeting_id=meeting.pk)).select_related(
                "agency", "meeting__child"
            )
        )
        actions = list(
            policy.with_grounds(actor, AgreedAction.objects.filter(meeting_id=meeting.pk)).select_related(
                "agency__principal", "meeting__child"
            )
        )
        policy.log_access(actor, Action.VIEW, [meeting])
        policy.log_access(actor, Action.LIST, [*attendees, *actions])
        may_change = meeting._ground in policy.CHANGE_GROUNDS | {ENGAGEMENT_GROUND}
        kinds = {a.agency.principal.kind for a in actions if a.agency}
        return MeetingPage(
            meeting=meeting,
            child=_child_as_seen(actor, meeting.child),
            attendees=attendees,
            actions=actions,
            may_change=may_change,
            needs_sip=len(kinds) == 2 and meeting.carried_to_plan is None,  # a municipality's and a region's
            plan_url=started_elsewhere.plan_url(meeting.carried_to_plan) if meeting.carried_to_plan else "",
        )


def meeting_for_action(actor: Actor, meeting_id: int) -> NetworkMeeting:
    return policy.get_visible(actor, NetworkMeeting.objects.all(), pk=meeting_id)


def network_person_for_action(actor: Actor, person_id: int) -> NetworkPerson:
    return policy.get_visible(actor, NetworkPerson.objects.all(), pk=person_id)
