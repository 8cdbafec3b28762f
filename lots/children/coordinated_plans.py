"""Start a coordinated plan (a SIP) from another app's work, without importing the plans app.

The domain apps are siblings and may not import each other. A network meeting (families) that
agrees on actions from both a municipality and a region must be able to become a SIP in one
step; so this layer, below every domain app, offers one registry: the plans app registers its
starter from its AppConfig.ready() (like the child page's panels), and families asks here.

    started = coordinated_plans.start(actor=actor, child=child, reason=..., participants=[...])

The starter runs in the caller's transaction: when the caller's own change fails afterwards,
the plan is rolled back with it. The caller makes the step idempotent (`lots.core.idempotency`
around its own change, which notes the plan's id).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.people.models import Child


@dataclass(frozen=True)
class Participant:
    """Someone carried over into the plan: of the child's private network (a relative, a friend),
    or a professional of an agency (named, not a user of Lots)."""

    name: str
    private: bool
    agency: Agency | None = None


@dataclass(frozen=True)
class Started:
    """The plan that was started and its address."""

    plan_id: int
    url: str


class Starter(Protocol):
    def __call__(self, *, actor: Actor, child: Child, reason: str, participants: Sequence[Participant]) -> Started: ...


@dataclass(frozen=True)
class _Registered:
    start: Starter
    url: Callable[[int], str]


_STARTER: list[_Registered] = []


def register(start: Starter, *, url: Callable[[int], str]) -> None:
    """The plans app's starter, and how to reach a plan by its id. One starter: a second replaces it."""
    _STARTER[:] = [_Registered(start=start, url=url)]


def _registered() -> _Registered:
    if not _STARTER:
        raise ImproperlyConfigured("No app starts coordinated plans (is lots.plans installed?).")
    return _STARTER[0]


def start(*, actor: Actor, child: Child, reason: str, participants: Sequence[Participant]) -> Started:
    """Start a coordinated plan for the child, with its reason and the participants invited."""
    return _registered().start(actor=actor, child=child, reason=reason, participants=participants)


def plan_url(plan_id: int) -> str:
    return _registered().url(plan_id)
