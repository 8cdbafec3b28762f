"""The journey indicators against hand-counted steps (read on 1 June 2026)."""

from __future__ import annotations

import datetime as dt

from lots.followup.tests.conftest import at
from lots.routines.models import JourneyEvent, StepStatus
from lots.routines.tests.factories import JourneyFactory, JourneyStepFactory, routine_with_steps

D = dt.date


def test_steps_overdue_at_the_end_of_the_period_and_steps_raised(world, count):
    version = routine_with_steps(world.school.principal)
    first, second, third = list(version.steps.all())

    def step(step, **fields):
        journey = JourneyFactory(version=version, unit=world.school_unit)
        return JourneyStepFactory(journey=journey, step=step, **fields)

    # Overdue on 31 December 2025 and still open: counted.
    late = step(first, status=StepStatus.OPEN, entered_at=at(2025, 11, 1), due_on=D(2025, 12, 1))
    # Overdue then, completed in January 2026: it was overdue at the end of 2025, counted.
    step(
        second,
        status=StepStatus.COMPLETED,
        entered_at=at(2025, 11, 1),
        due_on=D(2025, 12, 1),
        completed_at=at(2026, 1, 10),
    )
    # Completed in time in 2025: not counted.
    step(
        third,
        status=StepStatus.COMPLETED,
        entered_at=at(2025, 11, 1),
        due_on=D(2025, 12, 1),
        completed_at=at(2025, 11, 20),
    )
    # Due on the last day of the year and still open at its end: overdue, counted.
    step(first, status=StepStatus.OPEN, entered_at=at(2025, 12, 1), due_on=D(2025, 12, 31))
    # Reached only in 2026: not counted for 2025.
    step(second, status=StepStatus.OPEN, entered_at=at(2026, 1, 5), due_on=D(2025, 12, 1))
    assert count("journeys.overdue", [world.school])["n"] == 3
    for _n in range(2):
        JourneyEvent.objects.create(
            journey=late.journey, step=late, kind=JourneyEvent.Kind.ESCALATED, at=at(2025, 12, 2)
        )
    JourneyEvent.objects.create(
        journey=late.journey, step=late, kind=JourneyEvent.Kind.ESCALATED_STEERING, at=at(2025, 12, 9)
    )
    assert count("journeys.without_owner", [world.school])["n"] == 1
    assert count("journeys.overdue", [world.bup])["n"] == 0
