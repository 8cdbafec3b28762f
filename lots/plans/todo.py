"""What a plan's lead must do next, for the start page (`lots.core.todo`): the plans I lead whose
next step (the workflow's table, `nextstep`) has a date, the earliest first."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.core import todo
from lots.organisations.actor import Actor
from lots.plans.selectors.lists import next_steps_i_lead


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    return [
        todo.Item(
            text=_("SIP: %(step)s") % {"step": step.text},
            url=reverse("plans:detail", args=[sip.pk]),
            due=step.due,
            child_id=sip.child_id,
        )
        for sip, step in next_steps_i_lead(actor, today, limit)
    ]
