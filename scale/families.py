"""Family coordination: each municipality's team and the families it works with.

About one child in a thousand belongs to a family that a team coordinates (some 2 200 families
for the nation), each coordinator holding ten to fifteen families; as many again were referred
this year and declined, are waiting or withdrew. An engagement names the child, its siblings and
its guardians, rests on a family-coordination consent for each child (naming the team's agency,
social services and the school), and keeps a contact map of about thirteen contacts in six
agencies, three priorities and a rating at the start (and one every six months). Each engaged
child has a network map of about eight people.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from lots.access.secrecy import InformationKind, Purpose
from lots.families.models import (
    EngagementStatus,
    EventKind,
    Frequency,
    Occasion,
    ReferralSource,
    ReferralStatus,
)
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role

ENGAGED_PER_CHILD = 1 / 1000
OTHER_REFERRALS = [(ReferralStatus.DECLINED, 0.5), (ReferralStatus.WAITING, 0.3), (ReferralStatus.WITHDRAWN, 0.2)]
CONTACTS = 13
NETWORK = 8
CONSENT_KINDS = int(InformationKind.CONTACT) | int(InformationKind.PLAN)
PURPOSES = ["Samtal", "Utredning", "Behandling", "Hjälpmedel", "Ekonomiskt bistånd", "Korttidsvistelse", "Läkarbesök"]
NETWORK_NAMES = [
    ("private", "relative", "Mormor"), ("private", "relative", "Farbror"), ("private", "friend", "Bästa vännen"),
    ("private", "neighbour", "Grannen"), ("private", "association", "Fotbollstränaren"),
    ("professional", "professional", "Mentor"), ("professional", "professional", "Kurator"),
    ("professional", "professional", "Socialsekreterare"),
]  # fmt: skip


def _households(child_ids: list[int]) -> dict[int, int]:
    """The first household of each child (one query)."""
    found: dict[int, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(child_ids), 5000):
            chunk = child_ids[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT child_id, MIN(household_id) FROM people_household_children WHERE child_id IN ({marks}) "  # noqa: S608
                "GROUP BY child_id",
                chunk,
            )
            found.update(dict(cursor.fetchall()))
    return found


def generate(ctx) -> None:
    kids, staff, now = ctx.shared["children"], ctx.shared["staff"], ctx.plan.now
    municipalities, regions = ctx.shared["municipalities"], ctx.shared["regions"]
    rng, sink = ctx.rng("families"), ctx.sink
    plan: list[tuple] = []  # (child, municipality, status)
    for m_index, (start, stop) in enumerate(kids.municipality_ranges):
        engaged = max(1, round((stop - start) * ENGAGED_PER_CHILD))
        chosen = rng.sample(range(start, stop), min(stop - start, engaged * 2))
        for i, child in enumerate(chosen):
            if i < engaged:
                status = ReferralStatus.STARTED
            else:
                status = rng.choices([s for s, _ in OTHER_REFERRALS], [w for _, w in OTHER_REFERRALS])[0]
            plan.append((child, m_index, status))
    homes = _households([child for child, _, _ in plan])
    plan = [row for row in plan if row[0] in homes]
    first_referral = sink.allocate("families_referral", len(plan))
    started = [i for i, row in enumerate(plan) if row[2] == ReferralStatus.STARTED]
    first_engagement = sink.allocate("families_engagement", len(started))
    referrals, engagements, members, consents, consent_agencies, parties = [], [], [], [], [], []
    contacts, priorities, ratings, events, network = [], [], [], [], []
    engagement_of = {index: first_engagement + n for n, index in enumerate(started)}
    first_consent = sink.allocate("access_consent", 2 * len(started))
    consent_id = first_consent
    for index, (child, m_index, status) in enumerate(plan):
        m = municipalities[m_index]
        team = m.units[Unit.Kind.FAMILY_COORDINATION][0]
        coordinators = staff.of(team, Role.FAMILY_COORDINATOR)
        received = now - dt.timedelta(days=rng.randint(20, 700))
        decided = received + dt.timedelta(days=rng.randint(2, 21))
        rid = first_referral + index
        closed = decided if status in (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN) else None
        referrals.append(
            (
                rid, team, child, homes[child], ReferralSource.AGENCY, m.agencies[Agency.Kind.SCHOOL], None, None,
                "Många kontakter, svårt att hålla ihop vardagen.", rng.randint(2, 4), rng.randint(3, 7), status,
                "Passar teamets kriterier." if status != ReferralStatus.DECLINED else "Ett behov, en verksamhet.",
                coordinators[0], decided, received, closed, 1,
            )
        )  # fmt: skip
        events.append((rid, EventKind.REFERRED, None, received))
        if index not in engagement_of:
            continue
        eid = engagement_of[index]
        coordinator = coordinators[index % len(coordinators)]
        begun = decided + dt.timedelta(days=rng.randint(7, 60))
        begun = min(begun, now - dt.timedelta(days=1))
        ended = rng.random() < 0.2
        engagements.append(
            (
                eid, rid, team, m.agencies[Agency.Kind.CARE], child, coordinator,
                EngagementStatus.ENDED if ended else EngagementStatus.ACTIVE, begun,
                now - dt.timedelta(hours=1) if ended else None, "completed" if ended else "",
            )
        )  # fmt: skip
        events += [(rid, EventKind.ACCEPTED, coordinator, decided), (rid, EventKind.STARTED, coordinator, begun)]
        family_children = [child]
        if (
            child + 1 < kids.first_id + kids.count
            and kids.family[child + 1 - kids.first_id] == kids.family[child - kids.first_id]
        ):
            family_children.append(child + 1)
        guardians = kids.guardians(child)
        member_ids = [("c", c) for c in family_children] + [("a", g) for g in guardians]
        for kind, person in member_ids:
            members.append((eid, person if kind == "c" else None, person if kind == "a" else None, True))
        for c in family_children:
            consents.append(
                (
                    consent_id, c, Purpose.FAMILY_COORDINATION, eid, "Familjelots", CONSENT_KINDS, "in_meeting",
                    coordinator, m.agencies[Agency.Kind.CARE], begun, None, "", begun, None, "", None,
                )
            )  # fmt: skip
            for kind in (Agency.Kind.CARE, Agency.Kind.SOCIAL_SERVICES, Agency.Kind.SCHOOL):
                consent_agencies.append((consent_id, m.agencies[kind]))
            for g in guardians:
                parties.append((consent_id, g, begun))
            consent_id += 1
        region = regions[m.region]
        agencies = [
            (m.agencies[Agency.Kind.SCHOOL], m.units[Unit.Kind.SCHOOL][0]),
            (m.agencies[Agency.Kind.SOCIAL_SERVICES], m.units[Unit.Kind.SOCIAL_SERVICES_INVESTIGATION][0]),
            (m.agencies[Agency.Kind.CARE], m.units[Unit.Kind.LSS][0]),
            (region.agencies[Agency.Kind.HEALTH_CARE], region.units[Unit.Kind.BUP][0]),
            (region.agencies[Agency.Kind.HEALTH_CARE], region.units[Unit.Kind.HABILITATION][0]),
            (region.agencies[Agency.Kind.HEALTH_CARE], region.units[Unit.Kind.PRIMARY_CARE][0]),
        ]
        for k in range(CONTACTS):
            agency, unit = agencies[k % len(agencies)]
            contacts.append(
                (
                    eid, k % len(member_ids), agency, unit, "", rng.choice(PURPOSES),
                    rng.choice(list(Frequency.values)), (now + dt.timedelta(days=rng.randint(1, 40))).date(), begun,
                )
            )  # fmt: skip
        for rank, text in enumerate(["Sömn och rutiner", "Skolan", "Färre möten"], start=1):
            priorities.append((eid, rank, text, begun))
        ratings.append(
            (eid, Occasion.START, begun.date(), rng.randint(1, 3), rng.randint(1, 3), 0, 1, "strained", coordinator)
        )
        if (now - begun).days > 183:
            ratings.append(
                (eid, Occasion.SIX_MONTHS, (begun + dt.timedelta(days=183)).date(), rng.randint(2, 5),
                 rng.randint(2, 5), rng.randint(0, 1), rng.randint(0, 2), "stable", coordinator)
            )  # fmt: skip
        for c in family_children:
            for sphere, relation, name in NETWORK_NAMES[:NETWORK]:
                network.append(
                    (c, m.agencies[Agency.Kind.CARE], sphere, relation, name, None, rng.randint(1, 3),
                     rng.randint(1, 3), coordinator, begun, None)
                )  # fmt: skip
    _write(ctx, referrals, engagements, members, consents, consent_agencies, parties)
    _write_content(ctx, contacts, priorities, ratings, events, network)


def _numbered(sink, table: str, rows: list[tuple]) -> list[tuple]:
    first = sink.allocate(table, len(rows))
    return [(first + i, *row) for i, row in enumerate(rows)]


def _write(ctx, referrals, engagements, members, consents, consent_agencies, parties) -> None:
    sink = ctx.sink
    sink.write(
        "families_referral",
        [
            "id", "team_id", "child_id", "household_id", "source", "referring_agency_id", "referred_by_id",
            "representative_id", "needs", "members_with_needs", "agencies_involved", "status", "decision_reason",
            "decided_by_id", "decided_at", "received_at", "closed_at", "version",
        ],
        referrals, total=len(referrals), label="family referrals",
    )  # fmt: skip
    sink.write(
        "families_engagement",
        ["id", "referral_id", "team_id", "agency_id", "child_id", "coordinator_id", "status", "started_at",
         "ended_at", "end_reason"],
        engagements, total=len(engagements), label="family engagements",
    )  # fmt: skip
    rows = _numbered(sink, "families_member", [(*m, None) for m in members])
    sink.write(
        "families_member", ["id", "engagement_id", "child_id", "adult_id", "has_needs", "left_at"], rows,
        total=len(rows), label="family members",
    )  # fmt: skip
    ctx.shared["family_members"] = {(r[1], i): r[0] for i, r in enumerate(rows)}
    sink.write(
        "access_consent",
        ["id", "child_id", "purpose", "reference_id", "purpose_text", "information_kinds", "form", "noted_by_id",
         "recorded_in_id", "created_at", "valid_until", "single_guardian_ground", "effective_at", "withdrawn_at",
         "withdrawn_by_name", "withdrawal_noted_by_id"],
        consents, total=len(consents), label="family consents",
    )  # fmt: skip
    rows = _numbered(sink, "access_consentagency", [(c, a, True, True) for c, a in consent_agencies])
    sink.write(
        "access_consentagency",
        ["id", "consent_id", "agency_id", "shares", "receives"],
        rows,
        total=len(rows),
        label="family consent agencies",
    )
    rows = _numbered(sink, "access_consentparty", [(c, "guardian", g, True, None, "", at) for c, g, at in parties])
    sink.write(
        "access_consentparty",
        ["id", "consent_id", "role", "guardian_id", "agrees", "child_age", "view_in_words", "given_at"],
        rows, total=len(rows), label="family consent parties",
    )  # fmt: skip


def _write_content(ctx, contacts, priorities, ratings, events, network) -> None:
    sink = ctx.sink
    # The member of a contact: the engagement's members were numbered in order.
    member_ids: dict[int, list[int]] = {}
    for (engagement, _i), member in sorted(ctx.shared["family_members"].items(), key=lambda kv: kv[1]):
        member_ids.setdefault(engagement, []).append(member)
    rows = _numbered(
        sink,
        "families_contact",
        [(e, member_ids[e][k % len(member_ids[e])], *rest) for e, k, *rest in contacts],
    )
    sink.write(
        "families_contact",
        ["id", "engagement_id", "member_id", "agency_id", "unit_id", "person_name", "purpose", "frequency",
         "next_appointment", "updated_at", "ended_at"],
        [(*r, None) for r in rows], total=len(rows), label="family contacts",
    )  # fmt: skip
    rows = _numbered(sink, "families_priority", [(*p, None) for p in priorities])
    sink.write(
        "families_priority", ["id", "engagement_id", "rank", "text", "set_at", "replaced_at"], rows,
        total=len(rows), label="family priorities",
    )  # fmt: skip
    rows = _numbered(sink, "families_outcomerating", ratings)
    sink.write(
        "families_outcomerating",
        ["id", "engagement_id", "occasion", "rated_on", "structure", "control", "children_eligible",
         "adults_in_work_or_study", "economy", "recorded_by_id"],
        rows, total=len(rows), label="family outcome ratings",
    )  # fmt: skip
    rows = _numbered(sink, "families_familyevent", [(*e, "") for e in events])
    sink.write(
        "families_familyevent",
        ["id", "referral_id", "kind", "by_id", "at", "note"],
        rows,
        total=len(rows),
        label="family events",
    )
    rows = _numbered(sink, "families_networkperson", network)
    sink.write(
        "families_networkperson",
        ["id", "child_id", "owner_agency_id", "sphere", "relation", "name", "agency_id", "closeness", "importance",
         "added_by_id", "added_at", "removed_at"],
        rows, total=len(rows), label="network maps",
    )  # fmt: skip
