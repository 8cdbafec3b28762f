"""A national-scale data set for benchmarks: `manage.py generate_scale_data --children N --seed S`.

Proportioned like Sweden (about 2.2 million children, 290 municipalities, one region per
~600 000 inhabitants) and scaled down for smaller N. Deterministic for a seed: each step
draws from its own `random.Random` seeded with the seed and the step's name, so adding a
step never changes what the others generate.

Each domain app adds one module `scale/<app>.py` with a `generate(ctx)` function and
one line in `STEPS` below, after the steps it builds on (see docs/scaling.md). A step writes
its rows with `ctx.sink.write(...)`, reads what earlier steps built from `ctx.shared`, puts
what later steps need there, and appends its access-log rows with `ctx.audit.append(...)`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from scale.sink import Progress, Sink

FULL_SCALE_CHILDREN = 2_200_000
FULL_SCALE_MUNICIPALITIES = 290
INHABITANTS_PER_CHILD = 10_550_000 / FULL_SCALE_CHILDREN
INHABITANTS_PER_REGION = 600_000
MIN_CHILDREN = 100

#: (name, module) in the order they run. An app adds its line after the steps it reads from.
STEPS: list[tuple[str, str]] = [
    ("organisations", "scale.organisations"),
    ("people", "scale.people"),
    ("access", "scale.access"),
    ("assignments", "scale.assignments"),
    ("audit", "scale.audit"),
    ("catalogue", "scale.catalogue"),
    ("plans", "scale.plans"),
    ("intake", "scale.intake"),
    ("routines", "scale.routines"),
    ("families", "scale.families"),
    ("deviations", "scale.deviations"),
    ("attendance", "scale.attendance"),
    ("bursts", "scale.bursts"),
]


@dataclass(frozen=True)
class Plan:
    """How many of each thing N children imply."""

    children: int
    seed: int
    now: dt.datetime

    @property
    def regions(self) -> int:
        return max(1, round(self.children * INHABITANTS_PER_CHILD / INHABITANTS_PER_REGION))

    @property
    def municipalities(self) -> int:
        scaled = round(FULL_SCALE_MUNICIPALITIES * self.children / FULL_SCALE_CHILDREN)
        return max(2, self.regions, scaled)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)


@dataclass
class Context:
    plan: Plan
    sink: Sink
    progress: Progress
    #: What a step leaves for later steps (unit ids by kind, staff by role, child arrays, …).
    shared: dict[str, Any] = field(default_factory=dict)
    #: Wall-clock seconds of each step (drawing and writing), for docs/scaling.md's table.
    step_seconds: dict[str, float] = field(default_factory=dict)
    _audit: Any = None

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.plan.seed}:{name}")

    @property
    def audit(self):
        """The access-log writer: chain 0 of the log, continued from its last row in the database."""
        if self._audit is None:
            from scale.audit import AuditWriter

            self._audit = AuditWriter(self)
        return self._audit


def steps() -> list[tuple[str, Callable[[Context], None]]]:
    return [(name, importlib.import_module(module).generate) for name, module in STEPS]


def build(*, children: int, seed: int, now: dt.datetime | None = None, progress: Progress | None = None) -> Context:
    """Generate the data set into the default database, one transaction per step."""
    if children < MIN_CHILDREN:
        raise ValueError(f"at least {MIN_CHILDREN} children")
    progress = progress or Progress()
    ctx = Context(
        plan=Plan(children=children, seed=seed, now=now or timezone.now()), sink=Sink(progress), progress=progress
    )
    _tune_session(on=True)
    try:
        for name, generate in steps():
            started = time.monotonic()
            with transaction.atomic():
                generate(ctx)
            ctx.step_seconds[name] = time.monotonic() - started
        with transaction.atomic():
            ctx.sink.reset_sequences()
    finally:
        _tune_session(on=False)
    _analyse(ctx)
    return ctx


def _tune_session(*, on: bool) -> None:
    """Bulk-load settings for this connection only, undone afterwards. On PostgreSQL, a superuser
    skips the per-row foreign-key triggers while loading (the generator makes the references
    itself; the SQLite run, which checks every key, is the test that they hold)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
            if on:
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET maintenance_work_mem = '512MB'")
                if superuser:
                    cursor.execute("SET session_replication_role = replica")
            else:
                cursor.execute("RESET synchronous_commit")
                cursor.execute("RESET maintenance_work_mem")
                if superuser:
                    cursor.execute("RESET session_replication_role")
        elif not connection.in_atomic_block:  # SQLite refuses it inside a transaction
            cursor.execute(f"PRAGMA synchronous = {'OFF' if on else 'NORMAL'}")


def _analyse(ctx: Context) -> None:
    """Fresh planner statistics, so that the first benchmark does not run on guesses."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in sorted(ctx.sink.tables):
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
