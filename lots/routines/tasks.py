"""Daily work: remind staff of routines they have not read; "no child without an owner"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lots.notifications.services import notify
from lots.organisations.models import User
from lots.routines.models import (
    ACTIVE_STEP_STATUSES,
    Acknowledgement,
    Handover,
    JourneyEvent,
    JourneyStep,
    RoutineVersion,
    StepStatus,
    VersionStatus,
)
from lots.routines.services._common import (
    concerned_memberships,
    journey_url,
    steering_group,
    unit_managers,
    version_url,
)
from lots.security.tasks import reliable_task


def remind_readers(now: dt.datetime | None = None) -> int:
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


@dataclass
class Raised:
    to_managers: int = 0
    to_steering_group: int = 0


def _needs_owner(now: dt.datetime) -> Q:
    """Overdue, or held by no one (nobody took it on, or a handover not accepted) for too long."""
    today = timezone.localdate(now)
    held_since = now - dt.timedelta(days=settings.LOTS_ROUTINES_UNHELD_DAYS)
    waiting = Handover.objects.filter(step_id=OuterRef("pk"), accepted_at__isnull=True, handed_at__lte=held_since)
    unheld = Q(status=StepStatus.OPEN, owner_user__isnull=True, entered_at__lte=held_since)
    return Q(due_on__lt=today) | unheld | Q(status=StepStatus.HANDED_OVER) & Q(Exists(waiting))


@transaction.atomic
def raise_unowned(now: dt.datetime | None = None) -> Raised:
    """Raise overdue or unheld steps to the owning unit's manager; after a further
    LOTS_ROUTINES_STEERING_DAYS still so, to the steering group. Each level once per step."""
    now = now or timezone.now()
    raised = Raised()
    active = JourneyStep.objects.filter(status__in=ACTIVE_STEP_STATUSES, journey__status="open").filter(
        _needs_owner(now)
    )
    for js in active.filter(escalation_level=0).select_related("journey").iterator(chunk_size=500):
        managers = unit_managers(js.owner_unit_id)
        notify(
            recipients=managers,
            kind="routines.escalated",
            url=journey_url(js.journey),
            dedupe_key=f"journey-step-{js.pk}-v{js.version}-manager",
        )
        JourneyStep.objects.filter(pk=js.pk).update(escalation_level=1, escalated_at=now)
        JourneyEvent.objects.create(journey=js.journey, step=js, kind=JourneyEvent.Kind.ESCALATED)
        raised.to_managers += 1
    later = now - dt.timedelta(days=settings.LOTS_ROUTINES_STEERING_DAYS)
    for js in (
        active.filter(escalation_level=1, escalated_at__lte=later)
        .select_related("journey__agency")
        .iterator(chunk_size=500)
    ):
        notify(
            recipients=steering_group(js.journey.agency.principal_id),
            kind="routines.escalated",
            url=journey_url(js.journey),
            dedupe_key=f"journey-step-{js.pk}-v{js.version}-steering",
        )
        JourneyStep.objects.filter(pk=js.pk).update(escalation_level=2)
        JourneyEvent.objects.create(journey=js.journey, step=js, kind=JourneyEvent.Kind.ESCALATED_STEERING)
        raised.to_steering_group += 1
    return raised


@reliable_task()
def daily_routines_scan() -> dict:
    """Run once a day (`manage.py routines_daily`, or enqueue it; see docs/routines.md)."""
    raised = raise_unowned()
    return {"reminded": remind_readers(), "to_managers": raised.to_managers, "steering": raised.to_steering_group}
