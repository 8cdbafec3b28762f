"""Absence signals still to decide on, for the start page (`lots.core.todo`): this term's signals
the person may see (the mentor's pupils, the student health team's, the head teacher's school)
that no one has decided on yet, in the agency the person acts in, with the routine's
investigation date where there is one."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.attendance import warning
from lots.attendance.models import Signal
from lots.attendance.selectors import due_on
from lots.audit.models import Action
from lots.core import todo
from lots.organisations.actor import Actor


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    if actor.membership is None:
        return []
    # The school's signals are the school's work: another agency that may read them under a consent
    # sees them on the child's page, not as something to do.
    open_signals = Signal.objects.filter(
        agency_id=actor.agency_id, term_start=warning.term_start(today), decided_at__isnull=True
    )
    signals = list(
        policy.with_grounds(actor, open_signals).select_related("child").order_by("-raised_on", "-pk")[:limit]
    )
    policy.log_access(actor, Action.LIST, signals, detail="todo")
    return [
        todo.Item(
            text=_("School absence: %(level)s") % {"level": signal.get_level_display()},
            url=reverse("attendance:signal", args=[signal.pk]),
            due=due_on(signal),
            child_id=signal.child_id,
        )
        for signal in signals
    ]
