"""The registry of indicators: what each one counts, and the one computation behind every figure.

The registry lives here; the computations live in the app that owns the data (plans, intake,
routines, later deviations, attendance…), which registers them from its `AppConfig.ready()`:

    from lots.followup import registry
    registry.register(registry.Indicator(key="sip.requested", ..., compute=count_requested))

A computation takes a `Scope` (the period and the agencies, perhaps one unit) and returns
`Tally` rows counted by the database (grouped by agency and category), never a person:
followup sums them to principals, suppresses small counts and draws them, the same way on every
page, export and API answer. The follow-up app never reads another app's tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import timezone

from lots.core.timeutils import start_of_day


class Kind(StrEnum):
    #: How many, by agency and category: `Tally.n`.
    COUNT = "count"
    #: How many of how many kept something (a deadline, a follow-up date): `Tally.n` of `Tally.of`.
    SHARE = "share"
    #: Days from one event to another, as a histogram: `Tally.n` cases took `Tally.days` days.
    DURATION = "duration"


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@dataclass(frozen=True)
class Definition:
    """What a person reads to know what the figure means."""

    counted: str  # what is counted
    dated: str  # which date puts it in a period
    excluded: str = ""  # what is left out


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (local days)."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends after it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before (a calendar year: the year before)."""
        if self.start.month == 1 and self.start.day == 1 and self.end == dt.date(self.start.year, 12, 31):
            return Period(dt.date(self.start.year - 1, 1, 1), dt.date(self.start.year - 1, 12, 31))
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    @property
    def starts_at(self) -> dt.datetime:
        return start_of_day(self.start)

    @property
    def ends_before(self) -> dt.datetime:
        """The first moment after the period (local midnight after its last day)."""
        return start_of_day(self.end + dt.timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class Scope:
    """What a computation counts: a period, the agencies (their ids), perhaps only one unit."""

    period: Period
    agency_ids: Collection[int]
    unit_id: int | None = None
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def last_day(self) -> dt.date:
        """The period's last day, or yesterday if the period has not ended: a day not yet over
        cannot have missed a deadline."""
        return min(self.period.end, self.today - dt.timedelta(days=1))


@dataclass(frozen=True)
class Tally:
    """One group the database counted: an agency, a category, how many."""

    agency_id: int
    n: int
    category: str = ""
    of: int = 0  # SHARE: out of how many
    days: int = 0  # DURATION: the days these `n` took


@dataclass(frozen=True)
class Indicator:
    key: str
    area: str  # the heading it is shown under (a lazy translation)
    label: str  # a lazy translation
    kind: Kind
    definition: Definition
    owner: str  # who answers for the figure (a role or function, not a person)
    compute: Callable[[Scope], list[Tally]]
    categories: Mapping[str, str] = field(default_factory=dict)  # key → label, in order
    direction: Direction = Direction.AT_LEAST  # which way is better (against a target)
    order: int = 100


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> None:
    if indicator.key in _REGISTRY and _REGISTRY[indicator.key] is not indicator:
        raise ValueError(f"an indicator {indicator.key!r} is already registered")
    _REGISTRY[indicator.key] = indicator


def unregister(key: str) -> None:
    """For tests that register an indicator of their own."""
    _REGISTRY.pop(key, None)


def indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.key))


def get(key: str) -> Indicator:
    return _REGISTRY[key]
