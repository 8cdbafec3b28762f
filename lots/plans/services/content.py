"""Writing the plan: needs and goals, and actions with their costs. Each row belongs to the writer's
agency; another agency reads it only under the consent, and only the writer's agency changes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core.idempotency import once
from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.plans import workflow
from lots.plans.models import (
    Area,
    CostPeriod,
    EventKind,
    GoalKind,
    ResponsibleKind,
    Sip,
    SipAction,
    SipCostShare,
    SipGoal,
)
from lots.plans.services import _common as common

if TYPE_CHECKING:
    from lots.catalogue.models import Intervention


#: The rows written into the plan, each by one agency, added and revised the same way.
Row = TypeVar("Row", SipGoal, SipAction)


def _may_change(actor: Actor, row: models.Model) -> None:
    """Only the agency that wrote a row changes it (a consent never lets another agency edit)."""
    if policy.can(actor, "change", row) is None:
        raise policy.Denied()


def _add(
    actor: Actor,
    sip: Sip,
    errors: dict[str, str],
    *,
    model: type[Row],
    name: str,
    event: str,
    submission_key: str,
    create: Callable[[Sip], Row],
) -> Row:
    """Add a row to the plan: the actor acts on it, it is being written, the input is whole; made
    once per submission key, with one event in the history and one row in the log."""
    sip = common.lock(sip)
    common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("write in the plan"))
    if errors:
        raise ValidationError(errors)
    made = once(
        model, user_id=actor.user.pk, scope=f"plans.{name}.{sip.pk}", key=submission_key, create=lambda: create(sip)
    )
    if made.created:
        common.record_event(actor, sip, event)
        common.log_own(actor, Action.CREATE, made.value)
    return made.value


def _revise(
    actor: Actor,
    row: Row,
    version: int | None,
    errors: dict[str, str],
    *,
    values: dict[str, object],
    event: str,
    also: Callable[[Row], list[str]] | None = None,
) -> Row:
    """Revise a row of the plan: only its agency, while the plan is being written, on the version
    the writer saw. `values` are its new fields; `also` changes what is not a field of its own and
    names it. Nothing changed: nothing written."""
    sip = common.lock(row.sip)
    common.may_act(actor, sip)
    row = type(row).objects.select_for_update().get(pk=row.pk, sip=sip)
    _may_change(actor, row)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("write in the plan"))
    common.check_row_version(row, version)
    if errors:
        raise ValidationError(errors)
    own: list[str] = [name for name, value in values.items() if getattr(row, name) != value]
    changed = own + (also(row) if also else [])
    if changed:
        for name in own:
            setattr(row, name, values[name])
        row.version += 1
        row.revised_at = timezone.now()
        row.save(update_fields=[*own, "version", "revised_at"])
        common.record_event(actor, sip, event, fields=changed)
        common.log_own(actor, Action.CHANGE, row)
    return row


def _goal_errors(area: str, kind: str, text: str) -> dict[str, str]:
    errors = {}
    if area not in Area.values:
        errors["area"] = _("Choose the area.")
    if kind not in GoalKind.values:
        errors["kind"] = _("Choose whether it is a need or a goal.")
    if not text.strip():
        errors["text"] = _("Write the need or the goal.")
    return errors


@transaction.atomic
def add_goal(*, actor: Actor, sip: Sip, area: str, kind: str, text: str, submission_key: str = "") -> SipGoal:
    return _add(
        actor,
        sip,
        _goal_errors(area, kind, text),
        model=SipGoal,
        name="goal",
        event=EventKind.GOAL_ADDED,
        submission_key=submission_key,
        create=lambda sip: SipGoal.objects.create(
            sip=sip,
            owner_agency_id=actor.staff_agency_id,
            written_by=actor.user,
            area=area,
            kind=kind,
            text=text.strip(),
        ),
    )


@transaction.atomic
def revise_goal(*, actor: Actor, goal: SipGoal, version: int | None, area: str, kind: str, text: str) -> SipGoal:
    return _revise(
        actor,
        goal,
        version,
        _goal_errors(area, kind, text),
        values={"area": area, "kind": kind, "text": text.strip()},
        event=EventKind.GOAL_REVISED,
    )


@dataclass(frozen=True)
class CostShareInput:
    payer: Agency
    percent: int


@dataclass(frozen=True)
class ActionInput:
    what: str
    responsible_kind: str
    starts_on: dt.date | None
    responsible_agency: Agency | None = None
    responsible_other: str = ""
    responsible_person: str = ""
    ends_on: dt.date | None = None
    goal: SipGoal | None = None
    intervention: Intervention | None = None
    intervention_name: str = ""
    cost_amount: Decimal | None = None
    cost_period: str = ""
    cost_shares: Sequence[CostShareInput] = field(default_factory=tuple)


def action_errors(data: ActionInput, *, sip_id: int | None = None) -> dict[str, str]:
    """Everything wrong with an action, by field: a responsible, dates in order, shares of 100 %."""
    errors = {}
    if not data.what.strip():
        errors["what"] = _("Say what the action is.")
    if data.responsible_kind not in ResponsibleKind.values:
        errors["responsible_kind"] = _("Choose who is responsible for the action.")
    elif data.responsible_kind == ResponsibleKind.AGENCY and data.responsible_agency is None:
        errors["responsible_agency"] = _("Choose the agency responsible for the action.")
    elif data.responsible_kind != ResponsibleKind.AGENCY and not data.responsible_other.strip():
        errors["responsible_other"] = _("Name who is responsible for the action.")
    if data.starts_on is None:
        errors["starts_on"] = _("Give the day the action starts.")
    elif data.ends_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = _("The action cannot end before it starts.")
    if data.goal is not None and sip_id is not None and data.goal.sip_id != sip_id:
        errors["goal"] = _("Choose one of the plan's goals.")
    if data.cost_amount is not None and data.cost_amount < 0:
        errors["cost_amount"] = _("The cost cannot be negative.")
    elif data.cost_amount is not None and data.cost_period not in CostPeriod.values:
        errors["cost_period"] = _("Say whether the cost is once, per month or per year.")
    shares = list(data.cost_shares)
    if shares:
        total = sum(share.percent for share in shares)
        if data.cost_amount is None:
            errors["cost_shares"] = _("Give the cost before sharing it.")
        elif len({share.payer.pk for share in shares}) != len(shares):
            errors["cost_shares"] = _("Name each paying agency once.")
        elif any(not 1 <= share.percent <= 100 for share in shares):
            errors["cost_shares"] = _("Each share is between 1 and 100 per cent.")
        elif total != 100:
            errors["cost_shares"] = _("The shares must add up to 100 per cent (now %(total)s).") % {"total": total}
    return errors


def _action_fields(data: ActionInput) -> dict:
    is_agency = data.responsible_kind == ResponsibleKind.AGENCY
    return {
        "what": data.what.strip(),
        "responsible_kind": data.responsible_kind,
        "responsible_agency": data.responsible_agency if is_agency else None,
        "responsible_other": "" if is_agency else data.responsible_other.strip(),
        "responsible_person": data.responsible_person.strip(),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "goal": data.goal,
        "intervention": data.intervention,
        "intervention_name": data.intervention.name if data.intervention else data.intervention_name.strip(),
        "cost_amount": data.cost_amount,
        "cost_period": data.cost_period if data.cost_amount is not None else "",
    }


def _replace_shares(action: SipAction, shares: Sequence[CostShareInput]) -> None:
    action.cost_shares.all().delete()
    SipCostShare.objects.bulk_create([SipCostShare(action=action, payer=s.payer, percent=s.percent) for s in shares])


@transaction.atomic
def add_action(*, actor: Actor, sip: Sip, data: ActionInput, submission_key: str = "") -> SipAction:
    """An action of the plan, by an agency or by someone else (the family, an association, the police)."""

    def create(sip: Sip) -> SipAction:
        action = SipAction.objects.create(
            sip=sip, owner_agency_id=actor.staff_agency_id, written_by=actor.user, **_action_fields(data)
        )
        _replace_shares(action, data.cost_shares)
        return action

    return _add(
        actor,
        sip,
        action_errors(data, sip_id=sip.pk),
        model=SipAction,
        name="action",
        event=EventKind.ACTION_ADDED,
        submission_key=submission_key,
        create=create,
    )


@transaction.atomic
def revise_action(*, actor: Actor, action: SipAction, version: int | None, data: ActionInput) -> SipAction:
    def shares(action: SipAction) -> list[str]:
        old = sorted((s.payer_id, s.percent) for s in action.cost_shares.all())
        if old == sorted((s.payer.pk, s.percent) for s in data.cost_shares):
            return []
        _replace_shares(action, data.cost_shares)
        return ["cost_shares"]

    return _revise(
        actor,
        action,
        version,
        action_errors(data, sip_id=action.sip_id),
        values=_action_fields(data),
        event=EventKind.ACTION_REVISED,
        also=shares,
    )
