"""SIPs in every state, with the consent they rest on, participants, content, meetings and history.

About 1.5 % of the children have had a SIP; most plans are established or followed up. A plan is
requested by a member of staff who knows the child in their agency (an open casework assignment,
so the requester can open it on need to know); staff of one to three other agencies take part
under the plan's consent (a participant's assignment, ended when the plan ended). Actions name
an intervention of the responsible agency when the catalogue step ran before this one.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from lots.access.models import Assignment, ConsentParty
from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose
from lots.audit.models import Action, Flag
from lots.organisations.models import Unit
from lots.organisations.roles import Role
from lots.plans.models import Area, EventKind, GoalKind, ParticipantKind, ResponsibleKind, Status
from scale.audit import STOCKHOLM, _outside_hours

SIP_SHARE = 0.015
#: (status, share of the plans, days since the request: (min, max))
STATES = [
    (Status.REQUESTED, 0.04, (1, 30)),
    (Status.CONSENT_OBTAINED, 0.03, (5, 30)),
    (Status.MEETING_CALLED, 0.05, (8, 35)),
    (Status.ESTABLISHED, 0.31, (30, 300)),
    (Status.FOLLOWED_UP, 0.30, (200, 700)),
    (Status.PAUSED, 0.03, (100, 500)),
    (Status.CLOSED, 0.17, (400, 1000)),
    (Status.CANCELLED, 0.07, (60, 700)),
]
#: The agencies that take part beside the requester's: (unit kind, role, owned by the region).
PARTIES = [
    (Unit.Kind.SCHOOL, Role.KURATOR, False),
    (Unit.Kind.SOCIAL_SERVICES_INVESTIGATION, Role.SOCIAL_WORKER_INVESTIGATION, False),
    (Unit.Kind.BUP, Role.BUP_CLINICIAN, True),
    (Unit.Kind.LSS, Role.LSS_OFFICER, False),
    (Unit.Kind.HABILITATION, Role.HABILITATION_CLINICIAN, True),
]
REASONS = [
    "Skolfrånvaro som ökat under terminen; behov av samordning mellan skola, socialtjänst och BUP.",
    "Barnet har en neuropsykiatrisk utredning och behöver stöd både i skolan och hemma.",
    "Familjen har kontakt med flera verksamheter och ber om en gemensam plan.",
    "Oro för barnets psykiska hälsa; insatserna behöver samordnas.",
]
GOALS = [
    (Area.SCHOOL, GoalKind.NEED, "Behöver stöd för att komma till skolan varje dag."),
    (Area.SCHOOL, GoalKind.CHILD_GOAL, "Jag vill klara matten och vara med på idrotten."),
    (Area.HEALTH, GoalKind.NEED, "Behöver hjälp med sömn och oro."),
    (Area.FAMILY, GoalKind.SHARED_GOAL, "Föräldrarna får stöd i vardagen och vet vem de ska ringa."),
    (Area.LEISURE, GoalKind.CHILD_GOAL, "Jag vill börja på fotboll igen."),
]
ACTIONS = ["Anpassad studiegång", "Samtalskontakt", "Föräldrastöd", "Kontaktperson", "Utredning av behov"]
_CONSENT_COLUMNS = [
    "id", "child_id", "purpose", "reference_id", "purpose_text", "information_kinds", "form", "noted_by_id",
    "recorded_in_id", "created_at", "valid_until", "single_guardian_ground", "effective_at", "withdrawn_at",
    "withdrawn_by_name", "withdrawal_noted_by_id",
]  # fmt: skip
_REACHED = {  # the statuses a plan passed through on its way to its own, in order
    Status.REQUESTED: [],
    Status.CONSENT_OBTAINED: [Status.CONSENT_OBTAINED],
    Status.MEETING_CALLED: [Status.CONSENT_OBTAINED, Status.MEETING_CALLED],
    Status.ESTABLISHED: [Status.CONSENT_OBTAINED, Status.MEETING_CALLED, Status.ESTABLISHED],
    Status.FOLLOWED_UP: [Status.CONSENT_OBTAINED, Status.MEETING_CALLED, Status.ESTABLISHED, Status.FOLLOWED_UP],
}
_REACHED[Status.PAUSED] = _REACHED[Status.ESTABLISHED]
_REACHED[Status.CLOSED] = _REACHED[Status.FOLLOWED_UP]
_REACHED[Status.CANCELLED] = []
_EVENT_OF = {
    Status.CONSENT_OBTAINED: EventKind.CONSENT_CONFIRMED,
    Status.MEETING_CALLED: EventKind.MEETING_CALLED,
    Status.ESTABLISHED: EventKind.ESTABLISHED,
    Status.FOLLOWED_UP: EventKind.FOLLOWED_UP,
    Status.PAUSED: EventKind.PAUSED,
    Status.CLOSED: EventKind.CLOSED,
    Status.CANCELLED: EventKind.CANCELLED,
}


@dataclass
class Member:
    """A member of staff taking part: user, unit, agency, and the assignment that gives need to know."""

    user: int
    unit: int
    agency: int
    assignment: int = 0


@dataclass
class Rows:
    """Every table's rows, gathered before writing (each table in one COPY)."""

    tables: dict[str, list[tuple]] = field(default_factory=dict)
    audit: list[tuple] = field(default_factory=list)

    def add(self, table: str, row: tuple) -> None:
        self.tables.setdefault(table, []).append(row)


