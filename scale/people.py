"""Children with guardians, relationships and households.

Children come in families of one to three siblings (1.7 on average) with one or two
guardians; one family in five with two guardians lives apart, so its children belong to two
households. About 0.3 % of the children (and their guardians) have protected identity.

The structure is drawn once into compact arrays (memory stays small at 2.2 million children)
and each table is then streamed from them.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass, field

from demo import names
from lots.organisations.models import Unit
from lots.people.identity import age_on
from lots.people.models import Relationship

PROTECTED_SHARE = 0.003
#: The columns children and related persons share (PersonBase), in the order the rows give them.
PERSON_COLUMNS = [
    "id", "identity_number", "reserve_number", "first_name", "last_name", "date_of_birth", "language",
    "protected_identity", "street_address", "postal_code", "city", "created_at",
]  # fmt: skip
MAX_AGE = 19
_SERIALS = [*range(980, 1000), *range(0, 980)]  # Skatteverket's test serials first


@dataclass
class Children:
    """What later steps need about the children, by id (ids are contiguous from `first_id`)."""

    first_id: int
    count: int
    municipality_ranges: list[tuple[int, int]] = field(default_factory=list)  # [start, stop) per municipality
    born: array = field(default_factory=lambda: array("l"))  # date ordinal
    school_unit: array = field(default_factory=lambda: array("q"))  # 0 = none
    family: array = field(default_factory=lambda: array("l"))  # index into the family arrays
    protected: set[int] = field(default_factory=set)
    #: per family: first guardian id, number of guardians (1–2), surname index
    family_guardian: array = field(default_factory=lambda: array("q"))
    family_guardians: array = field(default_factory=lambda: array("b"))
    family_surname: array = field(default_factory=lambda: array("h"))

    def ids(self) -> range:
        return range(self.first_id, self.first_id + self.count)

    def age(self, child_id: int, today: dt.date) -> int:
        return age_on(dt.date.fromordinal(self.born[child_id - self.first_id]), today)

    def guardians(self, child_id: int) -> list[int]:
        f = self.family[child_id - self.first_id]
        return [self.family_guardian[f] + i for i in range(self.family_guardians[f])]

    def surname(self, child_id: int) -> str:
        return names.SURNAMES[self.family_surname[self.family[child_id - self.first_id]]]


class _Numbers:
    """Valid, unique identity numbers: a counter of serials per birth date."""

    def __init__(self):
        self.next: dict[int, int] = {}

    def for_date(self, born: dt.date) -> str:
        used = self.next.get(born.toordinal(), 0)
        self.next[born.toordinal()] = used + 1
        body = f"{born:%y%m%d}{_SERIALS[used % 1000]:03d}"
        return f"{born.year // 100:02d}{body}{luhn_digit(body)}"


def luhn_digit(body: str) -> str:
    """The Luhn check digit for `body` in one pass (the generator makes millions)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


def _school_year(age: int) -> str:
    if 6 <= age <= 15:
        return str(age - 6)
    if 16 <= age <= 18:
        return f"Gy{age - 15}"
    return ""


