"""Counting an indicator for the tests: the year 2025 read on 1 June 2026 (every deadline of the
year has passed), for the agencies given."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lots.followup import registry
from lots.followup.registry import Period, Scope

TODAY = dt.date(2026, 6, 1)
YEAR = Period.year(2025)


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    """An aware moment, in Swedish time."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def counted(key: str, agencies, *, period: Period = YEAR, unit_id=None, today=TODAY) -> dict:
    """The indicator's tallies summed: {"n": …, "of": …, "by": {category: n}, "days": {days: n}}."""
    scope = Scope(period, [a.pk for a in agencies], unit_id, today=today)
    found = {"n": 0, "of": 0, "by": {}, "days": {}}
    for tally in registry.get(key).compute(scope):
        found["n"] += tally.n
        found["of"] += tally.of
        found["by"][tally.category] = found["by"].get(tally.category, 0) + tally.n
        found["days"][tally.days] = found["days"].get(tally.days, 0) + tally.n
    return found


@pytest.fixture
def count():
    return counted
