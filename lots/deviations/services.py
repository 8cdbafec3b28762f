"""Deviations: reporting one, and each step of its handling.

Each function is one business action in one transaction: it checks the access policy and the
status table (`workflow.TRANSITIONS`), appends to the history, writes the audit row and tells
whom it concerns after the commit (fixed texts, no person data). A stale form (the deviation
changed since it was read) is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core.forms import cleaned_text
from lots.deviations import routing
from lots.deviations.models import Deviation, DeviationEvent, Kind, Party, Source, Status
from lots.deviations.policies import HANDLER, REPORTER
from lots.deviations.workflow import allowed
from lots.notifications.services import notify, notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit, User
from lots.people.models import Child


def deviation_url(deviation: Deviation) -> str:
    return reverse("deviations:detail", args=[deviation.pk])


def _event(deviation, kind, actor: Actor | None, *, from_status="", agency_id=None, note="") -> DeviationEvent:
    return DeviationEvent.objects.create(
        deviation=deviation,
        kind=kind,
        by=actor.user if actor else None,
        agency_id=agency_id,
        from_status=from_status,
        to_status=deviation.status if from_status else "",
        note=note,
    )


def _move(deviation: Deviation, to_status: str) -> str:
    if not allowed(deviation.status, to_status):
        raise ValidationError(
            _("The deviation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": deviation.get_status_display(),
                "to": Status(to_status).label,
            }
        )
    from_status = deviation.status
    deviation.status = to_status
    return from_status


def _check_version(deviation: Deviation, version: int | None) -> None:
    if version is not None and version != deviation.version:
        raise ValidationError(_("Someone else changed the deviation while you were reading it. Look again and retry."))


def _save(deviation: Deviation, *fields: str) -> None:
    deviation.version += 1
    deviation.save(update_fields=[*fields, "version"])


def _handlers(deviation: Deviation) -> list[User]:
    units = [p.handler_unit_id for p in deviation.parties.all() if p.handler_unit_id]
    found = routing.managers_of(units)
    people = {u.pk: u for unit in units for u in found.get(unit, [])}
    if any(p.handler_unit_id is None for p in deviation.parties.all()):
        people |= {u.pk: u for u in routing.steering_group(_principal_ids(deviation))}
    return list(people.values())


def _tell_handlers(deviation: Deviation, actor: Actor, *, kind: str, dedupe_key: str) -> None:
    """The handlers of every agency involved, but the one who acted, once the change is committed."""
    recipients = [u for u in _handlers(deviation) if u.pk != actor.user.pk]
    notify_after_commit(recipients=recipients, kind=kind, url=deviation_url(deviation), dedupe_key=dedupe_key)


def _principal_ids(deviation: Deviation) -> set[int]:
    return set(deviation.parties.values_list("agency__principal_id", flat=True))


def handling_due(now: dt.datetime) -> dt.date:
    return timezone.localdate(now) + dt.timedelta(days=settings.LOTS_DEVIATIONS_HANDLING_DAYS)


def _add_parties(deviation: Deviation, parties: list[tuple[Agency, Unit | None]]) -> None:
    Party.objects.bulk_create(
        [
            Party(deviation=deviation, agency=agency, unit=unit, handler_unit=routing.handler_unit_for(agency, unit))
            for agency, unit in parties
        ]
    )


def _raise_if_several_principals(deviation: Deviation, actor: Actor | None) -> bool:
    """More than one principal involved: on to the steering group (its next meeting's agenda)."""
    principals = _principal_ids(deviation)
    if len(principals) < 2 or deviation.raised_at is not None:
        return False
    deviation.raised_at = timezone.now()
    deviation.save(update_fields=["raised_at"])
    _event(deviation, DeviationEvent.Kind.RAISED, actor)
    notify_after_commit(
        recipients=routing.steering_group(principals),
        kind="deviations.raised",
        url=deviation_url(deviation),
        dedupe_key=f"deviation-{deviation.pk}-raised-{deviation.reopened_count}",
    )
    return True


@transaction.atomic
def report_deviation(
    *,
    actor: Actor,
    kind: str,
    happened_on: dt.date | None,
    description: str,
    consequence: str = "",
    agencies: list[Agency],
    child: Child | None = None,
) -> Deviation:
    """Anyone in staff reports that collaboration failed. Their own agency's part is their unit's."""
    membership = actor.staff_membership
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose what kind of deviation it is.")
    if happened_on is None:
        errors["happened_on"] = _("Give the day it happened.")
    elif happened_on > timezone.localdate():
        errors["happened_on"] = _("The day cannot be in the future.")
    description = cleaned_text(errors, "description", description, _("Describe what happened."))
    consequence = cleaned_text(errors, "consequence", consequence, "", required=False)
    if not agencies:
        errors["agencies"] = _("Choose at least one agency involved.")
    if child is not None and policy.can(actor, "view", child) is None:
        errors["child"] = _("You can only name a child you work with.")
    if errors:
        raise ValidationError(errors)
    assert happened_on is not None
    now = timezone.now()
    deviation = Deviation.objects.create(
        reporting_agency_id=membership.unit.agency_id,
        reporting_unit_id=membership.unit_id,
        reported_by=actor.user,
        reported_at=now,
        kind=kind,
        happened_on=happened_on,
        description=description,
        consequence=consequence,
        child=child,
        status=Status.OPEN,
        handling_due_on=handling_due(now),
    )
    unique = {a.pk: a for a in agencies}
    _add_parties(
        deviation,
        [(a, membership.unit if a.pk == membership.unit.agency_id else None) for a in unique.values()],
    )
    _event(deviation, DeviationEvent.Kind.REPORTED, actor)
    policy.log_access(actor, Action.CREATE, [deviation], ground=REPORTER)
    _raise_if_several_principals(deviation, actor)
    _tell_handlers(deviation, actor, kind="deviations.received", dedupe_key=f"deviation-{deviation.pk}-received")
    return deviation


@dataclass(frozen=True)
class Signal:
    """One of Lots' own signals that collaboration failed, with its evidence."""

    key: str
    source: str
    kind: str
    agency_id: int
    unit_id: int | None
    happened_on: dt.date
    evidence_url: str
    child_id: int | None = None
    other_agency_ids: tuple[int, ...] = ()


#: What a proposal says: a fixed text per signal, never person data.
SIGNAL_TEXT = {
    Source.REPORT_DEADLINE: "A concern report passed a statutory deadline without the step being recorded.",
    Source.FEEDBACK_LATE: "Feedback to the reporter of a concern report was not given in time.",
    Source.SIP_FOLLOW_UP: "A SIP passed its follow-up date without being followed up.",
    Source.SIP_ABSENCE: "An agency called to a SIP's meetings did not attend twice.",
    Source.STEP_UNOWNED: "A step of a child's journey was left without an owner past its escalation.",
    Source.REQUEST_UNOWNED: "A request for help was left without an owner past its escalation.",
    Source.CHILD_UNOWNED: "A child was left without an owner.",
}


def propose(*, signal: Signal, now: dt.datetime | None = None) -> Deviation | None:
    """Lots proposes a deviation from its own signal to the nearest managers of the agency
    concerned; the same signal is never proposed twice (a dismissal is remembered). The system
    acts: the log row has no actor. Runs in the caller's transaction (the daily scan's batch)."""
    if Deviation.objects.filter(signal_key=signal.key).exists():
        return None
    now = now or timezone.now()
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=[signal.agency_id, *signal.other_agency_ids])}
    unit = Unit.objects.filter(pk=signal.unit_id).first() if signal.unit_id else None
    deviation = Deviation.objects.create(
        reporting_agency_id=signal.agency_id,
        reporting_unit=unit,
        reported_at=now,
        kind=signal.kind,
        source=signal.source,
        signal_key=signal.key,
        evidence_url=signal.evidence_url,
        happened_on=signal.happened_on,
        description=SIGNAL_TEXT[Source(signal.source)],
        child_id=signal.child_id,
        status=Status.PROPOSED,
    )
    _add_parties(
        deviation,
        [(agencies[signal.agency_id], unit)] + [(agencies[a], None) for a in signal.other_agency_ids if a in agencies],
    )
    _event(deviation, DeviationEvent.Kind.PROPOSED, None, note=signal.source)
    policy.log_access(None, Action.CREATE, [deviation], detail="proposed from a signal")
    concerned = [p for p in deviation.parties.all() if p.agency_id == signal.agency_id]
    recipients = routing.managers_of([p.handler_unit_id for p in concerned if p.handler_unit_id])
    people = [u for users in recipients.values() for u in users] or routing.steering_group(_principal_ids(deviation))
    notify(
        recipients=people,
        kind="deviations.proposed",
        url=deviation_url(deviation),
        dedupe_key=f"deviation-{deviation.pk}-proposed",
    )
    return deviation