COLUMNS = {
    "plans_sip": [
        "id", "child_id", "status", "requesting_agency_id", "requested_by_id", "requested_at", "reason",
        "meeting_due_on", "first_meeting_on", "lead_agency_id", "lead_principal_id", "lead_user_id", "follow_up_on",
        "paused_from", "ended_on", "closing_reason", "ending_comment", "version",
    ],
    "access_assignment": [
        "id", "user_id", "unit_id", "child_id", "reason", "note", "starts_at", "ends_at", "created_by_id",
    ],
    "access_consent": _CONSENT_COLUMNS,
    "access_consentagency": ["id", "consent_id", "agency_id", "shares", "receives"],
    "access_consentparty": [
        "id", "consent_id", "role", "guardian_id", "agrees", "child_age", "view_in_words", "given_at",
    ],
    "plans_sipparticipant": [
        "id", "sip_id", "kind", "user_id", "unit_id", "agency_id", "name", "role_text", "has_mandate",
        "assignment_id", "invited_by_id", "invited_at", "removed_at",
    ],
    "plans_sipevent": [
        "id", "sip_id", "at", "user_id", "agency_id", "kind", "from_status", "to_status", "changed_fields",
    ],
    "plans_sipgoal": [
        "id", "owner_agency_id", "written_by_id", "written_at", "sip_id", "area", "kind", "text", "version",
        "revised_at",
    ],
    "plans_sipaction": [
        "id", "owner_agency_id", "written_by_id", "written_at", "sip_id", "what", "responsible_kind",
        "responsible_agency_id", "responsible_other", "responsible_person", "starts_on", "ends_on", "goal_id",
        "intervention_id", "intervention_name", "cost_amount", "cost_period", "version", "revised_at",
    ],
    "plans_sipmeeting": [
        "id", "sip_id", "starts_at", "ends_at", "place", "video_link", "called_by_id", "called_by_agency_id",
        "called_at", "uid", "sequence", "cancelled_at", "held_at", "version",
    ],
    "plans_sipinvitee": ["id", "meeting_id", "participant_id", "attended", "uninvited"],
    "plans_sipminutes": [
        "id", "owner_agency_id", "written_by_id", "written_at", "meeting_id", "text", "child_views", "version",
        "revised_at",
    ],
    "plans_sipfollowup": [
        "id", "owner_agency_id", "written_by_id", "written_at", "sip_id", "held_on", "summary",
        "next_follow_up_on",
    ],
}  # fmt: skip


class Ids:
    """Ids handed out table by table while the rows are drawn, reserved in the sink afterwards."""

    def __init__(self, sink):
        self.next = {table: sink.allocate(table, 0) for table in COLUMNS}

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value


def _status_for(rng) -> tuple[str, tuple[int, int]]:
    draw, total = rng.random(), 0.0
    for status, share, days in STATES:
        total += share
        if draw < total:
            return status, days
    return STATES[-1][0], STATES[-1][2]


def _requesters(ctx) -> list[int]:
    """Indexes of open casework assignments (not mentors) of children without protected identity,
    one per child, in id order."""
    made, staff, kids = ctx.shared["assignments"], ctx.shared["staff"], ctx.shared["children"]
    chosen: dict[int, int] = {}
    for i in range(len(made)):
        if made.ends[i] or staff.role[made.user[i]] == Role.TEACHER or made.child[i] in kids.protected:
            continue
        chosen.setdefault(made.child[i], i)
    return [chosen[child] for child in sorted(chosen)]


