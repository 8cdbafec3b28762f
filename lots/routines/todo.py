"""What a person must do in the routines, for the start page (`lots.core.todo`): the journey steps
they hold, the steps handed over to their unit and waiting to be accepted, and the routines that
concern them and are not yet read and acknowledged."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core import todo
from lots.organisations.actor import Actor
from lots.routines.models import ACTIVE_STEP_STATUSES, JourneyStep
from lots.routines.selectors import to_read


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    if actor.membership is None:
        return []
    steps = _steps(actor, limit)
    return steps + _to_read(actor, limit - len(steps))


def _steps(actor: Actor, limit: int) -> list[todo.Item]:
    """The steps I hold and those handed over to my unit, not yet accepted (one statement)."""
    mine = Q(owner_user_id=actor.user.pk, status__in=ACTIVE_STEP_STATUSES)
    waiting = Q(handovers__to_unit_id=actor.unit_id, handovers__accepted_at__isnull=True)
    steps = list(
        policy.with_grounds(actor, JourneyStep.objects.filter(mine | waiting).distinct())
        .select_related("step", "journey")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:limit]
    )
    policy.log_access(actor, Action.LIST, steps, detail="todo")
    return [
        todo.Item(
            text=(_("Routine step: %(step)s") if js.owner_user_id == actor.user.pk else _("Handed over: %(step)s"))
            % {"step": js.step.label},
            url=reverse("routines:journey", args=[js.journey_id]),
            due=js.due_on,
            child_id=js.journey.child_id,
        )
        for js in steps
    ]


def _to_read(actor: Actor, limit: int) -> list[todo.Item]:
    if limit <= 0:
        return []
    return [
        todo.Item(
            text=_("Read and acknowledge: %(routine)s") % {"routine": version.routine.name},
            url=reverse("routines:version", args=[version.pk]),
        )
        for version in to_read(actor)[:limit]
    ]
