"""Children's journeys through the routines, step by step, and their reads in the access log.

A journey is started by a member of staff with an open assignment for the child in their own
agency (a mentor, the kurator, a social worker, a clinician), so that the access policy shows it
to them; about 4–5 % of the children are on one, each routine in the ages and by the roles it is
for (`RULES`). It starts after the assignment and the routine's first publication (at most 18
months ago) and stays on the version published then. From the first step on it follows the
branches (a conditional way one time in three, never back to a step already done), spending in
each step a share of the time to its deadline (12 % late); a step of another agency is handed to
the child's unit there and accepted after hours to days. Whatever step `now` falls in is open,
handed over or overdue; journeys whose last step is done are completed. Due dates, day counts and
raising to a manager follow the routines services and the daily scan (`lots.routines.tasks`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace

from django.conf import settings

from lots.audit.models import Action, Flag
from lots.organisations.models import Unit
from lots.organisations.roles import Role
from lots.routines.models import JourneyEvent, JourneyStatus, StepStatus
from lots.routines.services.journeys import deadline
from scale.audit import STOCKHOLM, _outside_hours

Kind = JourneyEvent.Kind
HISTORY_DAYS = 540
LATE_SHARE, SKIP_SHARE, BRANCH_SHARE, SLOW_ACCEPT = 0.12, 0.04, 0.35, 0.15
SKIP_REASONS = ["Inte aktuellt: familjen har redan den kontakten.", "Behovet tillgodosett på annat sätt."]


@dataclass(frozen=True)
class Rule:
    """Who starts a routine, for which ages, and how often (of the children they are assigned to)."""

    ages: tuple[int, ...]
    starters: frozenset[str]
    rate: float


def _rule(ages, starters, rate) -> Rule:
    return Rule(tuple(ages), frozenset(starters), rate)


RULES = {
    "Problematisk skolfrånvaro": _rule(range(6, 19), {Role.TEACHER, Role.KURATOR}, 0.03),
    "Orosanmälan från skolan": _rule(range(1, 19), {Role.TEACHER, Role.KURATOR}, 0.008),
    "Placering i resursskola": _rule(range(7, 16), {Role.KURATOR, Role.TEACHER}, 0.003),
    "Övergång mellan skolformer": _rule((5, 6, 15, 16), {Role.TEACHER, Role.KURATOR}, 0.015),
    "Placerat barn och skolgång": _rule(range(0, 19), {Role.SOCIAL_WORKER_INVESTIGATION}, 0.08),
    "Hedersrelaterat våld och förtryck": _rule(range(10, 19), {Role.KURATOR}, 0.01),
    "Samordnad individuell plan (SIP)": _rule(range(0, 19), {Role.BUP_CLINICIAN, Role.HABILITATION_CLINICIAN}, 0.1),
    "Remiss från elevhälsan till BUP": _rule(range(6, 19), {Role.KURATOR}, 0.06),
    "Habilitering och LSS för barn med funktionsnedsättning": _rule(range(0, 19), {Role.HABILITATION_CLINICIAN}, 0.25),
}
#: The unit that receives a step handed over to its responsible role (school roles: the child's school).
ROLE_UNITS = {
    Role.SOCIAL_WORKER_INTAKE: Unit.Kind.SOCIAL_SERVICES_RECEPTION,
    Role.SOCIAL_WORKER_INVESTIGATION: Unit.Kind.SOCIAL_SERVICES_INVESTIGATION,
    Role.FAMILY_THERAPIST: Unit.Kind.FAMILY_TREATMENT,
    Role.LSS_OFFICER: Unit.Kind.LSS,
    Role.BUP_CLINICIAN: Unit.Kind.BUP,
    Role.HABILITATION_CLINICIAN: Unit.Kind.HABILITATION,
}
REGIONAL_UNITS = {Unit.Kind.BUP, Unit.Kind.HABILITATION}
LABELS = {
    "routines_journey": "journeys",
    "routines_journeystep": "journey steps",
    "routines_handover": "handovers",
    "routines_journeyevent": "journey events",
}
COLUMNS = {
    "routines_journey": [
        "id", "child_id", "version_id", "routine_id", "unit_id", "agency_id", "started_by_id", "started_on",
        "started_at", "status", "ended_at",
    ],
    "routines_journeystep": [
        "id", "journey_id", "step_id", "routine_id", "step_key", "status", "owner_agency_id", "owner_unit_id",
        "owner_user_id", "due_on", "entered_at", "completed_at", "completed_by_id", "days_in_step", "reason",
        "escalation_level", "escalated_at", "version",
    ],
    "routines_handover": [
        "id", "step_id", "from_agency_id", "to_agency_id", "to_unit_id", "handed_by_id", "handed_at", "note",
        "accepted_by_id", "accepted_at",
    ],
    "routines_journeyevent": ["id", "journey_id", "step_id", "kind", "by_id", "at", "note"],
}  # fmt: skip


@cache
def _due(days: int | None, kind: str, base: dt.date) -> dt.date | None:
    """The app's own deadline rule (calendar or working days), remembered: journeys share bases."""
    return deadline(SimpleNamespace(deadline_days=days, deadline_kind=kind), base)


