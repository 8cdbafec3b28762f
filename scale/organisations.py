"""Principals, agencies, units, staff and memberships, proportioned to the number of children.

Municipalities differ in size as Swedish ones do (a few large, many small: weights 1/(i+3));
each has a school, a social services, a care and an administrative agency. Each region has
health care (BUP, habilitation, primary care) and an administrative agency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from lots.core.luhn import luhn_check_digit
from lots.organisations.models import Agency, Principal, Unit
from lots.organisations.roles import Role

SCALE_PASSWORD = "scale-lots-2026"  # noqa: S105 (a benchmark data set's shared password)

_PREFIXES = [
    "Ängs",
    "Björk",
    "Sunds",
    "Fors",
    "Ek",
    "Lind",
    "Strand",
    "Norr",
    "Söder",
    "Öster",
    "Väster",
    "Hag",
    "Holm",
    "Dal",
    "Torp",
    "Vik",
    "Bro",
    "Mål",
    "Rön",
    "Älv",
    "Sjö",
    "Berg",
    "Ås",
    "Kvarn",
    "Mos",
    "Sand",
    "Tall",
    "Gran",
    "Ljung",
    "Lövs",
]
_SUFFIXES = [
    "vik",
    "by",
    "sta",
    "köping",
    "hamn",
    "torp",
    "dal",
    "holm",
    "näs",
    "berga",
    "fors",
    "lund",
    "ås",
    "sund",
    "ryd",
    "hult",
]
_REGION_NAMES = [
    "Norrmark",
    "Älvsby",
    "Skogslän",
    "Kustlän",
    "Fjällmark",
    "Slättbygd",
    "Mälarlän",
    "Sjölänna",
    "Vättland",
    "Bergslag",
    "Östersjö",
    "Västkust",
    "Höglandet",
    "Ådalen",
    "Mittland",
    "Gränsbygd",
    "Skärgården",
    "Dalbygd",
    "Sandslätt",
    "Myrland",
    "Ekbygd",
    "Åsbygd",
]
_SCHOOL_NAMES = [
    "Ekbackens",
    "Björkhagens",
    "Centrum",
    "Skogs",
    "Ängs",
    "Strand",
    "Solbacka",
    "Kvarn",
    "Tallbacka",
    "Lunda",
    "Hagaby",
    "Åsens",
    "Rosengårds",
    "Kyrkbacka",
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Lärkens",
    "Linné",
]

UNIT_AGENCY = {
    Unit.Kind.SCHOOL: Agency.Kind.SCHOOL,
    Unit.Kind.PRESCHOOL: Agency.Kind.SCHOOL,
    Unit.Kind.SOCIAL_SERVICES_RECEPTION: Agency.Kind.SOCIAL_SERVICES,
    Unit.Kind.SOCIAL_SERVICES_INVESTIGATION: Agency.Kind.SOCIAL_SERVICES,
    Unit.Kind.FAMILY_TREATMENT: Agency.Kind.SOCIAL_SERVICES,
    Unit.Kind.LSS: Agency.Kind.CARE,
    Unit.Kind.FAMILY_COORDINATION: Agency.Kind.CARE,
    Unit.Kind.BUP: Agency.Kind.HEALTH_CARE,
    Unit.Kind.HABILITATION: Agency.Kind.HEALTH_CARE,
    Unit.Kind.PRIMARY_CARE: Agency.Kind.HEALTH_CARE,
    Unit.Kind.ADMINISTRATION: Agency.Kind.OTHER,
}
CHILDREN_PER_SCHOOL = 350
CHILDREN_PER_PRESCHOOL = 100
PUPILS_PER_MENTOR = 50


@dataclass
class Municipality:
    index: int
    principal_id: int
    name: str
    region: int  # index into ctx.shared["regions"]
    children: int
    agencies: dict[str, int] = field(default_factory=dict)
    units: dict[str, list[int]] = field(default_factory=dict)  # Unit.Kind -> ids


@dataclass
class Region:
    index: int
    principal_id: int
    name: str
    agencies: dict[str, int] = field(default_factory=dict)
    units: dict[str, list[int]] = field(default_factory=dict)
    municipalities: list[int] = field(default_factory=list)


@dataclass
class Staff:
    """Users by unit and role, and what the audit step needs to write rows about them."""

    by_unit: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    membership: dict[int, int] = field(default_factory=dict)
    username: dict[int, str] = field(default_factory=dict)
    role: dict[int, str] = field(default_factory=dict)
    agency: dict[int, int] = field(default_factory=dict)
    unit: dict[int, int] = field(default_factory=dict)

    def of(self, unit_id: int, role: str) -> list[int]:
        return self.by_unit.get(unit_id, {}).get(role, [])


def organisation_number(serial: int, *, prefix: str) -> str:
    body = f"{prefix}{serial:03d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


def sizes(total: int, parts: int) -> list[int]:
    """Split `total` children over `parts` municipalities, a few large and many small."""
    weights = [1 / (i + 3) for i in range(parts)]
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [math.floor(r) for r in raw]
    for i in sorted(range(parts), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _municipality_names(count: int, taken: set[str]) -> list[str]:
    names = [f"{p}{s}" for s in _SUFFIXES for p in _PREFIXES]
    names = [n[0] + n[1:].lower() for n in names if f"{n} kommun" not in taken]
    return [names[i] if i < len(names) else f"{names[i % len(names)]} {i // len(names) + 1}" for i in range(count)]


def generate(ctx) -> None:
    plan, sink = ctx.plan, ctx.sink
    taken = set(Principal.objects.values_list("name", flat=True))
    regions = [
        Region(index=i, principal_id=0, name=f"Region {_REGION_NAMES[i % len(_REGION_NAMES)]}{'' if i < 22 else i}")
        for i in range(plan.regions)
    ]
    regions = [r for r in regions if r.name not in taken] or regions
    municipalities = [
        Municipality(index=i, principal_id=0, name=name, region=i * len(regions) // plan.municipalities, children=c)
        for i, (name, c) in enumerate(
            zip(_municipality_names(plan.municipalities, taken), sizes(plan.children, plan.municipalities), strict=True)
        )
    ]
    _principals(sink, regions, municipalities)
    _agencies_and_units(sink, regions, municipalities)
    staff = _staff(ctx, regions, municipalities)
    ctx.shared.update(regions=regions, municipalities=municipalities, staff=staff)


def _principals(sink, regions, municipalities) -> None:
    first = sink.allocate("organisations_principal", len(regions) + len(municipalities))
    rows = []
    for offset, region in enumerate(regions):
        region.principal_id = first + offset
        rows.append(
            (
                region.principal_id,
                region.name,
                Principal.Kind.REGION,
                organisation_number(first + offset, prefix="2321"),
                None,
            )
        )
    for offset, m in enumerate(municipalities, start=len(regions)):
        m.principal_id = first + offset
        regions[m.region].municipalities.append(m.index)
        rows.append(
            (
                m.principal_id,
                f"{m.name} kommun",
                Principal.Kind.MUNICIPALITY,
                organisation_number(first + offset, prefix="2120"),
                regions[m.region].principal_id,
            )
        )
    sink.write(
        "organisations_principal",
        ["id", "name", "kind", "organisation_number", "region_id"],
        rows,
        total=len(rows),
        label="principals",
    )


MUNICIPAL_AGENCIES = [
    ("Utbildningsförvaltningen", Agency.Kind.SCHOOL),
    ("Socialförvaltningen", Agency.Kind.SOCIAL_SERVICES),
    ("Omsorgsförvaltningen", Agency.Kind.CARE),
    ("Kommunledningsförvaltningen", Agency.Kind.OTHER),
]
REGIONAL_AGENCIES = [("Hälso- och sjukvården", Agency.Kind.HEALTH_CARE), ("Regionledningen", Agency.Kind.OTHER)]


def _municipal_units(m: Municipality) -> list[tuple[str, str, str]]:
    """(agency kind, unit kind, name) for one municipality."""
    c = m.children
    units = []
    for i in range(max(1, round(c * 0.65 / CHILDREN_PER_SCHOOL))):
        base = _SCHOOL_NAMES[i % len(_SCHOOL_NAMES)]
        units.append(
            (
                Agency.Kind.SCHOOL,
                Unit.Kind.SCHOOL,
                f"{base} skola{'' if i < len(_SCHOOL_NAMES) else f' {i // len(_SCHOOL_NAMES) + 1}'}",
            )
        )
    for i in range(max(1, round(c * 0.25 / CHILDREN_PER_PRESCHOOL))):
        units.append((Agency.Kind.SCHOOL, Unit.Kind.PRESCHOOL, f"Förskolan {i + 1}"))
    per_district = max(1, round(c / 40_000))
    for i in range(per_district):
        suffix = "" if per_district == 1 else f" {i + 1}"
        units.append((Agency.Kind.SOCIAL_SERVICES, Unit.Kind.SOCIAL_SERVICES_RECEPTION, f"Mottagningen{suffix}"))
        units.append((Agency.Kind.SOCIAL_SERVICES, Unit.Kind.SOCIAL_SERVICES_INVESTIGATION, f"Barn och unga{suffix}"))
        units.append((Agency.Kind.SOCIAL_SERVICES, Unit.Kind.FAMILY_TREATMENT, f"Familjebehandlingen{suffix}"))
        units.append((Agency.Kind.CARE, Unit.Kind.LSS, f"LSS-handläggningen{suffix}"))
    units.append((Agency.Kind.CARE, Unit.Kind.FAMILY_COORDINATION, "Familjelotsarna"))
    units.append((Agency.Kind.OTHER, Unit.Kind.ADMINISTRATION, "Stab"))
    return units


def _regional_units(region: Region, children: int) -> list[tuple[str, str, str]]:
    units = [(Agency.Kind.HEALTH_CARE, Unit.Kind.BUP, f"BUP {i + 1}") for i in range(max(1, round(children / 40_000)))]
    units += [
        (Agency.Kind.HEALTH_CARE, Unit.Kind.HABILITATION, f"Habiliteringen {i + 1}")
        for i in range(max(1, round(children / 80_000)))
    ]
    units += [
        (Agency.Kind.HEALTH_CARE, Unit.Kind.PRIMARY_CARE, f"Vårdcentralen {i + 1}")
        for i in range(max(1, round(children / 8_000)))
    ]
    units.append((Agency.Kind.OTHER, Unit.Kind.ADMINISTRATION, "Regionstab"))
    return units


def _agencies_and_units(sink, regions, municipalities) -> None:
    owners: list[tuple[object, list, list]] = []
    for m in municipalities:
        owners.append((m, MUNICIPAL_AGENCIES, _municipal_units(m)))
    for r in regions:
        owners.append(
            (r, REGIONAL_AGENCIES, _regional_units(r, sum(municipalities[i].children for i in r.municipalities)))
        )
    agency_rows, unit_rows = [], []
    next_agency = sink.allocate("organisations_agency", sum(len(a) for _, a, _ in owners))
    next_unit = sink.allocate("organisations_unit", sum(len(u) for _, _, u in owners))
    for owner, agencies, units in owners:
        for name, kind in agencies:
            owner.agencies[kind] = next_agency
            agency_rows.append((next_agency, owner.principal_id, name, kind))
            next_agency += 1
        for agency_kind, unit_kind, name in units:
            owner.units.setdefault(unit_kind, []).append(next_unit)
            unit_rows.append((next_unit, owner.agencies[agency_kind], name, unit_kind, "", "", owner.name, ""))
            next_unit += 1
    sink.write(
        "organisations_agency",
        ["id", "principal_id", "name", "kind"],
        agency_rows,
        total=len(agency_rows),
        label="agencies",
    )
    sink.write(
        "organisations_unit",
        ["id", "agency_id", "name", "kind", "street_address", "postal_code", "city", "phone"],
        unit_rows,
        total=len(unit_rows),
        label="units",
    )


def _roles_for(unit_kind: str, pupils: int) -> list[tuple[str, int]]:
    """(role, how many) in one unit."""
    match unit_kind:
        case Unit.Kind.SCHOOL:
            mentors = max(1, math.ceil(pupils / PUPILS_PER_MENTOR))
            return [
                (Role.REKTOR, 1),
                (Role.KURATOR, max(1, round(pupils / 400))),
                (Role.SCHOOL_NURSE, 1),
                (Role.SPECIAL_EDUCATOR, 1),
                (Role.TEACHER, mentors),
            ]
        case Unit.Kind.PRESCHOOL:
            return [(Role.REKTOR, 1), (Role.TEACHER, max(1, math.ceil(pupils / PUPILS_PER_MENTOR)))]
        case Unit.Kind.SOCIAL_SERVICES_RECEPTION:
            return [(Role.UNIT_MANAGER, 1), (Role.SOCIAL_WORKER_INTAKE, max(2, round(pupils / 4000)))]
        case Unit.Kind.SOCIAL_SERVICES_INVESTIGATION:
            return [(Role.UNIT_MANAGER, 1), (Role.SOCIAL_WORKER_INVESTIGATION, max(2, round(pupils / 1500)))]
        case Unit.Kind.FAMILY_TREATMENT:
            return [(Role.UNIT_MANAGER, 1), (Role.FAMILY_THERAPIST, max(1, round(pupils / 5000)))]
        case Unit.Kind.LSS:
            return [(Role.UNIT_MANAGER, 1), (Role.LSS_OFFICER, max(1, round(pupils / 5000)))]
        case Unit.Kind.FAMILY_COORDINATION:
            return [(Role.UNIT_MANAGER, 1), (Role.FAMILY_COORDINATOR, max(1, round(pupils / 8000)))]
        case Unit.Kind.BUP:
            return [(Role.UNIT_MANAGER, 1), (Role.BUP_CLINICIAN, max(2, round(pupils / 1500)))]
        case Unit.Kind.HABILITATION:
            return [(Role.UNIT_MANAGER, 1), (Role.HABILITATION_CLINICIAN, max(2, round(pupils / 4000)))]
        case Unit.Kind.PRIMARY_CARE:
            return [(Role.UNIT_MANAGER, 1), (Role.PRIMARY_CARE_CLINICIAN, 2)]
        case Unit.Kind.ADMINISTRATION:
            return [(Role.AUDITOR, 1), (Role.ADMINISTRATOR, 1), (Role.STEERING_GROUP_MEMBER, 1)]
    return []


def _unit_load(owner, unit_kind: str, children: int) -> int:
    """Roughly how many children one unit of this kind serves (sizes its staff)."""
    count = len(owner.units.get(unit_kind, [])) or 1
    share = {Unit.Kind.SCHOOL: 0.65, Unit.Kind.PRESCHOOL: 0.25}.get(unit_kind, 1.0)
    return round(children * share / count)


def _staff(ctx, regions, municipalities) -> Staff:
    from demo import names

    rng = ctx.rng("staff")
    sink = ctx.sink
    plan = []  # (unit_id, agency_id, role, count)
    for owner in [*municipalities, *regions]:
        children = (
            owner.children
            if isinstance(owner, Municipality)
            else sum(municipalities[i].children for i in owner.municipalities)
        )
        for unit_kind, unit_ids in owner.units.items():
            load = _unit_load(owner, unit_kind, children)
            agency_kind = UNIT_AGENCY[unit_kind]
            for unit_id in unit_ids:
                for role, count in _roles_for(unit_kind, load):
                    plan.append((unit_id, owner.agencies[agency_kind], role, count))
    total = sum(count for *_, count in plan)
    first_user = sink.allocate("organisations_user", total)
    first_membership = sink.allocate("organisations_membership", total)
    password = make_password(SCALE_PASSWORD)
    joined = ctx.plan.now
    valid_from = ctx.plan.today.replace(year=ctx.plan.today.year - 2)
    staff = Staff()
    users, memberships = [], []
    user_id, membership_id = first_user, first_membership
    for unit_id, agency_id, role, count in plan:
        for _ in range(count):
            first = rng.choice(names.ADULT_WOMEN if rng.random() < 0.7 else names.ADULT_MEN)
            last = rng.choice(names.SURNAMES)
            username = f"{role.split('_')[0]}.{user_id}"
            users.append((user_id, password, None, False, username, first, last, "", False, True, joined, ""))
            memberships.append((membership_id, user_id, unit_id, role, valid_from, None))
            staff.by_unit.setdefault(unit_id, {}).setdefault(role, []).append(user_id)
            staff.membership[user_id] = membership_id
            staff.username[user_id] = username
            staff.role[user_id] = role
            staff.agency[user_id] = agency_id
            staff.unit[user_id] = unit_id
            user_id += 1
            membership_id += 1
    sink.write(
        "organisations_user",
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "phone",
        ],
        users,
        total=len(users),
        label="staff",
    )
    sink.write(
        "organisations_membership",
        ["id", "user_id", "unit_id", "role", "valid_from", "valid_until"],
        memberships,
        total=len(memberships),
        label="memberships",
    )
    return staff
