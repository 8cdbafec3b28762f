"""Network maps and network meetings: who is around the child, and what the network agrees.

Staff who know the child (need to know in their own agency) or the child's family coordinator
(the engagement) draw the map with the child and the family and call network meetings. A
meeting becomes a SIP in one step when actions are needed from both a municipality and a region.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core.idempotency import once
from lots.families.models import AgreedAction, Attendee, NetworkMeeting, NetworkPerson, Relation, Sphere
from lots.families.policies import ENGAGEMENT_GROUND
from lots.families.services._common import logged, may_change, raise_if, text
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Principal
from lots.people.models import Child
from lots.plans.services import started_elsewhere

SCALE = range(1, 4)


def _knows(actor: Actor, child: Child) -> str:
    ground = policy.can(actor, "view", child)
    if ground not in policy.NAMING_GROUNDS | {ENGAGEMENT_GROUND}:
        raise policy.Denied()
    return ground


@transaction.atomic
def add_network_person(
    *,
    actor: Actor,
    child: Child,
    sphere: str,
    relation: str,
    name: str,
    closeness: int | None,
    importance: int | None,
    agency: Agency | None = None,
) -> NetworkPerson:
    """Someone in the child's network, private or professional, as close and important as the
    child and the family say."""
    ground = _knows(actor, child)
    errors: dict[str, str] = {}
    if sphere not in Sphere.values:
        errors["sphere"] = _("Choose the private or the professional network.")
    if relation not in Relation.values:
        errors["relation"] = _("Choose the relation.")
    elif (relation == Relation.PROFESSIONAL) != (sphere == Sphere.PROFESSIONAL):
        errors["relation"] = _("A professional belongs to the professional network, everyone else to the private one.")
    name = text(name, "name", _("Give a name or a role."), errors, limit=200)
    for field, value in (("closeness", closeness), ("importance", importance)):
        if value not in SCALE:
            errors[field] = _("Choose a value from 1 to 3.")
    raise_if(errors)
    assert closeness is not None and importance is not None
    person = NetworkPerson.objects.create(
        child=child,
        owner_agency_id=actor.staff_agency_id,
        sphere=sphere,
        relation=relation,
        name=name,
        agency=agency if sphere == Sphere.PROFESSIONAL else None,
        closeness=closeness,
        importance=importance,
        added_by=actor.user,
    )
    logged(actor, Action.CREATE, person, ground)
    return person


@transaction.atomic
def remove_network_person(*, actor: Actor, person: NetworkPerson) -> NetworkPerson:
    ground = may_change(actor, person)
    if person.removed_at is None:
        person.removed_at = timezone.now()
        person.save(update_fields=["removed_at"])
    logged(actor, Action.CHANGE, person, ground, detail="removed")
    return person


@dataclass(frozen=True)
class InviteeInput:
    sphere: str
    name: str
    agency: Agency | None = None


@transaction.atomic
def plan_network_meeting(
    *, actor: Actor, child: Child, starts_at: dt.datetime | None, invitees: Sequence[InviteeInput]
) -> NetworkMeeting:
    """Call the network: the child, the private and the professional network."""
    ground = _knows(actor, child)
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = _("Give the day and time.")
    invitees = [i for i in invitees if i.name.strip()]
    if not invitees:
        errors["invitees"] = _("Invite at least one person.")
    elif any(i.sphere not in Sphere.values for i in invitees):
        errors["invitees"] = _("Choose the private or the professional network.")
    raise_if(errors)
    assert starts_at is not None
    meeting = NetworkMeeting.objects.create(
        child=child, owner_agency_id=actor.staff_agency_id, called_by=actor.user, starts_at=starts_at
    )
    Attendee.objects.bulk_create(
        [Attendee(meeting=meeting, sphere=i.sphere, name=i.name.strip()[:200], agency=i.agency) for i in invitees]
    )
    logged(actor, Action.CREATE, meeting, ground)
    return meeting


@dataclass(frozen=True)
class AgreedInput:
    sphere: str
    who: str
    what: str
    agency: Agency | None = None
    due_on: dt.date | None = None


@transaction.atomic
def record_network_meeting(
    *,
    actor: Actor,
    meeting: NetworkMeeting,
    came: Sequence[int],
    notes: str,
    agreed_plan: str,
    follow_up_on: dt.date | None,
    actions: Sequence[AgreedInput],
) -> NetworkMeeting:
    """Who came, the notes, what the network and the professionals will do, the agreed plan and
    when it is followed up."""
    meeting = NetworkMeeting.objects.select_for_update().get(pk=meeting.pk)
    ground = may_change(actor, meeting)
    if meeting.status != NetworkMeeting.Status.PLANNED:
        raise ValidationError(_("The meeting is already recorded."))
    errors: dict[str, str] = {}
    agreed_plan = text(agreed_plan, "agreed_plan", _("Write the plan the network agreed on."), errors)
    actions = [a for a in actions if a.what.strip()]
    if any(a.sphere not in Sphere.values or not a.who.strip() for a in actions):
        errors["actions"] = _("Say who does each action.")
    if any(a.sphere == Sphere.PROFESSIONAL and a.agency is None for a in actions):
        errors["actions"] = _("Name the agency of each professional's action.")
    if follow_up_on is not None and follow_up_on < timezone.localdate():
        errors["follow_up_on"] = _("The follow-up is today or later.")
    raise_if(errors)
    attendees = list(meeting.attendees.all())
    for attendee in attendees:
        attendee.attended = attendee.pk in set(came)
    Attendee.objects.bulk_update(attendees, ["attended"])
    AgreedAction.objects.bulk_create(
        [
            AgreedAction(
                meeting=meeting,
                sphere=a.sphere,
                who=a.who.strip()[:200],
                what=a.what.strip()[:500],
                agency=a.agency if a.sphere == Sphere.PROFESSIONAL else None,
                due_on=a.due_on,
            )
            for a in actions
        ]
    )
    meeting.status, meeting.notes, meeting.agreed_plan = NetworkMeeting.Status.HELD, notes.strip(), agreed_plan
    meeting.follow_up_on = follow_up_on
    meeting.save()
    logged(actor, Action.CHANGE, meeting, ground, detail="recorded")
    return meeting


def needs_sip(meeting: NetworkMeeting) -> bool:
    """Actions agreed for both a municipality's and a region's agencies: the law asks for a SIP."""
    kinds = {a.agency.principal.kind for a in meeting.actions.select_related("agency__principal") if a.agency}
    return {Principal.Kind.MUNICIPALITY, Principal.Kind.REGION} <= kinds


@transaction.atomic
def meeting_to_sip(*, actor: Actor, meeting: NetworkMeeting, submission_key: str = "") -> NetworkMeeting:
    """The network meeting becomes a SIP in one step, in one transaction: requested by the actor
    (who must know the child in their own agency, as for any SIP request) by the plans app, with
    the agreed plan and actions as
    its reason and the people who came invited to it; the meeting is marked as carried over. A
    repeated submission (the same key) gets the meeting back and starts no second plan."""
    made = once(
        NetworkMeeting,
        user_id=actor.user.pk,
        scope=f"families.meeting_to_sip.{meeting.pk}",
        key=submission_key,
        create=lambda: _carry_over(actor, meeting),
    )
    return made.value


def _carry_over(actor: Actor, meeting: NetworkMeeting) -> NetworkMeeting:
    meeting = NetworkMeeting.objects.select_for_update().get(pk=meeting.pk)
    ground = may_change(actor, meeting)
    if meeting.carried_to_plan is not None:
        raise ValidationError(_("The meeting has already become a SIP."))
    if meeting.status != NetworkMeeting.Status.HELD:
        raise ValidationError(_("Record the meeting first."))
    if not needs_sip(meeting):
        raise ValidationError(_("A SIP is for actions from both the municipality and the region."))
    lines = [meeting.agreed_plan, *[f"– {a.who}: {a.what}" for a in meeting.actions.all()]]
    plan_id = started_elsewhere.start_coordinated_plan(
        actor=actor,
        child=meeting.child,
        reason="\n".join(lines),
        participants=[
            started_elsewhere.Participant(name=a.name, private=a.sphere == Sphere.PRIVATE, agency=a.agency)
            for a in meeting.attendees.filter(attended=True).select_related("agency")
        ],
    )
    meeting.carried_to_plan, meeting.carried_over_at = plan_id, timezone.now()
    meeting.save(update_fields=["carried_to_plan", "carried_over_at"])
    logged(actor, Action.CHANGE, meeting, ground, detail="carried over into a SIP")
    return meeting