def _acting_party(actor: Actor, deviation: Deviation) -> Party:
    """The party the actor handles: a manager of its handler unit. Anyone else is refused."""
    if policy.can(actor, "change", deviation) is None:
        raise PermissionDenied
    party = deviation.parties.filter(handler_unit_id=actor.unit_id).first() if actor.manages_unit else None
    if party is None:
        raise PermissionDenied
    return party


def _locked(actor: Actor, deviation: Deviation, version: int | None) -> tuple[Deviation, Party]:
    """The deviation locked for the change, the actor's party in it, and a stale form refused."""
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    party = _acting_party(actor, deviation)
    _check_version(deviation, version)
    return deviation, party


@transaction.atomic
def confirm_proposal(*, actor: Actor, deviation: Deviation, note: str = "", version: int | None = None) -> Deviation:
    """The nearest manager confirms a deviation Lots proposed: it is handled like a reported one."""
    deviation, party = _locked(actor, deviation, version)
    errors: dict[str, str] = {}
    note = cleaned_text(errors, "note", note, "", required=False)
    if errors:
        raise ValidationError(errors)
    from_status = _move(deviation, Status.OPEN)
    now = timezone.now()
    deviation.confirmed_at = now
    deviation.handling_due_on = handling_due(now)
    _save(deviation, "status", "confirmed_at", "handling_due_on")
    _event(
        deviation, DeviationEvent.Kind.CONFIRMED, actor, from_status=from_status, agency_id=party.agency_id, note=note
    )
    policy.log_access(actor, Action.CHANGE, [deviation], ground=HANDLER, detail="confirmed")
    _raise_if_several_principals(deviation, actor)
    _tell_handlers(deviation, actor, kind="deviations.received", dedupe_key=f"deviation-{deviation.pk}-received")
    return deviation


