"""Factories with named states: `RoutineVersionFactory(published=True)`, `(superseded=True)`;
`JourneyStepFactory(open=True)`, `(completed=True)`, `(overdue=True)`; `HandoverFactory(accepted=True)`.

`routine_with_steps(principal, [...])` builds a published version with a straight line of steps.
"""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from lots.organisations.tests.factories import PrincipalFactory, UnitFactory, UserFactory
from lots.people.tests.factories import ChildFactory
from lots.routines.models import (
    Acknowledgement,
    Branch,
    Handover,
    Journey,
    JourneyEvent,
    JourneyStep,
    Routine,
    RoutineVersion,
    Scenario,
    Step,
    StepStatus,
    VersionStatus,
)


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    name = factory.Sequence(lambda n: f"Rutin {n}")
    scenario = Scenario.SCHOOL_ABSENCE
    principal = factory.SubFactory(PrincipalFactory)


class RoutineVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutineVersion

    routine = factory.SubFactory(RoutineFactory)
    number = factory.Sequence(lambda n: n + 1)
    concerns_roles = factory.LazyFunction(lambda: ["kurator", "rektor"])

    class Params:
        published = factory.Trait(status=VersionStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
        superseded = factory.Trait(status=VersionStatus.SUPERSEDED, published_at=factory.LazyFunction(timezone.now))


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    version = factory.SubFactory(RoutineVersionFactory)
    key = factory.Sequence(lambda n: f"steg-{n}")
    order = factory.Sequence(lambda n: (n + 1) * 10)
    title = factory.Sequence(lambda n: f"Steg {n}")
    agency_kind = "school"
    responsible_role = "kurator"
    deadline_days = 5


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    from_step = factory.SubFactory(StepFactory)
    to_step = factory.SubFactory(StepFactory, version=factory.SelfAttribute("..from_step.version"))


class AcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acknowledgement

    user = factory.SubFactory(UserFactory)
    version = factory.SubFactory(RoutineVersionFactory, published=True)


def routine_with_steps(principal, steps=None, **version_kwargs) -> RoutineVersion:
    """A published version whose steps (dicts of Step fields) follow one another in a line."""
    version = RoutineVersionFactory(routine=RoutineFactory(principal=principal), published=True, **version_kwargs)
    steps = steps or [
        {"key": "kartlagg", "title": "Kartlägg frånvaron"},
        {"key": "mote", "title": "Möte med vårdnadshavare", "responsible_role": "rektor"},
        {"key": "plan", "title": "Åtgärdsplan"},
    ]
    made = []
    for i, fields in enumerate(steps):
        made.append(StepFactory(version=version, order=(i + 1) * 10, **fields))
    for a, b in itertools.pairwise(made):
        BranchFactory(from_step=a, to_step=b)
    return version


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey

    child = factory.SubFactory(ChildFactory)
    version = factory.SubFactory(RoutineVersionFactory, published=True)
    routine = factory.SelfAttribute("version.routine")
    unit = factory.SubFactory(UnitFactory)
    agency = factory.SelfAttribute("unit.agency")
    started_by = factory.SubFactory(UserFactory)
    started_on = factory.LazyFunction(timezone.localdate)


class JourneyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyStep

    journey = factory.SubFactory(JourneyFactory)
    step = factory.SubFactory(StepFactory, version=factory.SelfAttribute("..journey.version"))
    routine = factory.SelfAttribute("journey.routine")
    step_key = factory.SelfAttribute("step.key")
    owner_agency = factory.SelfAttribute("journey.agency")
    owner_unit = factory.SelfAttribute("journey.unit")

    class Params:
        open = factory.Trait(status=StepStatus.OPEN, entered_at=factory.LazyFunction(timezone.now))
        completed = factory.Trait(
            status=StepStatus.COMPLETED,
            entered_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3)),
            completed_at=factory.LazyFunction(timezone.now),
            days_in_step=3,
        )
        overdue = factory.Trait(
            status=StepStatus.OPEN,
            entered_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10)),
            due_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1)),
        )


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    step = factory.SubFactory(JourneyStepFactory, status=StepStatus.HANDED_OVER)
    from_agency = factory.SelfAttribute("step.owner_agency")
    to_unit = factory.SubFactory(UnitFactory)
    to_agency = factory.SelfAttribute("to_unit.agency")
    handed_by = factory.SubFactory(UserFactory)

    class Params:
        accepted = factory.Trait(
            accepted_by=factory.SubFactory(UserFactory), accepted_at=factory.LazyFunction(timezone.now)
        )


class JourneyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyEvent

    journey = factory.SubFactory(JourneyFactory)
    kind = JourneyEvent.Kind.STARTED
