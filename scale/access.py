"""Need to know, consents in every state, break the glass and protected-identity clearances.

Every pupil has a mentor (one mentor per ~50 pupils, so "Mina barn" has a full page); about
12 % of pupils see the kurator, 5 % of children have a social services case, 2 % a report in
reception, 4 % BUP, 1 % LSS and 1 % habilitation; a third of those assignments have ended.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass, field

from lots.access.models import Assignment, AssignmentEnd, AssignmentSource, Consent, ConsentParty
from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role

ASSIGNMENT_COLUMNS = ["id", "user_id", "unit_id", "child_id", "reason", "note", "starts_at", "ends_at", "created_by_id"]
#: Where each assignment came from and why an ended one ended (issue 21): mentors from the school
#: administration system's file (last year's ended by the new term's file), the rest a manager's.
ASSIGNMENT_COLUMNS += ["source", "end_reason", "created_at"]
#: (share of children, unit kind, role, reason, share ended); the municipality's or region's units
CASEWORK = [
    (0.12, Unit.Kind.SCHOOL, Role.KURATOR, Assignment.Reason.STUDENT_HEALTH, 0.3),
    (0.05, Unit.Kind.SOCIAL_SERVICES_INVESTIGATION, Role.SOCIAL_WORKER_INVESTIGATION, Assignment.Reason.CASE, 0.4),
    (0.02, Unit.Kind.SOCIAL_SERVICES_RECEPTION, Role.SOCIAL_WORKER_INTAKE, Assignment.Reason.INTAKE, 0.5),
    (0.04, Unit.Kind.BUP, Role.BUP_CLINICIAN, Assignment.Reason.TREATMENT, 0.3),
    (0.01, Unit.Kind.LSS, Role.LSS_OFFICER, Assignment.Reason.CASE, 0.2),
    (0.01, Unit.Kind.HABILITATION, Role.HABILITATION_CLINICIAN, Assignment.Reason.TREATMENT, 0.2),
]
CONSENT_SHARE = 0.3  # of the children with a social services, BUP, LSS or habilitation contact
BREAK_GLASS_SHARE = 0.0005
REGIONAL_UNITS = {Unit.Kind.BUP, Unit.Kind.HABILITATION}


@dataclass
class Assignments:
    """Compact arrays for the audit step: who was assigned to whom, from when to when (epoch s)."""

    first_id: int = 0
    child: array = field(default_factory=lambda: array("q"))
    user: array = field(default_factory=lambda: array("q"))
    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))  # 0 = open
    imported: array = field(default_factory=lambda: array("b"))  # 1 = a mentor from the school's file
    break_glass: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # (id, user, child, start, end)

    def __len__(self) -> int:
        return len(self.child)


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _moment(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def generate(ctx) -> None:
    rng = ctx.rng("access")
    now, sink = ctx.plan.now, ctx.sink
    kids, staff = ctx.shared["children"], ctx.shared["staff"]
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    today = ctx.plan.today
    term_start = dt.datetime(now.year if now.month >= 8 else now.year - 1, 8, 15, 6, tzinfo=dt.UTC)
    last_term = term_start.replace(year=term_start.year - 1)
    term_end = term_start.replace(month=6, day=12)
    made = Assignments()
    rows: list[tuple] = []  # (user, unit, child, reason, starts, ends)
    pupils_seen: dict[int, int] = {}
    casework_children: list[tuple[int, int, int]] = []  # (child, user, agency)
    for m, (start, stop) in zip(municipalities, kids.municipality_ranges, strict=True):
        region = regions[m.region]
        for child in range(start, stop):
            school = kids.school_unit[child - kids.first_id]
            if school:
                nth = pupils_seen.get(school, 0)
                pupils_seen[school] = nth + 1
                mentors = staff.of(school, Role.TEACHER)
                mentor = mentors[min(nth // 50, len(mentors) - 1)]
                rows.append((mentor, school, child, Assignment.Reason.MENTOR, _epoch(term_start), 0))
                if kids.age(child, today) >= 7:  # last school year's mentor: ended in June
                    rows.append(
                        (
                            mentors[(nth // 50 + 1) % len(mentors)],
                            school,
                            child,
                            Assignment.Reason.MENTOR,
                            _epoch(last_term),
                            _epoch(term_end),
                        )
                    )
            for share, unit_kind, role, reason, ended in CASEWORK:
                if rng.random() >= share:
                    continue
                if unit_kind == Unit.Kind.SCHOOL:
                    if not school or not staff.of(school, role):
                        continue
                    unit = school
                else:
                    owner = region if unit_kind in REGIONAL_UNITS else m
                    unit = rng.choice(owner.units[unit_kind])
                user = rng.choice(staff.of(unit, role))
                begun = now - dt.timedelta(days=rng.randint(20, 700))
                finish = 0
                if rng.random() < ended:
                    finish = _epoch(begun + dt.timedelta(days=rng.randint(10, max(11, (now - begun).days - 1))))
                rows.append((user, unit, child, reason, _epoch(begun), finish))
                if unit_kind != Unit.Kind.SCHOOL and not finish:
                    casework_children.append((child, user, staff.agency[user]))
    made.first_id = sink.allocate("access_assignment", len(rows))
    for user, _unit, child, reason, starts, ends in rows:
        made.child.append(child)
        made.user.append(user)
        made.starts.append(starts)
        made.ends.append(ends)
        made.imported.append(1 if reason == Assignment.Reason.MENTOR else 0)

    def assignment_rows():
        for offset, (user, unit, child, reason, starts, ends) in enumerate(rows):
            imported = reason == Assignment.Reason.MENTOR
            yield (
                made.first_id + offset,
                user,
                unit,
                child,
                reason,
                "",
                _moment(starts),
                _moment(ends) if ends else None,
                None,
                AssignmentSource.IMPORT if imported else AssignmentSource.MANAGER,
                "" if not ends else AssignmentEnd.SOURCE if imported else AssignmentEnd.BY_HAND,
                _moment(starts),
            )

    sink.write("access_assignment", ASSIGNMENT_COLUMNS, assignment_rows(), total=len(rows), label="assignments")
    _consents(ctx, rng, casework_children)
    made.break_glass = _break_glass(ctx, rng)
    _clearances(ctx)
    ctx.shared["assignments"] = made


#: Consent states in rotation: half active, the rest waiting, withdrawn, expired or on one guardian's ground.
STATES = ["active", "waiting", "withdrawn", "expired", "single", "active", "active", "waiting", "active", "withdrawn"]
STATES += ["active", "active", "expired", "active", "waiting", "withdrawn", "active", "active", "active", "active"]


def _consent_state(offset: int, now: dt.datetime, given: dt.datetime) -> dict:
    state = STATES[offset % len(STATES)]
    made = {"effective_at": given, "withdrawn_at": None, "valid_until": given + dt.timedelta(days=365), "single": ""}
    if state == "waiting":
        made["effective_at"] = None  # incomplete: only one guardian has agreed so far
    elif state == "withdrawn":
        made["withdrawn_at"] = given + (now - given) / 2
    elif state == "expired":
        made["valid_until"] = given + (now - given) / 3
    elif state == "single":
        made["single"] = "Den andra vårdnadshavaren kan inte nås (vistas utomlands)."
    return made


def _consents(ctx, rng, casework_children) -> None:
    now, sink, today = ctx.plan.now, ctx.sink, ctx.plan.today
    kids, municipalities, regions = ctx.shared["children"], ctx.shared["municipalities"], ctx.shared["regions"]
    chosen = [c for c in casework_children if rng.random() < CONSENT_SHARE]
    first = sink.allocate("access_consent", len(chosen))
    consents, agencies, parties = [], [], []
    m_of = _municipality_lookup(kids)
    for offset, (child, user, agency) in enumerate(chosen):
        cid = first + offset
        m = municipalities[m_of(child)]
        given = now - dt.timedelta(days=rng.randint(1, 360))
        state = _consent_state(offset, now, given)
        purpose = rng.choice([Purpose.SIP, Purpose.SIP, Purpose.FAMILY_COORDINATION, Purpose.NAMED_EXCHANGE])
        consents.append(
            (
                cid, child, purpose, None, "" if purpose != Purpose.NAMED_EXCHANGE else "Utbyte inför skolstart",
                rng.randint(1, ALL_INFORMATION_KINDS), rng.choice(list(Consent.Form.values)), user, agency, given,
                state["valid_until"], state["single"], state["effective_at"], state["withdrawn_at"],
                "Vårdnadshavare" if state["withdrawn_at"] else "", user if state["withdrawn_at"] else None,
            )
        )  # fmt: skip
        named = {
            m.agencies[Agency.Kind.SCHOOL],
            m.agencies[Agency.Kind.SOCIAL_SERVICES],
            regions[m.region].agencies[Agency.Kind.HEALTH_CARE],
            agency,
        }
        agencies.extend((cid, a) for a in sorted(named))
        guardians = kids.guardians(child)
        agreeing = guardians[:1] if state["effective_at"] is None or state["single"] else guardians
        parties.extend((cid, ConsentParty.Role.GUARDIAN, g, None, given) for g in agreeing)
        age = kids.age(child, today)
        if age >= 7:
            parties.append((cid, ConsentParty.Role.CHILD, None, age, given))
    sink.write(
        "access_consent",
        [
            "id",
            "child_id",
            "purpose",
            "reference_id",
            "purpose_text",
            "information_kinds",
            "form",
            "noted_by_id",
            "recorded_in_id",
            "created_at",
            "valid_until",
            "single_guardian_ground",
            "effective_at",
            "withdrawn_at",
            "withdrawn_by_name",
            "withdrawal_noted_by_id",
        ],
        consents,
        total=len(consents),
        label="consents",
    )
    first_agency = sink.allocate("access_consentagency", len(agencies))
    sink.write(
        "access_consentagency",
        ["id", "consent_id", "agency_id", "shares", "receives"],
        ((first_agency + i, c, a, True, True) for i, (c, a) in enumerate(agencies)),
        total=len(agencies),
        label="consent agencies",
    )
    first_party = sink.allocate("access_consentparty", len(parties))
    sink.write(
        "access_consentparty",
        ["id", "consent_id", "role", "guardian_id", "agrees", "child_age", "view_in_words", "given_at"],
        (
            (first_party + i, c, role, g, True, age, "Jag vill att de pratar med varandra." if age else "", at)
            for i, (c, role, g, age, at) in enumerate(parties)
        ),
        total=len(parties),
        label="consent parties",
    )


def _municipality_lookup(kids):
    starts = [start for start, _ in kids.municipality_ranges]

    def m_of(child: int) -> int:
        from bisect import bisect_right

        return bisect_right(starts, child) - 1

    return m_of


def _break_glass(ctx, rng) -> list[tuple[int, int, int, int, int]]:
    """A few accesses outside the ordinary grounds: most long expired (half reviewed), some open now."""
    now, sink = ctx.plan.now, ctx.sink
    kids, staff, municipalities = ctx.shared["children"], ctx.shared["staff"], ctx.shared["municipalities"]
    m_of = _municipality_lookup(kids)
    count = max(2, round(kids.count * BREAK_GLASS_SHARE))
    first = sink.allocate("access_breakglass", count)
    rows, made = [], []
    for offset in range(count):
        child = kids.first_id + rng.randrange(kids.count)
        m = municipalities[m_of(child)]
        unit = rng.choice(m.units[Unit.Kind.SOCIAL_SERVICES_RECEPTION])
        user = rng.choice(staff.of(unit, Role.SOCIAL_WORKER_INTAKE))
        started = now - dt.timedelta(minutes=30) if offset % 10 == 0 else now - dt.timedelta(days=rng.randint(1, 360))
        expires = started + dt.timedelta(hours=4)
        reviewed = started + dt.timedelta(days=2) if expires < now and rng.random() < 0.5 else None
        rows.append(
            (
                first + offset, user, staff.membership[user], staff.agency[user], child,
                "Akut situation utanför kontorstid; barnet behöver skydd nu.", started, expires,
                reviewed, staff.of(m.units[Unit.Kind.ADMINISTRATION][0], Role.AUDITOR)[0] if reviewed else None,
                "Granskad: motiverad." if reviewed else "",
            )
        )  # fmt: skip
        made.append((first + offset, user, child, _epoch(started), _epoch(expires)))
    sink.write(
        "access_breakglass",
        [
            "id",
            "user_id",
            "membership_id",
            "agency_id",
            "child_id",
            "reason",
            "started_at",
            "expires_at",
            "reviewed_at",
            "reviewed_by_id",
            "review_comment",
        ],
        rows,
        total=len(rows),
        label="break the glass",
    )
    return made


def _clearances(ctx) -> None:
    """The rektor of a protected child's school is cleared to see where the child is."""
    kids, staff, now = ctx.shared["children"], ctx.shared["staff"], ctx.plan.now
    rows = []
    for child in sorted(kids.protected):
        school = kids.school_unit[child - kids.first_id]
        if school and (heads := staff.of(school, Role.REKTOR)):
            rows.append((heads[0], child))
    first = ctx.sink.allocate("access_protectedclearance", len(rows))
    ctx.sink.write(
        "access_protectedclearance",
        ["id", "user_id", "child_id", "reason", "granted_by_id", "granted_at", "revoked_at"],
        ((first + i, u, c, "Rektor för barnets skola", u, now, None) for i, (u, c) in enumerate(rows)),
        total=len(rows),
        label="clearances",
    )