def _local(moment: dt.datetime) -> dt.date:
    return moment.astimezone(STOCKHOLM).date()


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


@dataclass
class Held:
    """One journey step as it stands now."""

    id: int
    key: str
    status: str = StepStatus.PENDING
    agency: int = 0
    unit: int = 0
    user: int | None = None
    due: dt.date | None = None
    entered: dt.datetime | None = None
    completed: dt.datetime | None = None
    by: int | None = None
    reason: str = ""
    handover: tuple | None = None  # (handed at, (unit, agency, user), accepted at or None)
    level: int = 0
    raised: dt.datetime | None = None
    changes: int = 0


@dataclass
class Journey:
    """What one journey's drawing needs at hand."""

    id: int
    child: int
    starter: int
    assignment: int
    unit: int
    agency: int
    agency_kind: str
    municipality: object
    held: dict[str, Held] = field(default_factory=dict)
    events: list[tuple] = field(default_factory=list)  # (at, kind, step key or None, by, note)
    reads: list[tuple] = field(default_factory=list)  # (at, user, action, ground, ground id)
    receivers: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # role -> (unit, agency, user)


class Writer:
    """Ids and rows of the journey tables, and their access-log rows."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.next = {table: ctx.sink.allocate(table, 0) for table in COLUMNS}
        self.rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self.audit: list[tuple] = []
        self.rng = ctx.rng("journey reads")

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value

    def flush(self) -> None:
        for table, columns in COLUMNS.items():
            rows = self.rows[table]
            if rows:
                self.ctx.sink.allocate(table, self.next[table] - rows[0][0])
            self.ctx.sink.write(table, columns, rows, total=len(rows), label=LABELS[table])
        self.audit.sort(key=lambda row: row[0])
        self.ctx.audit.append(self.audit, label="audit of journeys")


def generate(ctx, routines: dict) -> None:
    rng = ctx.rng("journeys")
    made, kids = ctx.shared["assignments"], ctx.shared["children"]
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    kinds = {a: kind for owner in [*municipalities, *regions] for kind, a in owner.agencies.items()}
    offered = {
        m.index: [*routines.get(m.principal_id, []), *routines.get(regions[m.region].principal_id, [])]
        for m in municipalities
    }
    starts = [start for start, _ in kids.municipality_ranges]
    writer = Writer(ctx)
    group: list[int] = []
    # Assignments come child by child (the access step's order): one group of open ones per child.
    for i in [*range(len(made)), -1]:
        if i >= 0 and made.ends[i]:
            continue
        if group and (i < 0 or made.child[i] != made.child[group[0]]):
            child = made.child[group[0]]
            m = municipalities[bisect_right(starts, child) - 1]
            _child(ctx, rng, writer, kinds, offered[m.index], m, child, group)
            group = []
        if i >= 0:
            group.append(i)
    writer.flush()


def _child(ctx, rng, writer, kinds, offered, m, child: int, group: list[int]) -> None:
    """The journeys one child is on: each routine for its ages, started by one of its starters."""
    made, staff = ctx.shared["assignments"], ctx.shared["staff"]
    age = ctx.shared["children"].age(child, ctx.plan.today)
    for routine in offered:
        rule = RULES[routine.name]
        if age not in rule.ages:
            continue
        options = [i for i in group if staff.role[made.user[i]] in rule.starters]
        if options and rng.random() < rule.rate:
            _journey(ctx, rng, writer, kinds, routine, m, child, rng.choice(options))


def _journey(ctx, rng, writer, kinds, routine, m, child: int, index: int) -> None:
    made, staff, now = ctx.shared["assignments"], ctx.shared["staff"], ctx.plan.now
    user = made.user[index]
    since = dt.datetime.fromtimestamp(made.starts[index], tz=dt.UTC)
    lo = max(since, routine.versions[0].published_at, now - dt.timedelta(days=HISTORY_DAYS))
    hi = now - dt.timedelta(hours=1)
    if lo >= hi:
        return
    started = lo + (hi - lo) * rng.random()
    local = started.astimezone(STOCKHOLM)
    if local.weekday() < 5 and rng.random() < 0.9:  # most in working hours
        started = min(max(local.replace(hour=rng.randint(8, 15)), lo), hi)
    version = routine.version_at(started)
    agency = staff.agency[user]
    journey = Journey(
        writer.take("routines_journey"), child, user, made.first_id + index, staff.unit[user], agency,
        kinds[agency], m,
    )  # fmt: skip
    started_on = _local(started)
    for step in version.steps:
        mine = step.role == staff.role[user]
        journey.held[step.key] = Held(writer.take("routines_journeystep"), step.key, agency=agency, unit=journey.unit,
                                      user=user if mine else None)  # fmt: skip
    ended = _walk(ctx, rng, journey, version, started, started_on)
    _write(ctx, writer, journey, routine, version, started, started_on, ended)


def _walk(ctx, rng, journey: Journey, version, started: dt.datetime, started_on: dt.date) -> dt.datetime | None:
    """Follow the routine from `started` until now; the moment it was completed, or None if under way."""
    now, staff = ctx.plan.now, ctx.shared["staff"]
    journey.events.append((started, Kind.STARTED, None, journey.starter, ""))
    planned = _planned(version, started_on)
    for step in version.steps:
        journey.held[step.key].due = planned[step.key]
    key, moment, mover, visited = version.steps[0].key, started, journey.starter, set()
    while True:
        step, held = version.by_key[key], journey.held[key]
        visited.add(key)
        held.status, held.entered = StepStatus.OPEN, moment
        held.due = _due(step.days, step.day_kind, _base(journey, step, moment, started_on))
        held.changes += int(key != version.steps[0].key)
        journey.events.append((moment, Kind.ENTERED, key, mover, ""))
        begun = moment
        receiver = _receiver(ctx, rng, journey, step) if step.agency_kind != journey.agency_kind else None
        if receiver is not None:
            handed = moment + min(dt.timedelta(hours=rng.uniform(0.5, 20)), (now - moment) / 2)
            slow = rng.random() < SLOW_ACCEPT
            accepted = handed + dt.timedelta(days=rng.uniform(3, 10) if slow else rng.uniform(0.1, 3))
            held.status, held.changes = StepStatus.HANDED_OVER, held.changes + 1
            journey.events.append((handed, Kind.HANDED_OVER, key, journey.starter, ""))
            held.handover = (handed, receiver, accepted if accepted <= now else None)
            if accepted > now:
                _raise(journey, held, handed, now, waiting=handed)
                return None
            held.status, held.changes = StepStatus.OPEN, held.changes + 1
            held.unit, held.agency, held.user = receiver
            journey.events.append((accepted, Kind.ACCEPTED, key, held.user, ""))
            journey.reads.append((accepted + dt.timedelta(minutes=2), held.user, Action.VIEW, "handover", None))
            begun = accepted
        finish = _finish(rng, step, held.due, begun)
        if held.user is None:
            takers = staff.of(journey.unit, step.role) or [journey.starter]
            took = begun + dt.timedelta(hours=rng.uniform(2, 72))
            if finish <= now:
                took = min(took, begun + (finish - begun) / 2)
            if took <= now:
                held.user, held.changes = rng.choice(takers), held.changes + 1
                journey.events.append((took, Kind.TAKEN, key, held.user, ""))
        if finish > now:
            _raise(journey, held, begun, now, waiting=None if held.user else begun)
            return None
        skipped = step.ways and key != version.steps[0].key and rng.random() < SKIP_SHARE
        held.status = StepStatus.SKIPPED if skipped else StepStatus.COMPLETED
        held.reason = rng.choice(SKIP_REASONS) if skipped else ""
        held.completed, held.by, held.changes = finish, held.user, held.changes + 1
        _raise(journey, held, begun, finish, waiting=None)
        journey.events.append((finish, Kind.SKIPPED if skipped else Kind.COMPLETED, key, held.by, held.reason))
        if held.by == journey.starter:
            read = finish - dt.timedelta(minutes=3)
            journey.reads.append((read, journey.starter, Action.VIEW, "assignment", journey.assignment))
        mover, moment = held.by, finish
        key = _next(rng, step, visited)
        if key is None:
            journey.events.append((finish, Kind.FINISHED, None, mover, ""))
            return finish


def _planned(version, started_on: dt.date) -> dict[str, dt.date | None]:
    """Each step's due date if every earlier step were done on its own due date (as at the start)."""
    dues: dict[str, dt.date | None] = {}
    for step in version.steps:  # a step's deadline counts from an earlier step (the graph's rule)
        base = dues.get(step.relative_to) if step.relative_to else None
        dues[step.key] = _due(step.days, step.day_kind, base or started_on)
    return dues


