"""Reads of routines (not person data: every member of staff of the family of principals) and of
journeys (person data: through the access policy, into the access log)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from lots.access import policy
from lots.access.presentation import PersonView, present_places_of
from lots.audit.models import Action
from lots.children import selectors as children_selectors
from lots.followup import suppression
from lots.followup.tables import percentile
from lots.organisations.actor import Actor
from lots.organisations.models import Membership
from lots.organisations.roles import MANAGER_ROLES, Role
from lots.routines.models import (
    ACTIVE_STEP_STATUSES,
    Acknowledgement,
    Branch,
    Handover,
    Journey,
    JourneyEvent,
    JourneyStep,
    Routine,
    RoutineVersion,
    Step,
    StepStatus,
    VersionStatus,
)
from lots.routines.scope import actor_family
from lots.routines.services._common import concerned_memberships

#: Steps a journey has reached (the process view leaves out those not reached).
REACHED = [s for s in StepStatus.values if s != StepStatus.PENDING]


def _steps():
    return Prefetch(
        "steps",
        queryset=Step.objects.select_related("relative_to")
        .prefetch_related(Prefetch("branches", queryset=Branch.objects.select_related("to_step")), "interventions")
        .order_by("order", "pk"),
    )


def _is_editor(actor: Actor, routine: Routine) -> bool:
    return routine.editors.filter(pk=actor.user.pk).exists()


def _roles(actor: Actor) -> set[str]:
    return set(Membership.objects.current().filter(user_id=actor.user.pk).values_list("role", flat=True))


@dataclass
class RoutineRow:
    routine: Routine
    published: RoutineVersion | None
    draft: RoutineVersion | None
    editor: bool


def routine_list(actor: Actor) -> list[RoutineRow]:
    """Published routines of the actor's principals; drafts too where the actor is an editor."""
    family = actor_family(actor)
    routines = (
        Routine.objects.filter(principal_id__in=family)
        .filter(Q(versions__status=VersionStatus.PUBLISHED) | Q(editors=actor.user))
        .distinct()
        .select_related("principal")
        .prefetch_related(
            Prefetch("versions", queryset=RoutineVersion.objects.exclude(status=VersionStatus.SUPERSEDED))
        )
        .order_by("name")
    )
    mine = set(Routine.objects.filter(editors=actor.user).values_list("pk", flat=True))
    rows = []
    for routine in routines:
        versions = {v.status: v for v in routine.versions.all()}
        editor = routine.pk in mine
        rows.append(
            RoutineRow(
                routine,
                versions.get(VersionStatus.PUBLISHED),
                versions.get(VersionStatus.DRAFT) if editor else None,
                editor,
            )
        )
    return rows


def version_for(actor: Actor, version_id: int) -> RoutineVersion:
    """A version with its steps; a draft only to the routine's editors. One 404 otherwise."""
    version = (
        RoutineVersion.objects.select_related("routine__principal", "published_by")
        .prefetch_related(_steps())
        .filter(pk=version_id, routine__principal_id__in=actor_family(actor))
        .first()
    )
    if version is None or (version.status == VersionStatus.DRAFT and not _is_editor(actor, version.routine)):
        raise Http404("No routine version matches the given query.")
    version.editable = _is_editor(actor, version.routine)
    return version


def step_for_editor(actor: Actor, step_id: int) -> Step:
    step = Step.objects.select_related("version__routine", "relative_to").filter(pk=step_id).first()
    if step is None or not _is_editor(actor, step.version.routine):
        raise Http404("No step matches the given query.")
    return step


def acknowledged(actor: Actor, version: RoutineVersion) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(user_id=actor.user.pk, version=version).first()


def concerns(actor: Actor, version: RoutineVersion) -> bool:
    return bool(_roles(actor) & set(version.concerns_roles))


def to_read(actor: Actor) -> list[RoutineVersion]:
    """Published versions whose roles include one of the actor's, not yet acknowledged."""
    roles = _roles(actor)
    versions = (
        RoutineVersion.objects.filter(status=VersionStatus.PUBLISHED, routine__principal_id__in=actor_family(actor))
        .exclude(acknowledgements__user_id=actor.user.pk)
        .select_related("routine")
        .order_by("-published_at")
    )
    return [v for v in versions if roles & set(v.concerns_roles)]


def follows_up(actor: Actor, routine: Routine) -> bool:
    """Read status and the process view: the steering group, managers, the routine's editors."""
    return actor.role == Role.STEERING_GROUP_MEMBER or actor.role in MANAGER_ROLES or _is_editor(actor, routine)


@dataclass
class UnitStatus:
    agency: str
    unit: str
    concerned: int = 0
    read: int = 0
    unread: list[str] = field(default_factory=list)