def generate(ctx) -> None:
    rng = ctx.rng("plans")
    kids = ctx.shared["children"]
    candidates = _requesters(ctx)
    count = min(len(candidates), max(8, round(kids.count * SIP_SHARE)))
    picked = sorted(rng.sample(candidates, count))
    ids, rows = Ids(ctx.sink), Rows()
    principal_of = _principals(ctx)
    starts = [start for start, _ in kids.municipality_ranges]
    for n, index in enumerate(picked):
        # the first eight plans take the eight states in turn: a small data set has every one
        status, days = (STATES[n][0], STATES[n][2]) if n < len(STATES) else _status_for(rng)
        m_index = bisect_right(starts, ctx.shared["assignments"].child[index]) - 1
        _plan(ctx, rng, ids, rows, principal_of, index, status, days, m_index)
    for table, columns in COLUMNS.items():
        written = rows.tables.get(table, [])
        if written:
            ctx.sink.allocate(table, ids.next[table] - written[0][0])
            ctx.sink.write(table, columns, written, total=len(written), label=f"sip {table.split('_', 1)[1]}")
    rows.audit.sort(key=lambda row: row[0])
    ctx.audit.append(rows.audit, label="audit of SIPs")
    ctx.shared["sips"] = len(rows.tables.get("plans_sip", []))


def _principals(ctx) -> dict[int, int]:
    found = {}
    for owner in [*ctx.shared["municipalities"], *ctx.shared["regions"]]:
        for agency in owner.agencies.values():
            found[agency] = owner.principal_id
    return found


def _parties(ctx, rng, child: int, m_index: int, requester: Member) -> list[Member]:
    """Staff of one to three other agencies that know the child's situation."""
    staff, kids = ctx.shared["staff"], ctx.shared["children"]
    m = ctx.shared["municipalities"][m_index]
    region = ctx.shared["regions"][m.region]
    options = []
    for unit_kind, role, regional in PARTIES:
        if unit_kind == Unit.Kind.SCHOOL:
            units = [kids.school_unit[child - kids.first_id]] if kids.school_unit[child - kids.first_id] else []
        else:
            units = (region if regional else m).units.get(unit_kind, [])
        if not units:
            continue
        unit = rng.choice(units)
        people = staff.of(unit, role)
        if people and staff.agency[people[0]] != requester.agency:
            options.append(Member(user=rng.choice(people), unit=unit, agency=staff.agency[people[0]]))
    rng.shuffle(options)
    by_agency = {member.agency: member for member in options}
    return list(by_agency.values())[: rng.randint(1, 3)]


def _plan(ctx, rng, ids, rows, principal_of, index, status, days, m_index) -> None:
    made, staff = ctx.shared["assignments"], ctx.shared["staff"]
    now, today = ctx.plan.now, ctx.plan.today
    child, user = made.child[index], made.user[index]
    requester = Member(user=user, unit=staff.unit[user], agency=staff.agency[user], assignment=made.first_id + index)
    sip = ids.take("plans_sip")
    asked = now - dt.timedelta(days=rng.randint(*days), hours=rng.randint(0, 6))
    reached = _REACHED[status]
    step = (now - asked) / (len(reached) + 2)
    moments = {s: asked + step * (k + 1) for k, s in enumerate(reached)}
    ended = (asked + step * (len(reached) + 1)) if status in (Status.CLOSED, Status.CANCELLED) else None
    established = Status.ESTABLISHED in reached
    first_meeting = moments.get(Status.ESTABLISHED)
    follow_up = None
    if status in (Status.ESTABLISHED, Status.FOLLOWED_UP, Status.PAUSED):
        follow_up = today + dt.timedelta(days=rng.randint(-30, 150))  # one in six overdue
    lead = (requester.agency, principal_of[requester.agency], requester.user) if established else (None, None, None)
    rows.add(
        "plans_sip",
        (
            sip, child, status, requester.agency, requester.user, asked, rng.choice(REASONS),
            (asked + dt.timedelta(days=21)).date(), first_meeting.date() if first_meeting else None, *lead,
            follow_up, rng.choice([Status.ESTABLISHED, Status.FOLLOWED_UP]) if status == Status.PAUSED else "",
            ended.date() if ended else None,
            "goals_met" if status == Status.CLOSED else "child_declined" if status == Status.CANCELLED else "",
            "Familjen tackade nej." if status == Status.CANCELLED else "", 1,
        ),
    )  # fmt: skip
    consented = Status.CONSENT_OBTAINED in reached
    members = [requester]
    if consented:
        members += _parties(ctx, rng, child, m_index, requester)
    participants = _participants(ctx, rng, ids, rows, sip, child, members, asked, moments, ended, consented)
    if consented:
        _consent(ctx, ids, rows, sip, child, members, moments[Status.CONSENT_OBTAINED], status, ended)
    _events(ids, rows, sip, requester, members, asked, moments, status, ended)
    if Status.MEETING_CALLED in reached:
        _meetings(rng, ids, rows, sip, requester, members, participants, moments, now)
    if established:
        _content(ctx, rng, ids, rows, sip, members, moments, status)
    _audit(ctx, rng, rows, sip, child, members, asked, moments, ended or now)


