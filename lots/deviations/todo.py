"""What a person must act on in the deviations, for the start page (`lots.core.todo`).

A manager of a unit that handles an agency's part (the unit must answer): Lots' proposals to
confirm or dismiss, the deviations where the unit's analysis is still to be recorded, and those
every agency has answered, to close. A steering group member: the open deviations raised to the
steering group. Which is which is the app's selectors' (`to_act_on`, `raised_to_my_steering_group`).

A deviation may name a child, so the rows read are person data: they are logged. The item says
what is to be done and the deviation's kind, never its text.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core import todo
from lots.deviations import selectors
from lots.deviations.models import Deviation, Status
from lots.organisations.actor import Actor


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    """At most `limit` items, in one statement per list (a manager's, a steering group member's)."""
    if actor.membership is None or limit <= 0:
        return []
    handled = list(selectors.to_act_on(actor)[:limit])
    raised = list(selectors.raised_to_my_steering_group(actor)[: limit - len(handled)]) if len(handled) < limit else []
    policy.log_access(actor, Action.LIST, [*handled, *raised], detail="todo")
    return [_item(d, _to_handle_text(d)) for d in handled] + [
        _item(d, _("Deviation raised to the steering group: %(kind)s") % {"kind": d.get_kind_display()}) for d in raised
    ]


def _to_handle_text(deviation: Deviation) -> str:
    kind = {"kind": deviation.get_kind_display()}
    if deviation.status == Status.PROPOSED:
        return _("Deviation to confirm or dismiss: %(kind)s") % kind
    if deviation.answer_due:  # type: ignore[attr-defined] # annotated by `selectors.to_act_on`
        return _("Deviation to answer: %(kind)s") % kind
    return _("Deviation answered by every agency, to close: %(kind)s") % kind


def _item(deviation: Deviation, text: str) -> todo.Item:
    return todo.Item(
        text=text,
        url=reverse("deviations:detail", args=[deviation.pk]),
        due=deviation.handling_due_on,
        child_id=deviation.child_id,
    )