def _base(journey: Journey, step, moment: dt.datetime, started_on: dt.date) -> dt.date:
    """What a step's deadline counts from when it is reached (as `services.journeys._enter`)."""
    if not step.relative_to:
        return started_on
    earlier = journey.held[step.relative_to]
    if earlier.completed is not None:
        return _local(earlier.completed)
    return earlier.due or _local(moment)


def _finish(rng, step, due: dt.date | None, begun: dt.datetime) -> dt.datetime:
    if due is None:
        return begun + dt.timedelta(days=rng.uniform(1, 14))
    due_end = _at(due, 16)
    if due_end <= begun or rng.random() < LATE_SHARE:
        return max(due_end, begun) + dt.timedelta(days=rng.uniform(1, max(3, (step.days or 0) / 2 + 2)))
    return begun + (due_end - begun) * rng.uniform(0.15, 1.0)


def _next(rng, step, visited: set[str]) -> str | None:
    """The way on: the plain one mostly, a conditional one a third of the time; never back."""
    ways = [(condition, key) for condition, key in step.ways if key not in visited]
    plain = [key for condition, key in ways if not condition]
    conditional = [key for condition, key in ways if condition]
    if conditional and (not plain or rng.random() < BRANCH_SHARE):
        return rng.choice(conditional)
    return plain[0] if plain else None


