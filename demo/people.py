"""About 300 fictional children with guardians, households and the staff assigned to them.

Identity numbers use the serials 980–999, the range of Skatteverket's published test
numbers; telephone numbers use 070-174 06 xx, the series reserved for fiction.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from demo import names
from lots.access.models import Assignment, ProtectedClearance
from lots.organisations.models import Unit, User
from lots.people.identity import make_identity_number
from lots.people.models import Child, Household, RelatedPerson, Relationship


@dataclass(frozen=True)
class SchoolPlan:
    unit: str
    count: int
    years: tuple[int, int]  # school years (årskurs), 0 = förskoleklass
    teachers: tuple[str, ...]
    kurator: str | None


SCHOOLS = [
    SchoolPlan("Åsens skola", 120, (7, 9), ("mentor.asen", "larare2.asen"), "kurator.asen"),
    SchoolPlan("Centrumskolan", 100, (0, 6), ("mentor.centrum", "larare2.centrum"), "kurator.centrum"),
    SchoolPlan("Resursskolan Kompassen", 14, (3, 9), ("mentor.kompassen",), None),
    SchoolPlan("Bergviks skola", 50, (0, 9), ("mentor.bergvik",), "kurator.bergvik"),
]
UNSCHOOLED = 16  # 16–20-year-olds outside school (the municipal activity responsibility)


class _Numbers:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def for_date(self, born: dt.date) -> str:
        while True:
            number = make_identity_number(born, self.rng.randint(980, 999))
            if number not in self.used:
                self.used.add(number)
                return number


def _born(rng: random.Random, today: dt.date, age: int) -> dt.date:
    return today - dt.timedelta(days=age * 365 + rng.randint(0, 364))


def _address(rng: random.Random, city: str, postal: str) -> dict:
    return {
        "street_address": f"{rng.choice(names.STREETS)} {rng.randint(1, 60)}",
        "postal_code": postal,
        "city": city,
    }


def _phone(rng: random.Random) -> str:
    return f"070-174 06 {rng.randint(5, 99):02d}"


def _adult(rng, numbers, today, first_names, ages, surname, address) -> RelatedPerson:
    born = _born(rng, today, rng.randint(*ages))
    return RelatedPerson(
        first_name=rng.choice(first_names),
        last_name=surname,
        phone=_phone(rng),
        date_of_birth=born,
        identity_number=numbers.for_date(born),
        **address,
    )


def _family(rng, numbers, today, surname, address, *, two_guardians: bool, children=()) -> list[RelatedPerson]:
    adults = [_adult(rng, numbers, today, names.ADULT_WOMEN, (28, 50), surname, address)]
    if two_guardians:
        adults.append(_adult(rng, numbers, today, names.ADULT_MEN, (29, 55), surname, address))
    for adult in adults:
        _not_a_childs_name(adult, children)
    return adults


def _not_a_childs_name(adult: RelatedPerson, children) -> None:
    """A guardian never shares a child's first name ("Elin Berg – Samtycker" read as the child's
    consent). The next name of the list is taken, so no other random draw of the demo moves."""
    pool = names.ADULT_WOMEN if adult.first_name in names.ADULT_WOMEN else names.ADULT_MEN
    while adult.first_name in children:
        adult.first_name = pool[(pool.index(adult.first_name) + 1) % len(pool)]


def build_people(units: dict[str, Unit], users: dict[str, User], *, seed: int, today: dt.date) -> dict[str, Child]:
    rng = random.Random(seed)
    numbers = _Numbers(rng)
    now = timezone.now()
    term_start = timezone.make_aware(dt.datetime(today.year if today.month >= 8 else today.year - 1, 8, 15))
    scenario: dict[str, Child] = {}
    assignments: list[Assignment] = []

    def assign(username: str, unit_name: str, child: Child, reason: str, days_ago: int | None = None):
        starts = now - dt.timedelta(days=days_ago) if days_ago is not None else term_start
        assignments.append(
            Assignment(
                user=users[username],
                unit=units[unit_name],
                child=child,
                reason=reason,
                starts_at=starts,
                created_by=users[username],
            )
        )

    def add_child(first, last, age, school, year, address, *, protected=False, language="svenska"):
        born = _born(rng, today, age)
        return Child.objects.create(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            identity_number=numbers.for_date(born),
            school_unit=units[school] if school else None,
            school_year=year,
            language=language,
            protected_identity=protected,
            **address,
        )

    def add_family(children_spec, surname, *, two_guardians, city="Åskär", postal="611 36", protected=False):
        address = _address(rng, city, postal)
        adults = _family(
            rng, numbers, today, surname, address, two_guardians=two_guardians, children={c[0] for c in children_spec}
        )
        for adult in adults:
            adult.protected_identity = protected
        RelatedPerson.objects.bulk_create(adults)
        household = Household.objects.create(name=f"Hushållet {surname}")
        household.adults.set(adults)
        children = []
        for first, age, school, year in children_spec:
            language = "svenska" if rng.random() < 0.8 else rng.choice(names.LANGUAGES)
            children.append(
                add_child(
                    first,
                    surname,
                    age,
                    school,
                    year,
                    address,
                    protected=protected,
                    language=language,
                )
            )
        household.children.set(children)
        Relationship.objects.bulk_create(
            [Relationship(child=c, person=a, kind=Relationship.Kind.GUARDIAN) for c in children for a in adults]
        )
        return children, adults

    # The scenario families first, so they keep their names whatever the seed.
    (elin,), _ = add_family([("Elin", 13, "Åsens skola", "7")], "Berg", two_guardians=True)
    scenario["elin"] = elin
    assign("mentor.asen", "Åsens skola", elin, Assignment.Reason.MENTOR)
    assign("kurator.asen", "Åsens skola", elin, Assignment.Reason.STUDENT_HEALTH, days_ago=20)

    (noah,), _ = add_family([("Noah", 9, "Centrumskolan", "3")], "Lindqvist", two_guardians=True)
    scenario["noah"] = noah
    assign("mentor.centrum", "Centrumskolan", noah, Assignment.Reason.MENTOR)

    hassans, parents = add_family(
        [
            ("Sara", 14, "Åsens skola", "8"),
            ("Yusuf", 11, "Centrumskolan", "5"),
            ("Ali", 7, "Centrumskolan", "1"),
        ],
        "Hassan",
        two_guardians=True,
    )
    parents[0].first_name, parents[1].first_name = "Amina", "Omar"
    RelatedPerson.objects.bulk_update(parents, ["first_name"])
    scenario.update(sara_hassan=hassans[0], yusuf_hassan=hassans[1], ali_hassan=hassans[2])
    assign("mentor.asen", "Åsens skola", hassans[0], Assignment.Reason.MENTOR)
    assign("kurator.asen", "Åsens skola", hassans[0], Assignment.Reason.STUDENT_HEALTH, days_ago=90)
    for child in hassans[1:]:
        assign("mentor.centrum", "Centrumskolan", child, Assignment.Reason.MENTOR)
    for child in hassans:
        assign(
            "familjelots",
            "Familjelotsteamet",
            child,
            Assignment.Reason.FAMILY_COORDINATION,
            days_ago=30,
        )
    assign("bup", "BUP Åskär", hassans[0], Assignment.Reason.TREATMENT, days_ago=200)
    assign(
        "habilitering",
        "Barn- och ungdomshabiliteringen",
        hassans[1],
        Assignment.Reason.TREATMENT,
        days_ago=300,
    )

    (melvin,), _ = add_family([("Melvin", 10, "Centrumskolan", "4")], "Karlsson", two_guardians=False)
    scenario["melvin"] = melvin
    assign("mentor.centrum", "Centrumskolan", melvin, Assignment.Reason.MENTOR)
    assign("kurator.centrum", "Centrumskolan", melvin, Assignment.Reason.STUDENT_HEALTH, days_ago=60)
    assign("familjebehandlare", "Familjebehandlingen", melvin, Assignment.Reason.TREATMENT, days_ago=45)

    (saga,), _ = add_family(
        [("Saga", 12, "Bergviks skola", "6")],
        "Nyström",
        two_guardians=False,
        city="Bergvik",
        postal="642 33",
        protected=True,
    )
    scenario["saga"] = saga
    assign("mentor.bergvik", "Bergviks skola", saga, Assignment.Reason.MENTOR, days_ago=10)
    assign("kurator.bergvik", "Bergviks skola", saga, Assignment.Reason.STUDENT_HEALTH, days_ago=10)
    ProtectedClearance.objects.create(
        user=users["rektor.bergvik"],
        child=saga,
        reason="Rektor: placering och skolskjuts",
        granted_by=users["rektor.bergvik"],
    )

    # Everyone else, school by school.
    # Other families never share a surname with the scenario families, so the named children
    # stay unique whatever the seed.
    other_surnames = [name for name in names.SURNAMES if name not in {c.last_name for c in scenario.values()}]
    for plan in SCHOOLS:
        placed = sum(1 for c in scenario.values() if c.school_unit_id == units[plan.unit].pk)
        remaining = plan.count - placed
        city, postal = ("Bergvik", "642 3") if plan.unit == "Bergviks skola" else ("Åskär", "611 3")
        while remaining > 0:
            size = min(remaining, rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
            year_low, year_high = plan.years
            spec = []
            for _ in range(size):
                year = rng.randint(year_low, year_high)
                girl = rng.random() < 0.5
                spec.append(
                    (
                        rng.choice(names.GIRLS if girl else names.BOYS),
                        year + 6,
                        plan.unit,
                        str(year) if year else "F",
                    )
                )
            children, _adults = add_family(
                spec,
                rng.choice(other_surnames),
                two_guardians=rng.random() < 0.75,
                city=city,
                postal=f"{postal}{rng.randint(0, 9)}",
                protected=rng.random() < 0.015,
            )
            for child in children:
                assign(rng.choice(plan.teachers), plan.unit, child, Assignment.Reason.MENTOR)
                if plan.kurator and rng.random() < 0.2:
                    assign(
                        plan.kurator,
                        plan.unit,
                        child,
                        Assignment.Reason.STUDENT_HEALTH,
                        days_ago=rng.randint(5, 200),
                    )
                _maybe_other_agencies(rng, assign, child)
            remaining -= size

    for _ in range(UNSCHOOLED):
        girl = rng.random() < 0.5
        (youth,), _ = add_family(
            [(rng.choice(names.GIRLS if girl else names.BOYS), rng.randint(16, 19), None, "")],
            rng.choice(other_surnames),
            two_guardians=rng.random() < 0.6,
        )
        assign(
            "faltassistent",
            "Fältgruppen",
            youth,
            Assignment.Reason.CASE,
            days_ago=rng.randint(10, 300),
        )

    Assignment.objects.bulk_create(assignments)
    return scenario


def _maybe_other_agencies(rng: random.Random, assign, child: Child) -> None:
    """A share of children also have contacts in social services, LSS and the region."""
    roll = rng.random()
    if roll < 0.06:
        assign(
            rng.choice(["utredare", "utredare2"]),
            "Barn- och ungdomsutredning",
            child,
            Assignment.Reason.CASE,
            days_ago=rng.randint(5, 110),
        )
    elif roll < 0.10:
        assign(
            "familjebehandlare",
            "Familjebehandlingen",
            child,
            Assignment.Reason.TREATMENT,
            days_ago=rng.randint(5, 300),
        )
    if rng.random() < 0.06:
        assign(
            rng.choice(["bup", "bup2"]),
            "BUP Åskär",
            child,
            Assignment.Reason.TREATMENT,
            days_ago=rng.randint(30, 700),
        )
    if rng.random() < 0.03:
        assign(
            "habilitering",
            "Barn- och ungdomshabiliteringen",
            child,
            Assignment.Reason.TREATMENT,
            days_ago=rng.randint(30, 900),
        )
    if rng.random() < 0.02:
        assign("lss", "LSS-handläggning", child, Assignment.Reason.CASE, days_ago=rng.randint(30, 900))
