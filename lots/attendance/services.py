"""Changing what the attendance app keeps: a municipality's thresholds, the signals of early
warning, the head teacher's decision on the routine and the investigation (Skollagen 7:19 a).
Imports are in `importing`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access import selectors as access_selectors
from lots.access.models import Assignment
from lots.attendance import warning
from lots.attendance.models import DEFAULT_THRESHOLDS, Absence, Level, Signal, Thresholds
from lots.attendance.policies import STUDENT_HEALTH_ROLES, is_school_head
from lots.audit.models import Action
from lots.children import selectors as children_selectors
from lots.notifications.services import notify
from lots.organisations import selectors as organisation_selectors
from lots.organisations.actor import Actor
from lots.organisations.models import Principal, Unit
from lots.organisations.roles import CASEWORK_ROLES, Role
from lots.routines import selectors as routine_selectors
from lots.routines.services.journeys import start_journey

NOTIFICATION_KINDS = {
    Level.MENTOR: "attendance.mentor",
    Level.STUDENT_HEALTH: "attendance.student_health",
    Level.ROUTINE: "attendance.routine",
}
ROUTINE_SCENARIO = "school_absence"


# Thresholds ---------------------------------------------------------------------------------------


def thresholds_for(principal_id: int) -> Thresholds:
    """The municipality's thresholds, or the defaults where it has set none (not saved)."""
    found = Thresholds.objects.filter(principal_id=principal_id).first()
    return found or Thresholds(principal_id=principal_id, **DEFAULT_THRESHOLDS)


def may_set_thresholds(actor: Actor, principal: Principal) -> bool:
    return (
        actor.membership is not None
        and actor.role == Role.ADMINISTRATOR
        and actor.membership.unit.agency.principal_id == principal.pk
    )


@transaction.atomic
def set_thresholds(
    *,
    actor: Actor,
    principal: Principal,
    mentor_percent: int,
    student_health_percent: int,
    routine_percent: int,
    routine_days: int,
) -> Thresholds:
    """The municipality's administrator sets its thresholds; they hold from the next reckoning."""
    if not may_set_thresholds(actor, principal):
        raise PermissionDenied(_("Only the municipality's administrators set its thresholds."))
    if not 0 < mentor_percent <= student_health_percent <= routine_percent <= 100:
        raise ValidationError(
            _(
                "The thresholds must rise: the mentor's ≤ the student health team's ≤ the routine's, "
                "between 1 and 100 %."
            )
        )
    if not 0 < routine_days <= 100:
        raise ValidationError({"routine_days": _("Give between 1 and 100 school days.")})
    thresholds, _created = Thresholds.objects.update_or_create(
        principal=principal,
        defaults={
            "mentor_percent": mentor_percent,
            "student_health_percent": student_health_percent,
            "routine_percent": routine_percent,
            "routine_days": routine_days,
            "updated_at": timezone.now(),
            "updated_by": actor.user,
        },
    )
    return thresholds


# Signals ------------------------------------------------------------------------------------------


def _recipients(signal: Signal, mentors: dict[int, list[int]], staff: dict[str, list]) -> list:
    if signal.level == Level.MENTOR:
        ids = set(mentors.get(signal.child_id, []))
        return [user for user in staff["mentor_pool"] if user.pk in ids] or staff["heads"]
    if signal.level == Level.STUDENT_HEALTH:
        return staff["team"] or staff["heads"]
    return staff["heads"]


def signal_url(signal: Signal) -> str:
    return reverse("attendance:signal", args=[signal.pk])


def _notify(created: list[Signal], mentors: dict[int, list[int]], staff: dict[str, list]) -> None:
    """One notification per person and level: to the signal itself where it is one, else to the
    list of the person's signals (a first import of a term's absence may raise hundreds at once)."""
    by_person: dict[tuple[str, int], list[Signal]] = {}
    users = {}
    for signal in created:
        for user in _recipients(signal, mentors, staff):
            users[user.pk] = user
            by_person.setdefault((signal.level, user.pk), []).append(signal)
    by_link: dict[tuple[str, str, str], list] = {}
    for (level, user_id), signals in by_person.items():
        if len(signals) == 1:
            link, key = signal_url(signals[0]), f"attendance.signal.{signals[0].pk}"
        else:
            link = reverse("attendance:signals")
            key = f"attendance.signals.{level}.{signals[0].raised_on}.{min(s.pk for s in signals)}"
        by_link.setdefault((level, link, key), []).append(users[user_id])
    for (level, link, key), recipients in by_link.items():
        notify(recipients=recipients, kind=NOTIFICATION_KINDS[Level(level)], url=link, dedupe_key=key)


@transaction.atomic
def raise_signals(*, unit_ids: list[int] | None = None, today: dt.date | None = None) -> int:
    """Reckon every pupil's absence at the schools (all with absence this term, or `unit_ids`) and
    raise a signal for each threshold newly crossed: once per pupil, level and term. Each signal
    tells the right people at the pupil's school, with no person data: the mentor(s), the student
    health team, the head teacher who decides on the routine. Returns the signals raised."""
    today = today or timezone.localdate()
    term = warning.term_start(today)
    rows = Absence.objects.filter(day__gte=min(term, warning.window_start(today)))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    units = list(Unit.objects.filter(pk__in=rows.order_by().values("unit_id").distinct()).select_related("agency"))
    raised = 0
    for unit in units:
        raised += _raise_at(unit, today, term)
    return raised


