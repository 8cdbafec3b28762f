"""Routines of every municipality and region, their versions and who has read them; then journeys.

Each municipality publishes five or six of the demo's routines (problematic absence and concern
reports everywhere), each region the three of `routine_texts` that it agrees with its
municipalities. A routine has one to three versions: the newest published (20–400 days ago),
the older ones superseded, and one routine in eight has a draft of the next under way. Older
versions differ from the next in one deadline, as a revision would. The administrator drafted and
published them; the administrator and the steering-group member edit them. Staff the version
concerns (by role, in the routine's own municipality, or in the whole region for a regional one)
have read it: about four in five of a superseded version, of the published one more the longer it
has been out. The journeys of children through them are `scale.journeys`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from demo.routine_texts import ROUTINES as MUNICIPAL_ROUTINES
from lots.organisations.models import Unit
from lots.organisations.roles import Role
from lots.routines.models import DayKind, VersionStatus
from scale import journeys
from scale.routine_texts import REGIONAL_ROUTINES

#: Routines every municipality has; each of the others with this probability (the first: all).
ALWAYS = {"school_absence", "concern_report"}
OPTIONAL_SHARE = 0.8
#: How many versions a routine has had: (count, weight)
VERSION_COUNTS = [(1, 0.55), (2, 0.33), (3, 0.12)]
DRAFT_SHARE = 0.125
READ_SUPERSEDED = 0.8
REVISED_TEXT = "Kortare tidsfrist för ”{title}” efter uppföljning i styrgruppen."

#: Each table with its columns and the label the progress bar prints.
LABELS = {
    "routines_routine": "routines",
    "routines_routine_editors": "routine editors",
    "routines_routineversion": "routine versions",
    "routines_step": "routine steps",
    "routines_branch": "routine branches",
    "routines_acknowledgement": "acknowledgements",
}
COLUMNS = {
    "routines_routine": ["id", "name", "scenario", "principal_id", "owner_agency_id", "created_at"],
    "routines_routine_editors": ["id", "routine_id", "user_id"],
    "routines_routineversion": [
        "id", "routine_id", "number", "status", "summary", "changes", "concerns_roles", "created_at",
        "created_by_id", "published_at", "published_by_id",
    ],
    "routines_step": [
        "id", "version_id", "key", '"order"', "title", "instructions", "responsible_role", "agency_kind",
        "deadline_days", "deadline_kind", "relative_to_id", "legal_references", "documents",
    ],
    "routines_branch": ["id", "from_step_id", "to_step_id", "condition", '"order"'],
    "routines_acknowledgement": ["id", "user_id", "version_id", "read_at"],
}  # fmt: skip


@dataclass
class StepInfo:
    """What the journeys need of a step (the rest is only written)."""

    id: int
    key: str
    title: str
    role: str
    agency_kind: str
    days: int | None
    day_kind: str
    relative_to: str | None
    ways: list[tuple[str, str]]  # (condition, key), in order


@dataclass
class VersionInfo:
    id: int
    number: int
    status: str
    published_at: dt.datetime | None
    steps: list[StepInfo] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_key: dict[str, StepInfo] = {}


@dataclass
class RoutineInfo:
    id: int
    name: str
    principal_id: int
    regional: bool
    #: Versions a journey can be on (published and superseded), oldest first.
    versions: list[VersionInfo] = field(default_factory=list)

    def version_at(self, moment: dt.datetime) -> VersionInfo | None:
        """The version that was published at `moment` (a journey stays on the one it started on)."""
        found = None
        for version in self.versions:
            if version.published_at <= moment:
                found = version
        return found


class Ids:
    """Ids handed out table by table while rows are drawn, reserved in the sink when written."""

    def __init__(self, sink, tables):
        self.next = {table: sink.allocate(table, 0) for table in tables}

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value


def _ways(texts: list[str]) -> list[tuple[str, str]]:
    """The demo's "condition: key" lines as (condition, key), as `versions.parse_next` reads them."""
    ways = []
    for text in texts:
        condition, _sep, key = text.rpartition(":")
        ways.append((condition.strip(), key.strip()))
    return ways


def generate(ctx) -> None:
    rng = ctx.rng("routines")
    ids = Ids(ctx.sink, COLUMNS)
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    routines: dict[int, list[RoutineInfo]] = {}  # by principal id
    for owner, specs, regional in _owners(ctx, rng):
        routines[owner.principal_id] = [_routine(ctx, rng, ids, rows, owner, spec, regional) for spec in specs]
    _acknowledgements(ctx, rng, ids, rows, routines)
    for table, columns in COLUMNS.items():
        written = rows[table]
        if written:
            ctx.sink.allocate(table, ids.next[table] - written[0][0])
        ctx.sink.write(table, columns, written, total=len(written), label=LABELS[table])
    ctx.shared["routines"] = routines
    journeys.generate(ctx, routines)


def _owners(ctx, rng):
    """(municipality or region, the routine specs it publishes, regional)."""
    for m in ctx.shared["municipalities"]:
        specs = [
            spec
            for spec in MUNICIPAL_ROUTINES
            if m.index == 0 or spec["scenario"] in ALWAYS or rng.random() < OPTIONAL_SHARE
        ]
        yield m, specs, False
    for region in ctx.shared["regions"]:
        yield region, REGIONAL_ROUTINES, True


def _version_count(rng, spec) -> int:
    counts, weights = zip(*VERSION_COUNTS, strict=True)
    count = rng.choices(counts, weights)[0]
    return max(count, 2 if spec.get("revised") else 1)  # the demo's revised routine keeps its history


