"""A SIP started in one step from another app's work (a network meeting of the families app that
agreed on actions from both a municipality and a region): the request, and the people carried
over invited to it. Staff of other agencies are invited from the plan once its consent names their
agency, as for any SIP. It runs in the caller's transaction: when the caller's own change fails
afterwards, the plan is rolled back with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.people.models import Child
from lots.plans.models import ParticipantKind
from lots.plans.services.lifecycle import request_sip
from lots.plans.services.participants import add_person


@dataclass(frozen=True)
class Participant:
    """Someone carried over into the plan: of the child's private network (a relative, a friend),
    or a professional of an agency (named, not a user of Lots)."""

    name: str
    private: bool
    agency: Agency | None = None


@transaction.atomic
def start_coordinated_plan(*, actor: Actor, child: Child, reason: str, participants: Sequence[Participant]) -> int:
    """Request the SIP (the actor must know the child in their own agency) and invite the people
    carried over: the private network as relatives, professionals with their agency as their role.
    Returns the plan's id."""
    sip = request_sip(actor=actor, child=child, reason=reason)
    for person in participants:
        kind = ParticipantKind.RELATIVE if person.private else ParticipantKind.OTHER
        role = person.agency.name if person.agency else ""
        add_person(actor=actor, sip=sip, kind=kind, name=person.name, role_text=role)
    return sip.pk


def plan_url(plan_id: int) -> str:
    return reverse("plans:detail", args=[plan_id])