def _raise_at(unit: Unit, today: dt.date, term: dt.date) -> int:
    found = warning.figures(Absence.objects.filter(unit_id=unit.pk), today=today)
    if not found:
        return 0
    thresholds = thresholds_for(unit.agency.principal_id)
    existing = set(Signal.objects.filter(child_id__in=list(found), term_start=term).values_list("child_id", "level"))
    new = [
        Signal(
            child_id=figures.child_id,
            agency_id=unit.agency_id,
            unit_id=unit.pk,
            level=level,
            term_start=term,
            raised_on=today,
            percent=figures.percent_weeks,
            days_in_row=figures.days_in_row,
        )
        for figures in found.values()
        if figures.unit_id == unit.pk
        for level in figures.levels(thresholds)
        if (figures.child_id, level) not in existing
    ]
    if not new:
        return 0
    Signal.objects.bulk_create(new)
    # Read back with their children: the log names each pupil (one statement, not one per signal).
    created = list(
        Signal.objects.filter(unit_id=unit.pk, term_start=term, raised_on=today).select_related("child").order_by("pk")
    )
    created = [s for s in created if (s.child_id, s.level) not in existing]
    mentors = access_selectors.assigned_staff(
        child_ids={s.child_id for s in created if s.level == Level.MENTOR},
        unit_id=unit.pk,
        reason=Assignment.Reason.MENTOR,
    )
    staff = {
        "mentor_pool": organisation_selectors.staff_of_unit(unit.pk, CASEWORK_ROLES),
        "team": organisation_selectors.staff_of_unit(unit.pk, STUDENT_HEALTH_ROLES),
        "heads": organisation_selectors.staff_of_unit(unit.pk, [Role.REKTOR]),
    }
    _notify(created, mentors, staff)
    policy.log_access(None, Action.CREATE, created, ground="system", detail="absence over a threshold")
    return len(created)


# The head teacher's decision and investigation ------------------------------------------------


def _signal_for_head(actor: Actor, signal: Signal) -> str:
    if not is_school_head(actor) or signal.unit_id != actor.unit_id:
        raise PermissionDenied(_("Only the pupil's head teacher decides on the routine and the investigation."))
    ground = policy.can(actor, "change", signal)
    if ground is None:
        raise policy.Denied("No signal matches the given query.")
    return ground


def routine_version(actor: Actor):
    """The published routine for problematic school absence in the actor's principal, if any."""
    versions = [v for v in routine_selectors.startable_versions(actor) if v.routine.scenario == ROUTINE_SCENARIO]
    return versions[0] if versions else None


@transaction.atomic
def start_routine(*, actor: Actor, signal: Signal):
    """The head teacher starts the routine "problematic school absence" proposed by a signal."""
    ground = _signal_for_head(actor, signal)
    if signal.level != Level.ROUTINE:
        raise ValidationError(_("The routine is proposed only at the routine's threshold."))
    if signal.decided_at is not None:
        raise ValidationError(_("The routine has already been decided on for this signal."))
    version = routine_version(actor)
    if version is None:
        raise ValidationError(_("Your municipality has no published routine for problematic school absence."))
    child = children_selectors.child_for_action(actor, signal.child_id)
    journey = start_journey(actor=actor, child=child, version=version)
    signal.journey_id, signal.decided_at, signal.decided_by = journey.pk, timezone.now(), actor.user
    signal.save(update_fields=["journey_id", "decided_at", "decided_by"])
    policy.log_access(actor, Action.CHANGE, [signal], ground=ground, detail="routine started")
    return journey


@transaction.atomic
def decline_routine(*, actor: Actor, signal: Signal) -> Signal:
    """The head teacher decides not to start the routine now (the signal stays on the list)."""
    ground = _signal_for_head(actor, signal)
    if signal.level != Level.ROUTINE or signal.decided_at is not None:
        raise ValidationError(_("The routine has already been decided on for this signal."))
    signal.decided_at, signal.decided_by = timezone.now(), actor.user
    signal.save(update_fields=["decided_at", "decided_by"])
    policy.log_access(actor, Action.CHANGE, [signal], ground=ground, detail="routine not started")
    return signal


@transaction.atomic
def record_investigation(
    *, actor: Actor, signal: Signal, investigated_on: dt.date | None = None, reported_on: dt.date | None = None
) -> Signal:
    """The head teacher records the investigation of the absence, and its report to the principal
    (Skollagen 7 kap. 19 a §). Each is recorded once; a report needs the investigation."""
    ground = _signal_for_head(actor, signal)
    today = timezone.localdate()
    fields = []
    for day in (investigated_on, reported_on):
        if day is not None and (day > today or day < signal.raised_on):
            raise ValidationError(_("The date must be between the signal and today."))
    if investigated_on is not None:
        if signal.investigated_on is not None:
            raise ValidationError(_("The investigation is already recorded."))
        signal.investigated_on, signal.investigated_by = investigated_on, actor.user
        fields += ["investigated_on", "investigated_by"]
    if reported_on is not None:
        if signal.investigated_on is None:
            raise ValidationError(_("Record the investigation before its report to the principal."))
        if signal.reported_on is not None:
            raise ValidationError(_("The report to the principal is already recorded."))
        if reported_on < signal.investigated_on:
            raise ValidationError(_("The report cannot come before the investigation."))
        signal.reported_on, signal.reported_by = reported_on, actor.user
        fields += ["reported_on", "reported_by"]
    if not fields:
        raise ValidationError(_("Give a date."))
    signal.save(update_fields=fields)
    policy.log_access(actor, Action.CHANGE, [signal], ground=ground, detail="investigation (7:19 a)")
    return signal


def investigation_due(signal: Signal) -> dt.date:
    return signal.raised_on + dt.timedelta(days=settings.LOTS_ATTENDANCE_INVESTIGATION_DAYS)
