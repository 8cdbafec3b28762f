"""Staff who open many persons within an hour: counted from the log for the flagged report.

An hour that has ended is counted once (`count_bursts`, run by the task worker or cron every
hour) into AccessBurst, so that a month's report reads a few counts instead of a month of the
log (2.1 s for one region's month at 2 200 000 children). The report counts the hours not yet
counted, at least the current one, from the log itself, the same way (`persons_per_hour`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Min, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone

from lots.audit.models import AccessBurst, AuditEntry, BurstsCountedUntil
from lots.organisations.models import Agency

MANY_PERSONS_PER_HOUR = 30
#: An hour is counted once it ended this long ago, when every request that logged in it has
#: committed (requests and their transactions are bounded far below this).
SETTLE = dt.timedelta(minutes=10)
_DAY = dt.timedelta(days=1)

#: (principal, user, hour) -> (username, the children opened)
HourlyPersons = dict[tuple[int | None, int | None, dt.datetime], tuple[str, set[int]]]


def persons_per_hour(entries: QuerySet[AuditEntry], principal_of: Callable[[int | None], int | None]) -> HourlyPersons:
    """The persons each staff member opened in each hour, per principal of the agency they acted
    in, each person once whether a row of its own or a list's row names it. Counted here, not in
    SQL: the children a list named are inside its `shown`, which the databases unpack differently."""
    hourly = entries.annotate(hour=TruncHour("at"))
    counted: HourlyPersons = {}

    def add(agency_id, user_id, username, hour, children) -> None:
        key = (principal_of(agency_id), user_id, hour)
        if key not in counted:
            counted[key] = (username, set())
        counted[key][1].update(children)

    own = hourly.filter(child_id__isnull=False).values_list("agency_id", "user_id", "username", "hour", "child_id")
    for agency_id, user_id, username, hour, child_id in own.distinct():
        add(agency_id, user_id, username, hour, (child_id,))
    listed = hourly.filter(shown__isnull=False).values_list("agency_id", "user_id", "username", "hour", "shown")
    for agency_id, user_id, username, hour, shown in listed:
        add(agency_id, user_id, username, hour, (item["child"] for item in shown if item.get("child") is not None))
    return counted


def _hour_of(moment: dt.datetime) -> dt.datetime:
    """The start of the hour (UTC; Swedish time differs from UTC by whole hours)."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def count_bursts(*, now: dt.datetime | None = None, max_days: int | None = 31) -> dt.datetime | None:
    """Count the bursts of the hours that have ended since the last count, a day at a time, at
    most `max_days` days in one call (None: all). Returns how far the log is counted now. Two
    callers at once wait for each other on the one row that says how far it has come."""
    end = _hour_of((now or timezone.now()) - SETTLE)
    with transaction.atomic():
        BurstsCountedUntil.objects.get_or_create(pk=1)  # made by audit.0009; again after a flush
        mark = BurstsCountedUntil.objects.select_for_update().get(pk=1)
        start = mark.until
        if start is None:
            first = AuditEntry.objects.aggregate(first=Min("at"))["first"]
            start = _hour_of(first) if first else end
        if max_days is not None:
            end = min(end, start + max_days * _DAY)
        if end <= start:
            return start
        principal_of = dict(Agency.objects.values_list("pk", "principal_id")).get
        day = start
        while day < end:
            upto = min(day + _DAY, end)
            counted = persons_per_hour(AuditEntry.objects.filter(at__gte=day, at__lt=upto), principal_of)
            AccessBurst.objects.bulk_create(
                AccessBurst(
                    principal_id=principal, user_id=user_id, username=username, hour=hour, persons=len(children)
                )
                for (principal, user_id, hour), (username, children) in counted.items()
                if principal is not None and len(children) >= MANY_PERSONS_PER_HOUR
            )
            day = upto
        mark.until = end
        mark.save(update_fields=["until"])
    return end