@transaction.atomic
def dismiss_proposal(*, actor: Actor, deviation: Deviation, reason: str, version: int | None = None) -> Deviation:
    """The nearest manager dismisses a proposal, with a reason. The signal is not proposed again."""
    deviation, party = _locked(actor, deviation, version)
    errors: dict[str, str] = {}
    reason = cleaned_text(errors, "reason", reason, _("Say why the proposal is dismissed."))
    if errors:
        raise ValidationError(errors)
    from_status = _move(deviation, Status.DISMISSED)
    deviation.dismissed_reason = reason
    _save(deviation, "status", "dismissed_reason")
    _event(
        deviation, DeviationEvent.Kind.DISMISSED, actor, from_status=from_status, agency_id=party.agency_id, note=reason
    )
    policy.log_access(actor, Action.CHANGE, [deviation], ground=HANDLER, detail="dismissed")
    return deviation


@transaction.atomic
def record_analysis(
    *, actor: Actor, deviation: Deviation, analysis: str, measures: str, version: int | None = None
) -> Party:
    """A manager of an agency involved records its analysis and the measures agreed."""
    deviation, party = _locked(actor, deviation, version)
    if deviation.status != Status.OPEN:
        raise ValidationError(_("Only a deviation being handled takes an analysis."))
    errors: dict[str, str] = {}
    analysis = cleaned_text(errors, "analysis", analysis, _("Write the analysis: why did it happen?"))
    measures = cleaned_text(errors, "measures", measures, _("Write the measures agreed."))
    if errors:
        raise ValidationError(errors)
    party.analysis, party.measures = analysis, measures
    party.responded_at, party.responded_by = timezone.now(), actor.user
    party.save(update_fields=["analysis", "measures", "responded_at", "responded_by"])
    _save(deviation, "status")
    note = f"{analysis}\n\n{measures}"
    _event(deviation, DeviationEvent.Kind.ANALYSED, actor, agency_id=party.agency_id, note=note)
    policy.log_access(actor, Action.CHANGE, [deviation], ground=HANDLER, detail="analysis")
    return party