def _routine(ctx, rng, ids, rows, owner, spec, regional: bool) -> RoutineInfo:
    staff, now = ctx.shared["staff"], ctx.plan.now
    admin_unit = owner.units[Unit.Kind.ADMINISTRATION][0]
    admin = staff.of(admin_unit, Role.ADMINISTRATOR)[0]
    steering = staff.of(admin_unit, Role.STEERING_GROUP_MEMBER)[0]
    routine = RoutineInfo(ids.take("routines_routine"), spec["name"], owner.principal_id, regional)
    count = _version_count(rng, spec)
    published = [now - dt.timedelta(days=rng.randint(20, 400), hours=rng.randint(0, 8))]
    for _ in range(count - 1):
        published.insert(0, published[0] - dt.timedelta(days=rng.randint(180, 500)))
    created = published[0] - dt.timedelta(days=rng.randint(3, 30))
    owner_agency = owner.agencies.get(spec["steps"][0][3])
    rows["routines_routine"].append(
        (routine.id, spec["name"], spec["scenario"], owner.principal_id, owner_agency, created)
    )
    for user in (admin, steering):
        rows["routines_routine_editors"].append((ids.take("routines_routine_editors"), routine.id, user))
    # the step each older version gave more time (the next version shortened it)
    revisable = [i for i, step in enumerate(spec["steps"]) if i and step[4]]
    changed = [rng.choice(revisable) for _ in range(count - 1)]
    draft = rng.random() < DRAFT_SHARE
    for number in range(1, count + 1 + draft):
        status = (
            VersionStatus.DRAFT
            if number > count
            else VersionStatus.PUBLISHED
            if number == count
            else VersionStatus.SUPERSEDED
        )
        at = published[number - 1] if number <= count else None
        made = created if number == 1 else (at or now) - dt.timedelta(days=rng.randint(1, 20))
        if number > 1 and number <= count:
            changes = spec.get("revised") or REVISED_TEXT.format(title=spec["steps"][changed[number - 2]][1])
        else:
            changes = "Utkast: ses över inför nästa läsår." if status == VersionStatus.DRAFT else ""
        version = VersionInfo(ids.take("routines_routineversion"), number, status, at)
        rows["routines_routineversion"].append(
            (version.id, routine.id, number, status, spec["summary"], changes, json.dumps(spec["roles"]), made, admin,
             at, admin if at else None),
        )  # fmt: skip
        longer = changed[number - 1 :] if number <= count else []
        _steps(ids, rows, version, spec["steps"], longer)
        if status != VersionStatus.DRAFT:
            routine.versions.append(version)
    return routine


def _steps(ids, rows, version: VersionInfo, specs, longer: list[int]) -> None:
    """The version's steps and branches; each later revision took five days off a step in `longer`."""
    for i, (key, title, role, kind, days, day_kind, rel, _legal, ways, _todo) in enumerate(specs):
        if i in longer:
            days += 5 * longer.count(i)
        step = StepInfo(ids.take("routines_step"), key, title, role, kind, days, day_kind or DayKind.CALENDAR, rel,
                        _ways(ways))  # fmt: skip
        version.steps.append(step)
        version.by_key[key] = step
    for order, step in enumerate(version.steps):
        rel_id = version.by_key[step.relative_to].id if step.relative_to else None
        legal, todo = specs[order][7], specs[order][9]
        rows["routines_step"].append(
            (step.id, version.id, step.key, (order + 1) * 10, step.title, todo, step.role, step.agency_kind,
             step.days, step.day_kind, rel_id, legal, ""),
        )  # fmt: skip
        for n, (condition, key) in enumerate(step.ways):
            to = version.by_key[key].id
            rows["routines_branch"].append((ids.take("routines_branch"), step.id, to, condition, n))


def _acknowledgements(ctx, rng, ids, rows, routines: dict[int, list[RoutineInfo]]) -> None:
    """Concerned staff who have read each version: their own municipality's, or the whole region's."""
    staff, now = ctx.shared["staff"], ctx.plan.now
    principal_of = {}
    for owner in [*ctx.shared["municipalities"], *ctx.shared["regions"]]:
        for agency in owner.agencies.values():
            principal_of[agency] = owner.principal_id
    by_principal: dict[int, dict[str, list[int]]] = {}
    for user, role in staff.role.items():
        by_principal.setdefault(principal_of[staff.agency[user]], {}).setdefault(role, []).append(user)
    family = {r.principal_id: [r.principal_id] for r in ctx.shared["regions"]}
    for m in ctx.shared["municipalities"]:
        family[ctx.shared["regions"][m.region].principal_id].append(m.principal_id)
    specs = {spec["name"]: spec for spec in [*MUNICIPAL_ROUTINES, *REGIONAL_ROUTINES]}
    for principal, made in routines.items():
        for routine in made:
            roles = specs[routine.name]["roles"]
            principals = family[principal] if routine.regional else [principal]
            concerned = sorted({u for p in principals for role in roles for u in by_principal.get(p, {}).get(role, [])})
            for k, version in enumerate(routine.versions):
                until = routine.versions[k + 1].published_at if k + 1 < len(routine.versions) else now
                out_days = (until - version.published_at).days
                share = READ_SUPERSEDED if until != now else min(0.9, 0.35 + out_days / 400 * 0.5)
                for user in concerned:
                    if rng.random() < share:
                        read = version.published_at + (until - version.published_at) * rng.random() ** 3
                        rows["routines_acknowledgement"].append(
                            (ids.take("routines_acknowledgement"), user, version.id, read)
                        )
