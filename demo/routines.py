"""Six routines of Åskärs kommun, published (one revised: scenario 8), some acknowledgements, and
journeys at Åsens skola: Elin's through "Problematisk skolfrånvaro" (scenario 1) and enough others
for the process view to show times."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from demo.routine_texts import ROUTINES
from demo.routine_titles_en import TITLES_EN
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, Principal, Unit, User
from lots.people.models import Child
from lots.routines import graph
from lots.routines.models import (
    Acknowledgement,
    Branch,
    Journey,
    JourneyStep,
    Routine,
    RoutineVersion,
    Step,
    StepStatus,
    VersionStatus,
)
from lots.routines.services import journeys, versions

MUNICIPALITY = "Åskärs kommun"
SCHOOL = "Åsens skola"


def _steps(version: RoutineVersion, rows) -> None:
    made = {}
    for i, (key, title, role, kind, days, day_kind, _rel, legal, _next, todo) in enumerate(rows):
        made[key] = Step.objects.create(
            version=version,
            key=key,
            order=(i + 1) * 10,
            title=title,
            title_en=TITLES_EN.get(title, ""),
            responsible_role=role,
            agency_kind=kind,
            deadline_days=days,
            deadline_kind=day_kind,
            legal_references=legal,
            instructions=todo,
        )
    for key, *_rest, rel, _legal, ways, _todo in rows:
        if rel:
            made[key].relative_to = made[rel]
            made[key].save(update_fields=["relative_to"])
        for order, way in enumerate(versions.parse_next("\n".join(ways))):
            Branch.objects.create(from_step=made[key], to_step=made[way.key], condition=way.condition, order=order)
    graph.check(versions.nodes_of(version), publishing=True)


def build_routines(units: dict[str, Unit], users: dict[str, User], children: dict[str, Child], *, seed: int, today):
    rng = random.Random(seed + 7)
    principal = Principal.objects.get(name=MUNICIPALITY)
    now = timezone.now()
    made = {}
    for spec in ROUTINES:
        routine = Routine.objects.create(name=spec["name"], scenario=spec["scenario"], principal=principal)
        routine.editors.add(users["admin"], users["styrgrupp"])
        numbers = [1, 2] if spec.get("revised") else [1]
        for number in numbers:
            latest = number == numbers[-1]
            version = RoutineVersion.objects.create(
                routine=routine,
                number=number,
                status=VersionStatus.PUBLISHED if latest else VersionStatus.SUPERSEDED,
                summary=spec["summary"],
                changes=spec.get("revised", "") if number > 1 else "",
                concerns_roles=spec["roles"],
                created_by=users["admin"],
                published_at=now - dt.timedelta(days=3 if latest else 200),
                published_by=users["admin"],
            )
            _steps(version, spec["steps"])
        made[spec["scenario"]] = version
    # Some have read what concerns them; the rest are on the steering group's list (scenario 8).
    concerned = Membership.objects.current().filter(unit__agency__principal=principal).select_related("user")
    for version in made.values():
        readers = [m.user for m in concerned if m.role in version.concerns_roles and rng.random() < 0.5]
        Acknowledgement.objects.bulk_create(
            [Acknowledgement(user=u, version=version) for u in {u.pk: u for u in readers}.values()],
            ignore_conflicts=True,
        )
    _journeys(units, users, children, made["school_absence"], rng, today)
    return made


#: Elin's way through the routine as scenario 1 tells it: (step, the way on, days ago it was done,
#: note). The last step before the plan is the rektor's request for a SIP, 16 days ago, the day
#: demo/plans.py requests it; she is now at the follow-up.
ELINS_STEPS = [
    ("signal", "", 34, "Mentor ringde hem."),
    ("kartlaggning", "utredning", 28, "Frånvaron passerade andra gränsen; elevhälsan kartlade den."),
    ("utredning", "", 24, "Behov av särskilt stöd."),
    ("atgardsprogram", "sip", 18, "Frånvaron ökar; insatser behövs från flera huvudmän."),
    ("sip", "", 16, "Vårdnadshavarna samtycker; rektor begär SIP."),
]


def _elins_journey(actor, elin, version, today) -> None:
    """Walked through the service, then dated back: started 34 days ago, each step done on its
    day, so that the SIP (requested 16 days ago) comes out of the routine and not before it."""
    journey = journeys.start_journey(actor=actor, child=elin, version=version)
    for key, next_key, _days, note in ELINS_STEPS:
        journeys.complete_step(actor=actor, journey_step=journey.steps.get(step_key=key), next_key=next_key, note=note)
    started = today - dt.timedelta(days=ELINS_STEPS[0][2])
    started_at = timezone.make_aware(dt.datetime.combine(started, dt.time(8, 30)))
    Journey.objects.filter(pk=journey.pk).update(started_on=started, started_at=started_at)
    journey.events.filter(step__isnull=True).update(at=started_at)
    entered = started_at
    for key, _next, days, _note in ELINS_STEPS:
        done = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(14)))
        js = journey.steps.get(step_key=key)
        JourneyStep.objects.filter(pk=js.pk).update(
            entered_at=entered, completed_at=done, days_in_step=(done.date() - entered.date()).days
        )
        js.events.update(at=done)
        entered = done
    journey.steps.filter(step_key="uppfoljning").update(entered_at=entered, due_on=today + dt.timedelta(days=2))


def _journeys(units, users, children, version, rng, today) -> None:
    """Elin's journey (scenario 1) through the service; others at Åsens skola for the process view."""
    kurator = users["kurator.asen"]
    actor = Actor(user=kurator, membership=kurator.memberships.select_related("unit__agency").get(unit__name=SCHOOL))
    _elins_journey(actor, children["elin"], version, today)
    school = Unit.objects.get(name=SCHOOL)
    pupils = list(Child.objects.filter(school_unit=school).exclude(pk=children["elin"].pk).order_by("pk")[:40])
    steps = list(version.steps.order_by("order"))
    path = ["signal", "kartlaggning", "uppfoljning", "avslut"]
    by_key = {s.key: s for s in steps}
    for child in pupils:
        started = today - dt.timedelta(days=rng.randint(20, 160))
        start_at = timezone.make_aware(dt.datetime.combine(started, dt.time(9)))
        journey = Journey.objects.create(
            child=child,
            version=version,
            routine=version.routine,
            unit=school,
            agency=school.agency,
            started_by=kurator,
            started_on=started,
            started_at=start_at,
        )
        reached = rng.randint(1, len(path))
        at = start_at
        rows = []
        for i, key in enumerate(path):
            step = by_key[key]
            status, done, days = StepStatus.PENDING, None, None
            entered = None
            if i < reached:
                entered = at
                if i < reached - 1 or reached == len(path):
                    days = rng.choice([0, 1, 2, 3, 5, 8, 13]) if key != "uppfoljning" else rng.randint(20, 45)
                    done = min(at + dt.timedelta(days=days), timezone.now())
                    status, at = StepStatus.COMPLETED, done
                else:
                    status = StepStatus.OPEN
            rows.append(
                JourneyStep(
                    journey=journey,
                    step=step,
                    routine=version.routine,
                    step_key=key,
                    status=status,
                    owner_agency=school.agency,
                    owner_unit=school,
                    owner_user=kurator,
                    entered_at=entered,
                    completed_at=done,
                    completed_by=kurator if done else None,
                    days_in_step=days,
                    due_on=journeys.deadline(step, started),
                )
            )
        rows += [
            JourneyStep(
                journey=journey,
                step=s,
                routine=version.routine,
                step_key=s.key,
                owner_agency=school.agency,
                owner_unit=school,
                due_on=journeys.deadline(s, started),
            )
            for s in steps
            if s.key not in path
        ]
        JourneyStep.objects.bulk_create(rows)
        if reached == len(path):
            Journey.objects.filter(pk=journey.pk).update(status="completed", ended_at=at)