def read_status(actor: Actor, version: RoutineVersion) -> list[UnitStatus]:
    """Who the version concerns and who has read it, by agency and unit (managers: their unit)."""
    if not follows_up(actor, version.routine):
        raise Http404("No routine version matches the given query.")
    memberships = concerned_memberships(version).select_related("user", "unit__agency")
    if (
        actor.role in MANAGER_ROLES
        and actor.role != Role.STEERING_GROUP_MEMBER
        and not _is_editor(actor, version.routine)
    ):
        memberships = memberships.filter(unit_id=actor.unit_id)
    read = set(version.acknowledgements.values_list("user_id", flat=True))
    rows: dict[int, UnitStatus] = {}
    seen: set[tuple[int, int]] = set()
    for m in memberships.order_by("unit__agency__name", "unit__name", "user__last_name", "user__first_name"):
        if (m.unit_id, m.user_id) in seen:
            continue
        seen.add((m.unit_id, m.user_id))
        row = rows.setdefault(m.unit_id, UnitStatus(agency=str(m.unit.agency), unit=m.unit.name))
        row.concerned += 1
        if m.user_id in read:
            row.read += 1
        else:
            row.unread.append(m.user.get_full_name() or m.user.username)
    return list(rows.values())


def _published_for(actor: Actor):
    return RoutineVersion.objects.filter(status=VersionStatus.PUBLISHED, routine__principal_id__in=actor_family(actor))


def can_start(actor: Actor) -> bool:
    """Whether any routine is published for the actor's principals (one query, for the panel)."""
    if actor.membership is None:
        return False
    return _published_for(actor).exists()


def startable_versions(actor: Actor) -> list[RoutineVersion]:
    if actor.membership is None:
        return []
    return list(
        RoutineVersion.objects.filter(status=VersionStatus.PUBLISHED, routine__principal_id__in=actor_family(actor))
        .select_related("routine")
        .order_by("routine__name")
    )


# Journeys -----------------------------------------------------------------------------------------


@dataclass
class JourneyRow:
    journey: Journey
    current: list[JourneyStep]


def journeys_of_child(actor: Actor, child_id: int, **annotations) -> list[JourneyRow]:
    """Every journey of the child the actor may see, with the steps it is at now."""
    journeys = list(
        policy.with_grounds(actor, Journey.objects.all(), child_id=child_id)
        .annotate(**annotations)
        .select_related("routine", "version", "child")  # the child for the log, not one query per journey
        .order_by("-started_at")
    )
    if not journeys:
        return []
    current = (
        policy.with_grounds(
            actor,
            JourneyStep.objects.filter(journey_id__in=[j.pk for j in journeys], status__in=ACTIVE_STEP_STATUSES),
            child_id=child_id,
        )
        .select_related("step", "owner_unit", "owner_user")
        .order_by("step__order")
    )
    by_journey: dict[int, list[JourneyStep]] = {}
    for js in current:
        by_journey.setdefault(js.journey_id, []).append(js)
    policy.log_access(actor, Action.LIST, journeys, detail="child page: routines")
    return [JourneyRow(j, by_journey.get(j.pk, [])) for j in journeys]


def child_panel(actor: Actor, child_id: int) -> tuple[list[JourneyRow], bool]:
    """The child's page: the journeys, and whether the actor may start one. Where there are
    journeys, "may start" comes with them (one query fewer on the child's page)."""
    if actor.membership is None:
        return [], False
    rows = journeys_of_child(actor, child_id, _can_start=Exists(_published_for(actor)))
    return rows, (rows[0].journey._can_start if rows else can_start(actor))


@dataclass
class JourneyPage:
    journey: Journey
    child: PersonView | None
    steps: list[JourneyStep]
    events: list[JourneyEvent]
    pending: dict[int, Handover]
    #: The child as the judge of the units and agencies beside it (`placing`), also where the
    #: viewer sees only a step handed over and not the child.
    placing: PersonView

    @property
    def drawn_steps(self) -> list[Step]:
        """The steps the actor may see, for the flowchart (another agency: only those handed to it)."""
        return [js.step for js in self.steps]

    @property
    def current_keys(self) -> set[str]:
        return {js.step.key for js in self.steps if js.status in ACTIVE_STEP_STATUSES}


def journey_page(actor: Actor, journey_id: int) -> JourneyPage:
    """The journey and the steps the actor may see (another agency: only what was handed to it)."""
    journey = policy.get_visible(
        actor, Journey.objects.select_related("child", "routine", "version", "unit", "started_by"), pk=journey_id
    )
    steps = list(
        policy.with_grounds(actor, JourneyStep.objects.filter(journey_id=journey.pk))
        .select_related(
            "journey__child", "step__relative_to", "owner_unit", "owner_agency", "owner_user", "completed_by"
        )
        .prefetch_related(Prefetch("step__branches", queryset=Branch.objects.select_related("to_step")))
        .order_by("step__order", "pk")
    )
    events = list(
        policy.with_grounds(actor, JourneyEvent.objects.filter(journey_id=journey.pk)).select_related(
            "step__step", "by"
        )
    )
    pending = {
        h.step_id: h
        for h in Handover.objects.filter(step__in=steps, accepted_at__isnull=True).select_related("to_unit")
    }
    policy.log_access(actor, Action.VIEW, [journey, *steps])
    child = children_selectors.children_as_seen(actor, [journey.child_id]).get(journey.child_id)
    placing = child if child is not None else present_places_of(actor, journey.child)
    return JourneyPage(journey, child, steps, events, pending, placing)