def generate(ctx) -> None:
    rng = ctx.rng("people")
    sink, today = ctx.sink, ctx.plan.today
    municipalities = ctx.shared["municipalities"]
    kids = Children(first_id=sink.allocate("people_child", ctx.plan.children), count=ctx.plan.children)
    # families: first child index, children, separated, street index, house number
    fam_first, fam_size, fam_apart, fam_street = array("l"), array("b"), array("b"), array("l")
    municipality_of_family = array("h")
    child_id = kids.first_id
    for m in municipalities:
        start = child_id
        schools = m.units.get(Unit.Kind.SCHOOL, [])
        preschools = m.units.get(Unit.Kind.PRESCHOOL, [])
        left = m.children
        while left:
            size = min(left, 1 if (r := rng.random()) < 0.45 else 2 if r < 0.85 else 3)
            family = len(fam_first)
            two = rng.random() < 0.85
            fam_first.append(child_id)
            municipality_of_family.append(m.index)
            fam_size.append(size)
            fam_apart.append(1 if two and rng.random() < 0.2 else 0)
            fam_street.append(rng.randrange(len(names.STREETS)) * 100 + rng.randint(1, 99))
            kids.family_guardians.append(2 if two else 1)
            kids.family_surname.append(rng.randrange(len(names.SURNAMES)))
            school = rng.choice(schools) if schools else 0
            protected = rng.random() < PROTECTED_SHARE
            for _ in range(size):
                age = rng.randint(0, MAX_AGE)
                born = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
                kids.born.append(born.toordinal())
                kids.family.append(family)
                if 6 <= age <= 18:
                    kids.school_unit.append(school)
                elif 1 <= age <= 5 and preschools:
                    kids.school_unit.append(rng.choice(preschools))
                else:
                    kids.school_unit.append(0)
                if protected:
                    kids.protected.add(child_id)
                child_id += 1
            left -= size
        kids.municipality_ranges.append((start, child_id))
    families = len(fam_first)
    guardians = sum(kids.family_guardians)
    first_person = sink.allocate("people_relatedperson", guardians)
    g = first_person
    for f in range(families):
        kids.family_guardian.append(g)
        g += kids.family_guardians[f]

    def address(f: int) -> tuple[str, str, str]:
        m = municipalities[municipality_of_family[f]]
        street = fam_street[f]
        return (
            f"{names.STREETS[street // 100]} {street % 100}",
            f"{100 + m.index % 880:03d} {10 + street % 90:02d}",
            m.name,
        )

    created = ctx.plan.now

    def child_rows():
        numbers = _Numbers()
        pick = ctx.rng("people.names")
        for i in range(kids.count):
            cid = kids.first_id + i
            f = kids.family[i]
            born = dt.date.fromordinal(kids.born[i])
            age = today.year - born.year
            first = pick.choice(names.GIRLS if pick.random() < 0.5 else names.BOYS)
            street, postal, city = address(f)
            yield (
                cid,
                numbers.for_date(born),
                None,
                first,
                names.SURNAMES[kids.family_surname[f]],
                born,
                pick.choice(names.LANGUAGES),
                cid in kids.protected,
                street,
                postal,
                city,
                created,
                kids.school_unit[i] or None,
                _school_year(age),
            )

    sink.write(
        "people_child",
        [*PERSON_COLUMNS, "school_unit_id", "school_year"],
        child_rows(),
        total=kids.count,
        label="children",
    )

    def person_rows():
        numbers = _Numbers()
        pick = ctx.rng("people.guardians")
        for f in range(families):
            street, postal, city = address(f)
            protected = fam_first[f] in kids.protected
            for k in range(kids.family_guardians[f]):
                born = today - dt.timedelta(days=pick.randint(25 * 365, 58 * 365))
                woman = k == 0 if pick.random() < 0.9 else k == 1
                other_home = fam_apart[f] and k == 1
                yield (
                    kids.family_guardian[f] + k,
                    numbers.for_date(born),
                    None,
                    pick.choice(names.ADULT_WOMEN if woman else names.ADULT_MEN),
                    names.SURNAMES[kids.family_surname[f]],
                    born,
                    "svenska",
                    protected,
                    f"{names.STREETS[(fam_street[f] // 100 + 3) % len(names.STREETS)]} {fam_street[f] % 100}"
                    if other_home
                    else street,
                    postal,
                    city,
                    created,
                    f"070-174 06 {f % 100:02d}",
                    "",
                )

    sink.write(
        "people_relatedperson",
        [*PERSON_COLUMNS, "phone", "email"],
        person_rows(),
        total=guardians,
        label="guardians",
    )

    relationships = sum(fam_size[f] * kids.family_guardians[f] for f in range(families))
    first_rel = sink.allocate("people_relationship", relationships)

    def relationship_rows():
        rid = first_rel
        for f in range(families):
            for c in range(fam_size[f]):
                for k in range(kids.family_guardians[f]):
                    yield (rid, fam_first[f] + c, kids.family_guardian[f] + k, Relationship.Kind.GUARDIAN)
                    rid += 1

    sink.write(
        "people_relationship",
        ["id", "child_id", "person_id", "kind"],
        relationship_rows(),
        total=relationships,
        label="relationships",
    )

    households = families + sum(fam_apart)
    first_household = sink.allocate("people_household", households)
    home_of = array("q")  # first household id per family
    h = first_household
    for f in range(families):
        home_of.append(h)
        h += 2 if fam_apart[f] else 1

    def household_rows():
        for f in range(families):
            name = f"Hushållet {names.SURNAMES[kids.family_surname[f]]}"
            yield (home_of[f], name)
            if fam_apart[f]:
                yield (home_of[f] + 1, f"{name} (2)")

    sink.write("people_household", ["id", "name"], household_rows(), total=households, label="households")
    members = sum(fam_size[f] * (2 if fam_apart[f] else 1) for f in range(families))
    first_member = sink.allocate("people_household_children", members)

    def member_rows():
        mid = first_member
        for f in range(families):
            for c in range(fam_size[f]):
                for home in range(2 if fam_apart[f] else 1):
                    yield (mid, home_of[f] + home, fam_first[f] + c)
                    mid += 1

    sink.write(
        "people_household_children",
        ["id", "household_id", "child_id"],
        member_rows(),
        total=members,
        label="household children",
    )
    first_adult = sink.allocate("people_household_adults", guardians)

    def adult_rows():
        aid = first_adult
        for f in range(families):
            for k in range(kids.family_guardians[f]):
                yield (aid, home_of[f] + (1 if fam_apart[f] and k == 1 else 0), kids.family_guardian[f] + k)
                aid += 1

    sink.write(
        "people_household_adults",
        ["id", "household_id", "relatedperson_id"],
        adult_rows(),
        total=guardians,
        label="household adults",
    )
    ctx.shared["children"] = kids