def _receiver(ctx, rng, journey: Journey, step) -> tuple[int, int, int] | None:
    """(unit, agency, user) of the other agency that takes the step: the same for the journey's steps of a role."""
    if step.role in journey.receivers:
        return journey.receivers[step.role]
    staff, kids, m = ctx.shared["staff"], ctx.shared["children"], journey.municipality
    kind = ROLE_UNITS.get(step.role)
    if kind is not None:
        owner = ctx.shared["regions"][m.region] if kind in REGIONAL_UNITS else m
        units = owner.units.get(kind, [])
        unit = rng.choice(units) if units else 0
    else:  # a school role: the child's school (or preschool)
        unit = kids.school_unit[journey.child - kids.first_id] or rng.choice(m.units[Unit.Kind.SCHOOL])
    people = staff.of(unit, step.role) or staff.of(unit, Role.REKTOR) or staff.of(unit, Role.UNIT_MANAGER)
    if not people or staff.agency[people[0]] == journey.agency:
        return None
    found = (unit, staff.agency[people[0]], rng.choice(people))
    journey.receivers[step.role] = found
    return found


def _raise(journey: Journey, held: Held, begun: dt.datetime, limit: dt.datetime, *, waiting) -> None:
    """Raised to the unit's manager at the daily scan once overdue, or unheld (`waiting` since) for
    too long; to the steering group after a further while (as `services.daily.raise_unowned`, which then
    leaves the step be). `limit`: when the step stopped waiting (done, or now)."""
    moments = []
    if held.due is not None:
        moments.append(_at(held.due + dt.timedelta(days=1), 6))
    if waiting is not None:
        moments.append(waiting + dt.timedelta(days=settings.LOTS_ROUTINES_UNHELD_DAYS))
    first = max(min(moments), begun) if moments else None
    if first is None or first > limit:
        return
    held.level, held.raised = 1, first
    journey.events.append((first, Kind.ESCALATED, held.key, None, ""))
    steering = first + dt.timedelta(days=settings.LOTS_ROUTINES_STEERING_DAYS)
    if steering <= limit:
        held.level = 2
        journey.events.append((steering, Kind.ESCALATED_STEERING, held.key, None, ""))