def journey_step_for_action(actor: Actor, step_id: int) -> JourneyStep:
    return policy.get_visible(actor, JourneyStep.objects.select_related("journey", "step"), pk=step_id)


def step_to_hand_over(actor: Actor, step_id: int) -> JourneyStep:
    """The step whose handover the actor is choosing, read (and logged) as a view."""
    js = policy.get_visible(
        actor, JourneyStep.objects.select_related("journey__routine", "journey__child", "step"), pk=step_id
    )
    policy.log_access(actor, Action.VIEW, [js], detail="hand over")
    return js


# The process view ---------------------------------------------------------------------------------


@dataclass
class StepFigures:
    """One step's figures. Which of them are hidden is `suppress_figures`' to say (the one rule
    of lots.followup.suppression); a hidden count is shown as "<5" and takes its times with it."""

    key: str
    passed: int = 0
    open: int = 0
    overdue: int = 0
    histogram: dict[int, int] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)

    def _rank(self, share: int) -> int | None:
        """Nearest-rank percentile of the days spent, from the histogram the database counted."""
        if "passed" in self.hidden or self.passed < suppression.threshold():
            return None
        return percentile(self.histogram, self.passed, share)

    @property
    def median(self) -> int | None:
        return self._rank(50)

    @property
    def p90(self) -> int | None:
        return self._rank(90)

    @property
    def passed_shown(self) -> str:
        return suppression.shown(self.passed, "passed" in self.hidden)

    @property
    def open_shown(self) -> str:
        return suppression.shown(self.open, "open" in self.hidden)

    @property
    def overdue_shown(self) -> str:
        return suppression.shown(self.overdue, "overdue" in self.hidden)


def suppress_figures(figures: dict[str, StepFigures], steps: list[Step]) -> None:
    """Hide small counts, and the counts beside them from which a hidden one would follow.

    What a reader knows: a journey that passes a step reaches the next, so where a step leads only
    to steps that no other step leads to, those who passed it are those who passed or wait in the
    steps after it. Overdue steps are some of those waiting (how many are not, is not shown).
    """
    values = {(key, name): getattr(f, name) for key, f in figures.items() for name in ("passed", "open", "overdue")}
    leads_in: dict[str, int] = {}
    for step in steps:
        for branch in step.branches.all():
            leads_in[branch.to_step.key] = leads_in.get(branch.to_step.key, 0) + 1
    relations = []
    for step in steps:
        after = [b.to_step.key for b in step.branches.all()]
        if after and all(leads_in.get(key) == 1 for key in after):
            parts = tuple((key, name) for key in after for name in ("passed", "open"))
            relations.append(suppression.Sum((step.key, "passed"), parts))
    for key, name in suppression.suppress(values, relations):
        figures[key].hidden.add(name)


def process_figures(routine_id: int, *, today: dt.date | None = None) -> dict[str, StepFigures]:
    """Time spent in each step and where journeys wait, across every journey of the routine.

    One grouped query (by step, status and days spent) over the process index; the percentiles
    are read from the counted histogram, never from the journeys one by one.
    """
    today = today or timezone.localdate()
    groups = (
        JourneyStep.objects.filter(routine_id=routine_id, status__in=REACHED)
        .values_list("step_key", "status", "days_in_step")
        # COUNT(*), not COUNT(id): every column read is in the index (an index-only scan).
        .annotate(n=Count("*"), late=Count("due_on", filter=Q(due_on__lt=today)))
        .order_by()
    )
    figures: dict[str, StepFigures] = {}
    for key, status, days, n, late in groups:
        row = figures.setdefault(key, StepFigures(key))
        if status in ACTIVE_STEP_STATUSES:
            row.open += n
            row.overdue += late
        elif days is not None:
            row.passed += n
            row.histogram[days] = row.histogram.get(days, 0) + n
    return figures


def process_view(actor: Actor, routine_id: int) -> tuple[RoutineVersion, dict[str, StepFigures]]:
    routine = Routine.objects.filter(pk=routine_id, principal_id__in=actor_family(actor)).first()
    if routine is None or not follows_up(actor, routine):
        raise Http404("No routine matches the given query.")
    version = routine.versions.exclude(status=VersionStatus.DRAFT).order_by("-number").first()
    if version is None:
        raise Http404("No routine matches the given query.")
    version = version_for(actor, version.pk)
    figures = process_figures(routine.pk)
    suppress_figures(figures, list(version.steps.all()))
    return version, figures


def children_with_held_steps(unit_id: int):
    """The ids of the children with a journey step open in the unit or handed over to it: an open
    matter the unit holds (access.assignments, "children without an owner")."""
    return (
        JourneyStep.objects.filter(owner_unit_id=unit_id, status__in=ACTIVE_STEP_STATUSES)
        .values_list("journey__child_id", flat=True)
        .distinct()
    )
