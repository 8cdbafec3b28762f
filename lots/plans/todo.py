"""What a plan's lead must do next, for the start page (`lots.core.todo`): the plans I lead whose
next step (the plans' own rule, `nextstep`) has a date, the earliest first."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core import todo
from lots.organisations.actor import Actor
from lots.plans.nextstep import next_step
from lots.plans.selectors.lists import _with_next_meeting, sips_taking_part


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    sips = list(
        _with_next_meeting(sips_taking_part(actor).filter(lead_user_id=actor.user.pk))
        .filter(due_on__isnull=False)
        .order_by(F("due_on").asc(), "pk")[:limit]
    )
    policy.log_access(actor, Action.LIST, sips, detail="todo")
    found = []
    for sip in sips:
        step = next_step(sip, next_meeting_at=sip.next_meeting_at, today=today)
        if step is not None:
            found.append(
                todo.Item(
                    text=_("SIP: %(step)s") % {"step": step.text},
                    url=reverse("plans:detail", args=[sip.pk]),
                    due=step.due,
                    child_id=sip.child_id,
                )
            )
    return found