@transaction.atomic
def close(*, actor: Actor, deviation: Deviation, outcome: str, version: int | None = None) -> Deviation:
    """Closed with what was done, once every agency involved has recorded its analysis."""
    deviation, party = _locked(actor, deviation, version)
    errors: dict[str, str] = {}
    outcome = cleaned_text(errors, "outcome", outcome, _("Write what was done."))
    if deviation.status == Status.OPEN and deviation.parties.filter(responded_at__isnull=True).exists():
        errors["__all__"] = _("Every agency involved must record its analysis before the deviation is closed.")
    if errors:
        raise ValidationError(errors)
    from_status = _move(deviation, Status.CLOSED)
    deviation.outcome, deviation.closed_at = outcome, timezone.now()
    _save(deviation, "status", "outcome", "closed_at")
    _event(
        deviation, DeviationEvent.Kind.CLOSED, actor, from_status=from_status, agency_id=party.agency_id, note=outcome
    )
    policy.log_access(actor, Action.CHANGE, [deviation], ground=HANDLER, detail="closed")
    if deviation.reported_by is not None and deviation.reported_by_id != actor.user.pk:
        notify_after_commit(
            recipients=[deviation.reported_by],
            kind="deviations.closed",
            url=deviation_url(deviation),
            dedupe_key=f"deviation-{deviation.pk}-closed-{deviation.reopened_count}",
        )
    return deviation


@transaction.atomic
def reopen(*, actor: Actor, deviation: Deviation, reason: str, version: int | None = None) -> Deviation:
    """It happened again: reopened with its history; every agency is asked for a new analysis."""
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    ground = policy.can(actor, "view", deviation)
    if ground is None or ground not in {HANDLER, REPORTER, *policy.CHANGE_GROUNDS}:
        raise PermissionDenied
    _check_version(deviation, version)
    errors: dict[str, str] = {}
    reason = cleaned_text(errors, "reason", reason, _("Say what happened again."))
    if errors:
        raise ValidationError(errors)
    from_status = _move(deviation, Status.OPEN)
    now = timezone.now()
    deviation.reopened_count += 1
    deviation.closed_at, deviation.outcome = None, ""
    deviation.handling_due_on, deviation.overdue_raised_at, deviation.raised_at = handling_due(now), None, None
    _save(
        deviation,
        "status",
        "reopened_count",
        "closed_at",
        "outcome",
        "handling_due_on",
        "overdue_raised_at",
        "raised_at",
    )
    deviation.parties.update(responded_at=None)
    _event(deviation, DeviationEvent.Kind.REOPENED, actor, from_status=from_status, note=reason)
    policy.log_access(actor, Action.CHANGE, [deviation], ground=ground, detail="reopened")
    _raise_if_several_principals(deviation, actor)
    _tell_handlers(
        deviation,
        actor,
        kind="deviations.reopened",
        dedupe_key=f"deviation-{deviation.pk}-reopened-{deviation.reopened_count}",
    )
    return deviation


@transaction.atomic
def note_discussed(*, actor: Actor, deviation_id: int, forum_name: str) -> None:
    """A forum discussed the deviation (the forums app calls this when a meeting's minutes are kept)."""
    deviation = Deviation.objects.get(pk=deviation_id)
    _event(deviation, DeviationEvent.Kind.DISCUSSED, actor, note=forum_name[:200])
    policy.log_access(actor, Action.CHANGE, [deviation], ground="forum", detail="discussed")


def raise_overdue(*, today: dt.date | None = None) -> int:
    """Deviations not closed by their handling date are raised once: to their handlers and the
    steering group of the principals involved (like other overdue work)."""
    today = today or timezone.localdate()
    raised = 0
    late = Deviation.objects.filter(status=Status.OPEN, handling_due_on__lt=today, overdue_raised_at__isnull=True)
    for deviation in late.prefetch_related("parties").iterator(chunk_size=200):
        with transaction.atomic():
            deviation.overdue_raised_at = timezone.now()
            deviation.save(update_fields=["overdue_raised_at"])
            _event(deviation, DeviationEvent.Kind.OVERDUE, None)
            policy.log_access(None, Action.CHANGE, [deviation], detail="handling overdue")
            recipients = {u.pk: u for u in _handlers(deviation)}
            recipients |= {u.pk: u for u in routing.steering_group(_principal_ids(deviation))}
            notify(
                recipients=list(recipients.values()),
                kind="deviations.overdue",
                url=deviation_url(deviation),
                dedupe_key=f"deviation-{deviation.pk}-overdue-{deviation.reopened_count}",
            )
        raised += 1
    return raised