def _participants(ctx, rng, ids, rows, sip, child, members, asked, moments, ended, consented) -> list[int]:
    """Staff (each with a participant's assignment, but the requester, who has one), the child and a guardian."""
    kids = ctx.shared["children"]
    made = []
    for k, member in enumerate(members):
        invited = asked if k == 0 else moments[Status.CONSENT_OBTAINED]
        if k:
            member.assignment = ids.take("access_assignment")
            rows.add(
                "access_assignment",
                (member.assignment, member.user, member.unit, child, Assignment.Reason.SIP_PARTICIPANT, "",
                 invited, ended, members[0].user),
            )  # fmt: skip
        pid = ids.take("plans_sipparticipant")
        made.append(pid)
        rows.add(
            "plans_sipparticipant",
            (pid, sip, ParticipantKind.STAFF, member.user, member.unit, member.agency, "", "", True,
             member.assignment, members[0].user, invited, None),
        )  # fmt: skip
    if consented:
        family = [(ParticipantKind.GUARDIAN, f"Vårdnadshavare {kids.surname(child)}", "Vårdnadshavare")]
        if kids.age(child, ctx.plan.today) >= 7 and rng.random() < 0.6:
            family.append((ParticipantKind.CHILD, "Barnet", "Barnet själv"))
        for kind, name, role_text in family:
            pid = ids.take("plans_sipparticipant")
            rows.add(
                "plans_sipparticipant",
                (pid, sip, kind, None, None, None, name, role_text, False, None, members[0].user,
                 moments[Status.CONSENT_OBTAINED], None),
            )  # fmt: skip
    return made


def _consent(ctx, ids, rows, sip, child, members, given, status, ended) -> None:
    """The SIP's consent naming every agency that takes part: withdrawn for a paused plan."""
    kids, now = ctx.shared["children"], ctx.plan.now
    cid = ids.take("access_consent")
    withdrawn = given + (now - given) / 2 if status == Status.PAUSED else None
    rows.add(
        "access_consent",
        (cid, child, Purpose.SIP, sip, "", ALL_INFORMATION_KINDS, "signed_paper", members[0].user, members[0].agency,
         given, ended, "", given, withdrawn, "Vårdnadshavare" if withdrawn else "",
         members[0].user if withdrawn else None),
    )  # fmt: skip
    for member in members:
        rows.add("access_consentagency", (ids.take("access_consentagency"), cid, member.agency, True, True))
    for guardian in kids.guardians(child):
        rows.add(
            "access_consentparty",
            (ids.take("access_consentparty"), cid, ConsentParty.Role.GUARDIAN, guardian, True, None, "", given),
        )
    age = kids.age(child, ctx.plan.today)
    if age >= 7:
        rows.add(
            "access_consentparty",
            (ids.take("access_consentparty"), cid, ConsentParty.Role.CHILD, None, True, age, "Jag vill ha hjälp.",
             given),
        )  # fmt: skip


def _events(ids, rows, sip, requester, members, asked, moments, status, ended) -> None:
    def event(at, member, kind, before="", after="", fields="[]"):
        row = (ids.take("plans_sipevent"), sip, at, member.user, member.agency, kind, before, after, fields)
        rows.add("plans_sipevent", row)

    event(asked, requester, EventKind.REQUESTED, "", Status.REQUESTED)
    before = Status.REQUESTED
    for reached, at in moments.items():
        event(at, requester, _EVENT_OF[reached], before, reached)
        if reached == Status.CONSENT_OBTAINED:
            for _ in members[1:]:
                event(at, requester, EventKind.PARTICIPANT_ADDED, fields='["user"]')
        before = reached
    if status in (Status.PAUSED, Status.CLOSED, Status.CANCELLED):
        at = ended or asked + (max(moments.values(), default=asked) - asked) * 1.2
        event(at, requester, _EVENT_OF[status], before, status)


