"""Items of a person's start page ("Att göra") contributed by the domain apps.

The children app draws the start page; intake, plans, routines and the others each add what this
person must act on by registering a function here in their AppConfig.ready(), as they add panels
to the child's page (`lots.core.panels`). Each function reads through its own app's selectors (so
through the access policy), in a fixed number of statements whatever the number of rows, and
returns at most `limit` items.

An item carries no more than the page needs: what is to be done (text without person data), where
(a link with ids only, never person data), when it is due, and the id of the child it concerns.
Each app logs the records it gives; the page names their children through the policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

#: The most items one app contributes; the app's own list (the item's link) shows the rest.
LIMIT = 20
#: Due within this many days counts as "due soon".
SOON_DAYS = 7


@dataclass(frozen=True)
class Item:
    """One thing to act on. `text`: what, without person data; `url`: where, ids only; `due`: by
    when (None: no deadline, a new thing to look at); `child_id`: the child it concerns, if any."""

    text: str
    url: str
    due: dt.date | None = None
    child_id: int | None = None


@dataclass(frozen=True)
class Work:
    """A place of one's daily work with its figure (the reception's queue, the steering group's
    follow-up): a link, a count and how many of them are overdue. Aggregates, no person data."""

    text: str
    url: str
    count: int | None = None
    overdue: int = 0


@dataclass(frozen=True)
class Source:
    order: int
    name: str
    items: Callable | None  # (actor, today, limit) -> list[Item]
    work: Callable | None  # (actor, today) -> list[Work]


_SOURCES: dict[str, Source] = {}


def register(name: str, *, items: Callable | None = None, work: Callable | None = None, order: int = 100) -> None:
    _SOURCES[name] = Source(order=order, name=name, items=items, work=work)


def _sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.name))


def collect_items(actor, today: dt.date, *, limit: int = LIMIT) -> list[Item]:
    """Every app's items for this actor, the most urgent first (no deadline last)."""
    found = [item for source in _sources() if source.items for item in source.items(actor, today, limit)]
    return sorted(found, key=lambda i: (i.due is None, i.due or today))


def collect_work(actor, today: dt.date) -> list[Work]:
    return [work for source in _sources() if source.work for work in source.work(actor, today)]


class Dated(Protocol):
    @property
    def due(self) -> dt.date | None: ...


D = TypeVar("D", bound=Dated)


@dataclass(frozen=True)
class Groups(Generic[D]):
    overdue: list[D]
    soon: list[D]
    later: list[D]
    new: list[D]


def group(rows: list[D], today: dt.date) -> Groups[D]:
    """Overdue (due before today), due soon (within SOON_DAYS), later, and new (no deadline)."""
    soon_until = today + dt.timedelta(days=SOON_DAYS)
    return Groups(
        overdue=[r for r in rows if r.due is not None and r.due < today],
        soon=[r for r in rows if r.due is not None and today <= r.due <= soon_until],
        later=[r for r in rows if r.due is not None and r.due > soon_until],
        new=[r for r in rows if r.due is None],
    )
