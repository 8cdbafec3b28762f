"""What the family coordination team must act on, for the start page (`lots.core.todo`): the
referrals received and not yet decided, the oldest first."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core import todo
from lots.families.models import Referral, ReferralStatus
from lots.families.policies import in_team
from lots.organisations.actor import Actor


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    if not in_team(actor):
        return []
    referrals = list(
        policy.with_grounds(actor, Referral.objects.filter(team_id=actor.unit_id, status=ReferralStatus.RECEIVED))
        .select_related("child")
        .order_by("received_at", "pk")[:limit]
    )
    policy.log_access(actor, Action.LIST, referrals, detail="todo")
    return [
        todo.Item(
            text=_("Referral to the family coordination team: decide"),
            url=reverse("families:referral", args=[r.pk]),
            child_id=r.child_id,
        )
        for r in referrals
    ]
