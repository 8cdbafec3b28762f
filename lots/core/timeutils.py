"""Time as Lots shows it: stored in UTC, shown and reckoned in Europe/Stockholm."""

import datetime as dt

from django.utils import timezone


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a local calendar day, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