def _meetings(rng, ids, rows, sip, requester, members, participants, moments, now) -> None:
    """The first meeting (held once the plan is established, ahead otherwise) and, for a plan
    followed up, the follow-up meeting."""
    called = moments[Status.MEETING_CALLED]
    held = [moments.get(Status.ESTABLISHED), moments.get(Status.FOLLOWED_UP)]
    for k, when in enumerate(held if held[0] else [None]):
        if k and when is None:
            break
        starts = when or now + dt.timedelta(days=rng.randint(2, 20))
        starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
        mid = ids.take("plans_sipmeeting")
        rows.add(
            "plans_sipmeeting",
            (mid, sip, starts, starts + dt.timedelta(hours=1, minutes=30), "Samtalsrummet, Familjens hus", "",
             requester.user, requester.agency, called if k == 0 else held[0], f"scale-sip-{mid}@lots", 0, None,
             starts + dt.timedelta(hours=2) if when else None, 1),
        )  # fmt: skip
        for pid in participants:
            rows.add("plans_sipinvitee", (ids.take("plans_sipinvitee"), mid, pid, True if when else None, False))
        if when:
            rows.add(
                "plans_sipminutes",
                (ids.take("plans_sipminutes"), requester.agency, requester.user, starts + dt.timedelta(hours=3), mid,
                 "Vi gick igenom behoven och kom överens om insatserna.", "", 1, None),
            )  # fmt: skip


def _content(ctx, rng, ids, rows, sip, members, moments, status) -> None:
    """Needs and goals, and one or two actions per agency taking part (an intervention of its own when there is one)."""
    interventions = ctx.shared.get("interventions", {})
    at = moments[Status.ESTABLISHED]
    goals = []
    for area, kind, text in rng.sample(GOALS, rng.randint(2, 4)):
        writer = rng.choice(members)
        gid = ids.take("plans_sipgoal")
        goals.append(gid)
        rows.add("plans_sipgoal", (gid, writer.agency, writer.user, at, sip, area, kind, text, 1, None))
    for member in members:
        for _ in range(rng.randint(1, 2)):
            offered = interventions.get(member.agency)
            intervention, name = rng.choice(offered) if offered else (None, "")
            what = name or rng.choice(ACTIONS)
            starts = at.date() + dt.timedelta(days=rng.randint(0, 14))
            rows.add(
                "plans_sipaction",
                (ids.take("plans_sipaction"), member.agency, member.user, at, sip, what, ResponsibleKind.AGENCY,
                 member.agency, "", "", starts, starts + dt.timedelta(days=rng.randint(60, 365)), rng.choice(goals),
                 intervention, name, None, "", 1, None),
            )  # fmt: skip
    if Status.FOLLOWED_UP in moments:
        lead = members[0]
        held = moments[Status.FOLLOWED_UP].date()
        rows.add(
            "plans_sipfollowup",
            (ids.take("plans_sipfollowup"), lead.agency, lead.user, moments[Status.FOLLOWED_UP], sip, held,
             "Insatserna har kommit igång; närvaron i skolan har ökat.", held + dt.timedelta(days=180)),
        )  # fmt: skip


def _audit(ctx, rng, rows, sip, child, members, asked, moments, last) -> None:
    """The requester opens the plan when asking for it; every participant at each later step."""
    staff, protected = ctx.shared["staff"], ctx.shared["children"].protected
    for k, at in enumerate([asked, *moments.values()]):
        for member in members if k else members[:1]:
            if at > last:
                continue
            ground = "assignment" if member is members[0] else "sip_participant"
            flags = (Flag.PROTECTED_IDENTITY if child in protected else 0) | (
                Flag.OUTSIDE_WORKING_HOURS if _outside_hours(at.astimezone(STOCKHOLM)) else 0
            )
            rows.audit.append(
                (at + dt.timedelta(minutes=5), member.user, staff.username[member.user], staff.membership[member.user],
                 member.agency, staff.role[member.user], None, str(Action.VIEW), child, "plans.sip", str(sip), ground,
                 member.assignment, int(flags), f"{rng.getrandbits(128):032x}", "10.0.0.1", "", None)
            )  # fmt: skip