def _write(ctx, writer: Writer, journey: Journey, routine, version, started, started_on, ended) -> None:
    rows = writer.rows
    status = JourneyStatus.COMPLETED if ended else JourneyStatus.OPEN
    rows["routines_journey"].append(
        (journey.id, journey.child, version.id, routine.id, journey.unit, journey.agency, journey.starter,
         started_on, started, status, ended),
    )  # fmt: skip
    for step in version.steps:
        h = journey.held[step.key]
        days = (_local(h.completed) - _local(h.entered)).days if h.completed else None
        rows["routines_journeystep"].append(
            (h.id, journey.id, step.id, routine.id, step.key, h.status, h.agency, h.unit, h.user, h.due, h.entered,
             h.completed, h.by, days, h.reason, h.level, h.raised, 1 + h.changes),
        )  # fmt: skip
        if h.handover is not None:
            handed, (unit, agency, user), accepted = h.handover
            rows["routines_handover"].append(
                (writer.take("routines_handover"), h.id, journey.agency, agency, unit, journey.starter, handed, "",
                 user if accepted else None, accepted),
            )  # fmt: skip
    for at, kind, key, by, note in sorted(journey.events, key=lambda event: event[0]):
        step_id = journey.held[key].id if key else None
        rows["routines_journeyevent"].append(
            (writer.take("routines_journeyevent"), journey.id, step_id, kind, by, at, note)
        )
    _reads(ctx, writer, journey, started)


def _reads(ctx, writer: Writer, journey: Journey, started: dt.datetime) -> None:
    """The starter creating the journey and opening it when doing a step; a receiving unit opening it."""
    staff, kids, rng = ctx.shared["staff"], ctx.shared["children"], writer.rng
    reads = [(started, journey.starter, Action.CREATE, "assignment", journey.assignment), *journey.reads]
    for at, user, action, ground, ground_id in reads:
        flags = (Flag.PROTECTED_IDENTITY if journey.child in kids.protected else 0) | (
            Flag.OUTSIDE_WORKING_HOURS if _outside_hours(at.astimezone(STOCKHOLM)) else 0
        )
        writer.audit.append(
            (at, user, staff.username[user], staff.membership[user], staff.agency[user], staff.role[user], None,
             str(action), journey.child, "routines.journey", str(journey.id), ground, ground_id, int(flags),
             f"{rng.getrandbits(128):032x}", "10.0.0.3", "", None),
        )  # fmt: skip
