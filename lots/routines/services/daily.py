"""The daily scan's business actions: remind staff of routines they have not read, and raise
steps that no one owns ("no child without an owner") to the unit's manager, then the steering
group. The system acts here, so each change is logged with no actor; `tasks.daily_routines_scan`
and `manage.py routines_daily` only call these."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lots.access import policy
from lots.audit.models import Action
from lots.notifications.services import notify
from lots.organisations.models import Membership, User
from lots.organisations.roles import MANAGER_ROLES
from lots.routines.models import (
    ACTIVE_STEP_STATUSES,
    Acknowledgement,
    Handover,
    JourneyEvent,
    JourneyStep,
    RoutineVersion,
    VersionStatus,
)
from lots.routines.models import StepStatus as Status
from lots.routines.services._common import concerned_memberships, journey_url, steering_group, version_url

#: Steps raised in one transaction; a scan of many commits in batches, each whole.
BATCH = 500


def remind_readers(*, now: dt.datetime | None = None) -> int:
    """Once per version, remind staff who have not read it LOTS_ROUTINES_REMINDER_DAYS after publishing."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.LOTS_ROUTINES_REMINDER_DAYS)
    sent = 0
    for version in RoutineVersion.objects.filter(status=VersionStatus.PUBLISHED, published_at__lte=cutoff):
        read = Acknowledgement.objects.filter(version=version, user_id=OuterRef("pk"))
        unread = User.objects.filter(pk__in=concerned_memberships(version).values("user_id")).exclude(Exists(read))
        sent += len(
            notify(
                recipients=list(unread),
                kind="routines.reminder",
                url=version_url(version),
                dedupe_key=f"routine-version-{version.pk}-reminder",
            )
        )
    return sent


@dataclass(frozen=True)
class Raised:
    to_managers: int = 0
    to_steering_group: int = 0


def _needs_owner(now: dt.datetime) -> Q:
    """Overdue, or held by no one (nobody took it on, or a handover not accepted) for too long."""
    today = timezone.localdate(now)
    held_since = now - dt.timedelta(days=settings.LOTS_ROUTINES_UNHELD_DAYS)
    waiting = Handover.objects.filter(step_id=OuterRef("pk"), accepted_at__isnull=True, handed_at__lte=held_since)
    unheld = Q(status=Status.OPEN, owner_user__isnull=True, entered_at__lte=held_since)
    return Q(due_on__lt=today) | unheld | Q(status=Status.HANDED_OVER) & Q(Exists(waiting))


def _managers_of(unit_ids: set[int]) -> dict[int, list[User]]:
    """The current managers of each unit, in one query."""
    managers: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.current().filter(unit_id__in=unit_ids, role__in=list(MANAGER_ROLES))
    for membership in memberships.select_related("user"):
        managers[membership.unit_id].append(membership.user)
    return managers


def _raise(steps: list[JourneyStep], *, level: int, now: dt.datetime) -> None:
    """One batch raised to `level` (1: the unit's manager, 2: the steering group), in one transaction:
    the step's level, the journey's event, the log row and the notifications all or none."""
    if level == 1:
        managers = _managers_of({js.owner_unit_id for js in steps})
        recipients = {js.pk: managers.get(js.owner_unit_id, []) for js in steps}
        kind, fields, suffix = JourneyEvent.Kind.ESCALATED, {"escalation_level": 1, "escalated_at": now}, "manager"
    else:
        groups = {p: steering_group(p) for p in {js.journey.agency.principal_id for js in steps}}
        recipients = {js.pk: groups[js.journey.agency.principal_id] for js in steps}
        kind, fields, suffix = JourneyEvent.Kind.ESCALATED_STEERING, {"escalation_level": 2}, "steering"
    with transaction.atomic():
        JourneyStep.objects.filter(pk__in=[js.pk for js in steps]).update(**fields)
        JourneyEvent.objects.bulk_create([JourneyEvent(journey=js.journey, step=js, kind=kind) for js in steps])
        policy.log_access(None, Action.CHANGE, steps, detail=f"raised to {suffix}")
        for js in steps:
            notify(
                recipients=recipients[js.pk],
                kind="routines.escalated",
                url=journey_url(js.journey),
                dedupe_key=f"journey-step-{js.pk}-v{js.version}-{suffix}",
            )


def _in_batches(queryset):
    batch: list[JourneyStep] = []
    for js in queryset.iterator(chunk_size=BATCH):
        batch.append(js)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def raise_unowned(*, now: dt.datetime | None = None) -> Raised:
    """Raise overdue or unheld steps to the owning unit's manager; after a further
    LOTS_ROUTINES_STEERING_DAYS still so, to the steering group. Each level once per step."""
    now = now or timezone.now()
    active = JourneyStep.objects.filter(status__in=ACTIVE_STEP_STATUSES, journey__status="open").filter(
        _needs_owner(now)
    )
    # Both levels are chosen before either is raised, so a step goes up one level per scan.
    later = now - dt.timedelta(days=settings.LOTS_ROUTINES_STEERING_DAYS)
    to_steering = list(
        active.filter(escalation_level=1, escalated_at__lte=later).select_related("journey__agency", "journey__child")
    )
    to_managers = 0
    for batch in _in_batches(active.filter(escalation_level=0).select_related("journey__child").order_by("pk")):
        _raise(batch, level=1, now=now)
        to_managers += len(batch)
    for start in range(0, len(to_steering), BATCH):
        _raise(to_steering[start : start + BATCH], level=2, now=now)
    return Raised(to_managers=to_managers, to_steering_group=len(to_steering))
