"""A SIP started in one step from another app's work (a network meeting that agreed on actions
from both a municipality and a region), through the registry `lots.children.coordinated_plans`:
the request, and the people carried over invited to it. Staff of other agencies are invited from
the plan once its consent names their agency, as for any SIP."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse

from lots.children.coordinated_plans import Participant, Started
from lots.organisations.actor import Actor
from lots.people.models import Child
from lots.plans.models import ParticipantKind
from lots.plans.services.lifecycle import request_sip
from lots.plans.services.participants import add_person


@transaction.atomic
def start_coordinated_plan(*, actor: Actor, child: Child, reason: str, participants: Sequence[Participant]) -> Started:
    """Request the SIP (the actor must know the child in their own agency) and invite the people
    carried over: the private network as relatives, professionals with their agency as their role."""
    sip = request_sip(actor=actor, child=child, reason=reason)
    for person in participants:
        kind = ParticipantKind.RELATIVE if person.private else ParticipantKind.OTHER
        role = person.agency.name if person.agency else ""
        add_person(actor=actor, sip=sip, kind=kind, name=person.name, role_text=role)
    return Started(plan_id=sip.pk, url=plan_url(sip.pk))


def plan_url(plan_id: int) -> str:
    return reverse("plans:detail", args=[plan_id])
