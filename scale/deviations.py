"""A year of deviations, and the forums that meet around them.

About one deviation a year per 250 children (some 9 000 for the nation): most reported by a
rektor about another agency (BUP, social services' investigation), a tenth proposed by Lots from
its signals. Of the year's deviations, about half are closed (in 5–60 days), a twentieth of the
proposals dismissed, the rest under way; two in five name a child. A deviation between a
municipality's agency and the region's is raised to the steering group. Each municipality has a
BUS group (its rektorer, social services and BUP) meeting four times a year; each region a
steering group (its staff and one manager of each municipality) meeting four times a year, with
agenda items, decisions and action items followed up at the next meeting.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from lots.deviations.models import DeviationEvent, Kind, Source, Status
from lots.forums.models import ActionStatus, ForumKind
from lots.organisations.models import Unit
from lots.organisations.roles import Role

CHILDREN_PER_DEVIATION = 250
PROPOSED_SHARE, CLOSED_SHARE, NAMED_SHARE = 0.10, 0.5, 0.4
MEETINGS_PER_YEAR = 4

DEVIATION_COLUMNS = [
    "id",
    "reporting_agency_id",
    "reporting_unit_id",
    "reported_by_id",
    "reported_at",
    "kind",
    "source",
    "signal_key",
    "evidence_url",
    "happened_on",
    "description",
    "consequence",
    "child_id",
    "status",
    "confirmed_at",
    "dismissed_reason",
    "handling_due_on",
    "overdue_raised_at",
    "raised_at",
    "closed_at",
    "outcome",
    "reopened_count",
    "version",
]
PARTY_COLUMNS = [
    "id",
    "deviation_id",
    "agency_id",
    "unit_id",
    "handler_unit_id",
    "analysis",
    "measures",
    "responded_at",
    "responded_by_id",
]
EVENT_COLUMNS = ["id", "deviation_id", "kind", "at", "by_id", "agency_id", "from_status", "to_status", "note"]
TEXTS = {
    Kind.MISSED_SIP: "Verksamheten var kallad till SIP-mötet men kom inte.",
    Kind.NO_FEEDBACK: "Ingen återkoppling gavs på orosanmälan.",
    Kind.ACTION_NOT_DELIVERED: "Den överenskomna insatsen påbörjades inte.",
    Kind.INFORMATION_NOT_PASSED: "Information från mötet fördes inte vidare.",
    Kind.ROUTINE_NOT_FOLLOWED: "Rutinen för överlämning följdes inte.",
}  # fmt: skip


def generate(ctx) -> None:
    rng = ctx.rng("deviations")
    ctx.shared["deviations"] = _deviations(ctx, rng)
    _forums(ctx, ctx.rng("forums"))


def _manager(staff, unit_id: int) -> int | None:
    people = staff.of(unit_id, Role.UNIT_MANAGER) or staff.of(unit_id, Role.REKTOR)
    return people[0] if people else None


def _deviations(ctx, rng) -> int:
    kids, staff, now = ctx.shared["children"], ctx.shared["staff"], ctx.plan.now
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    count = max(len(Status), round(ctx.plan.children / CHILDREN_PER_DEVIATION))
    first = ctx.sink.allocate("deviations_deviation", count)
    first_party = ctx.sink.allocate("deviations_party", count * 2)
    rows, parties, events = [], [], []
    starts = [start for start, _ in kids.municipality_ranges]
    kinds = list(TEXTS)
    for offset in range(count):
        did = first + offset
        child = kids.first_id + rng.randrange(kids.count)
        m = municipalities[bisect_right(starts, child) - 1]
        region = regions[m.region]
        school = rng.choice(m.units[Unit.Kind.SCHOOL])
        other_kind = rng.choice([Unit.Kind.BUP, Unit.Kind.SOCIAL_SERVICES_INVESTIGATION])
        owner = region if other_kind == Unit.Kind.BUP else m
        other = rng.choice(owner.units[other_kind])
        school_agency = m.agencies["school"]
        other_agency = owner.agencies["health_care" if other_kind == Unit.Kind.BUP else "social_services"]
        reported = now - dt.timedelta(seconds=rng.randrange(365 * 86400))
        proposed = rng.random() < PROPOSED_SHARE if offset >= len(Status) else list(Status)[offset] == Status.PROPOSED
        status = (
            list(Status)[offset]
            if offset < len(Status)
            else (
                (
                    Status.DISMISSED
                    if rng.random() < 0.05
                    else Status.PROPOSED
                    if reported > now - dt.timedelta(days=7)
                    else Status.OPEN
                )
                if proposed
                else (Status.CLOSED if rng.random() < CLOSED_SHARE else Status.OPEN)
            )
        )
        proposed = proposed or status in (Status.PROPOSED, Status.DISMISSED)
        rektor = _manager(staff, school)
        kind = rng.choice(kinds)
        closed = reported + dt.timedelta(days=rng.randint(5, 60)) if status == Status.CLOSED else None
        closed = min(closed, now) if closed else None
        raised = (
            reported
            if other_kind == Unit.Kind.BUP and status != Status.PROPOSED and status != Status.DISMISSED
            else None
        )
        if proposed:
            reporting_agency, reporting_unit, reporter = other_agency, other, None
            source, key = Source.SIP_ABSENCE, f"scale-signal-{did}"
        else:
            reporting_agency, reporting_unit, reporter = school_agency, school, rektor
            source, key = Source.REPORTED, ""
        rows.append(
            (did, reporting_agency, reporting_unit, reporter, reported, kind, source, key, "",
             (reported - dt.timedelta(days=rng.randint(0, 10))).date(), TEXTS[kind],
             "Barnets stöd försenades." if rng.random() < 0.7 else "", child if rng.random() < NAMED_SHARE else None,
             status, reported if proposed and status not in (Status.PROPOSED, Status.DISMISSED) else None,
             "Signalen var redan känd och hanterad." if status == Status.DISMISSED else "",
             None if status in (Status.PROPOSED, Status.DISMISSED) else (reported + dt.timedelta(days=30)).date(),
             None, raised, closed, "Ny rutin för kallelser är införd." if closed else "", 0, 1),
        )  # fmt: skip
        answered = closed is not None
        involved = [(other_agency, other)] if proposed else [(school_agency, school), (other_agency, other)]
        for index, (agency, unit) in enumerate(involved):
            handler = _manager(staff, unit)
            parties.append(
                (first_party + 2 * offset + index, did, agency, unit, unit if handler else None,
                 "Kallelsen nådde inte fram." if answered else "",
                 "Gemensam brevlåda för kallelser." if answered else "",
                 closed if answered else None, handler if answered else None),
            )  # fmt: skip
        events.append(
            (did, DeviationEvent.Kind.PROPOSED if proposed else DeviationEvent.Kind.REPORTED, reported, reporter)
        )
        if raised:
            events.append((did, DeviationEvent.Kind.RAISED, raised, reporter))
        if closed:
            events.append((did, DeviationEvent.Kind.CLOSED, closed, rektor))
        if status == Status.DISMISSED:
            events.append((did, DeviationEvent.Kind.DISMISSED, reported + dt.timedelta(days=2), _manager(staff, other)))
    sink = ctx.sink
    sink.write("deviations_deviation", DEVIATION_COLUMNS, rows, total=len(rows), label="deviations")
    sink.write("deviations_party", PARTY_COLUMNS, parties, total=len(parties), label="deviation parties")
    first_event = sink.allocate("deviations_deviationevent", len(events))
    sink.write(
        "deviations_deviationevent",
        EVENT_COLUMNS,
        ((first_event + i, did, kind, at, by, None, "", "", "") for i, (did, kind, at, by) in enumerate(events)),
        total=len(events),
        label="deviation events",
    )
    return count


def _forums(ctx, rng) -> None:
    staff, now = ctx.shared["staff"], ctx.plan.now
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    forums, members = [], []  # members: (forum_id, user_id, agency_id, role_text)
    first_forum = ctx.sink.allocate("forums_forum", len(municipalities) + len(regions))
    fid = first_forum
    for m in municipalities:
        region = regions[m.region]
        rektorer = [staff.of(u, Role.REKTOR)[0] for u in m.units[Unit.Kind.SCHOOL][:8] if staff.of(u, Role.REKTOR)]
        others = [
            _manager(staff, m.units[Unit.Kind.SOCIAL_SERVICES_INVESTIGATION][0]),
            _manager(staff, region.units[Unit.Kind.BUP][0]),
        ]
        people = [p for p in [*rektorer, *others] if p]
        forums.append(
            (fid, f"BUS {m.name}", ForumKind.BUS, m.principal_id, "", "Två gånger per termin", people[0], True)
        )
        members += [(fid, p, staff.agency[p], "") for p in people]
        fid += 1
    for r in regions:
        steering = [p for u in r.units[Unit.Kind.ADMINISTRATION] for p in staff.of(u, Role.STEERING_GROUP_MEMBER)]
        heads = [
            _manager(staff, municipalities[i].units[Unit.Kind.SOCIAL_SERVICES_INVESTIGATION][0])
            for i in r.municipalities[:12]
        ]
        people = [p for p in [*steering, *heads] if p]
        forums.append(
            (
                fid,
                f"Styrgruppen {r.name}",
                ForumKind.STEERING_GROUP,
                r.principal_id,
                "",
                "Fyra gånger per år",
                people[0],
                True,
            )
        )
        members += [(fid, p, staff.agency[p], "") for p in people]
        fid += 1
    sink = ctx.sink
    sink.write(
        "forums_forum",
        ["id", "name", "kind", "principal_id", "purpose", "schedule", "chair_id", "active"],
        forums,
        total=len(forums),
        label="forums",
    )
    first_member = sink.allocate("forums_member", len(members))
    joined = ctx.plan.today.replace(year=ctx.plan.today.year - 1)
    sink.write(
        "forums_member",
        ["id", "forum_id", "user_id", "agency_id", "role_text", "joined_on", "left_on"],
        ((first_member + i, f, u, a, t, joined, None) for i, (f, u, a, t) in enumerate(members)),
        total=len(members),
        label="forum members",
    )
    _meetings(ctx, rng, forums, members, first_member, now)


def _meetings(ctx, rng, forums, members, first_member, now) -> None:
    by_forum: dict[int, list[tuple[int, int, int]]] = {}
    for i, (f, u, a, _t) in enumerate(members):
        by_forum.setdefault(f, []).append((first_member + i, u, a))
    count = len(forums) * (MEETINGS_PER_YEAR + 1)
    first = ctx.sink.allocate("forums_meeting", count)
    meetings, items, attendance, decisions, actions = [], [], [], [], []
    mid = first
    for fid, _name, _kind, _principal, _p, _s, chair, _a in forums:
        people = by_forum[fid]
        previous_actions: list[int] = []
        for n in range(MEETINGS_PER_YEAR + 1):  # a year of meetings and the next one
            start = now - dt.timedelta(days=365) + dt.timedelta(days=round(365 * (n + 1) / MEETINGS_PER_YEAR))
            start = start.replace(minute=0, second=0, microsecond=0)
            held = start < now
            meetings.append(
                (mid, fid, start, start + dt.timedelta(hours=2), "Kommunhuset", chair, f"scale-forum-{mid}@lots", 0,
                 None,
                 start + dt.timedelta(hours=2) if held else None, "Genomgång av punkterna." if held else "", 1),
            )  # fmt: skip
            for k in range(3):
                _member, user, agency = people[(n + k) % len(people)]
                items.append((mid, f"Punkt {k + 1}", "", user, agency, None, None, "", start - dt.timedelta(days=7)))
            if held:
                attendance += [(mid, member_id, rng.random() < 0.85) for member_id, _u, _a in people]
                decisions.append((mid, "Gruppen ställer sig bakom förslaget.", start + dt.timedelta(hours=1)))
                for index in previous_actions:
                    actions[index] = (*actions[index][:5], ActionStatus.DONE, mid, "Klart.", start, None)
                previous_actions = []
                for _k in range(2):
                    _member, owner, _agency = rng.choice(people)
                    previous_actions.append(len(actions))
                    actions.append(
                        (
                            mid,
                            "Återkomma med en plan.",
                            owner,
                            (start + dt.timedelta(days=60)).date(),
                            None,
                            ActionStatus.OPEN,
                            None,
                            "",
                            None,
                            None,
                        )
                    )
            mid += 1
    sink = ctx.sink
    sink.write(
        "forums_meeting",
        ["id", "forum_id", "starts_at", "ends_at", "place", "called_by_id", "uid", "sequence", "cancelled_at",
         "held_at", "minutes", "version"],
        meetings,
        total=len(meetings),
        label="forum meetings",
    )  # fmt: skip
    agenda_columns = [
        "meeting_id",
        "title",
        "details",
        "raised_by_id",
        "agency_id",
        "deviation_id",
        "child_id",
        "notes",
        "added_at",
    ]
    action_columns = [
        "meeting_id",
        "text",
        "owner_id",
        "due_on",
        "_",
        "status",
        "followed_up_in_id",
        "follow_up_note",
        "closed_at",
        "reminded_at",
    ]
    for table, columns, rows, label in [
        ("forums_agendaitem", agenda_columns, items, "agenda items"),
        ("forums_attendance", ["meeting_id", "member_id", "attended"], attendance, "forum attendance"),
        ("forums_decision", ["meeting_id", "text", "decided_at"], decisions, "forum decisions"),
        ("forums_actionitem", action_columns, actions, "action items"),
    ]:  # fmt: skip
        first_id = sink.allocate(table, len(rows))
        kept = [i for i, c in enumerate(columns) if c != "_"]
        sink.write(
            table,
            ["id", *[columns[i] for i in kept]],
            ((first_id + n, *[row[i] for i in kept]) for n, row in enumerate(rows)),
            total=len(rows),
            label=label,
        )
