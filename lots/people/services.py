"""Changes to children's records. One business action per function, logged in its transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access.actor import Actor
from lots.audit.models import Action
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role
from lots.people.identity import IdentityNumber
from lots.people.models import Child, RelatedPerson, Relationship


def _reserve_number() -> str:
    """A local number for a child without a known identity number (never derived from the person)."""
    while True:
        number = f"RES-{secrets.randbelow(10**10):010d}"
        if not Child.objects.filter(reserve_number=number).exists():
            return number


@transaction.atomic
def create_child(
    *,
    actor: Actor,
    first_name: str,
    last_name: str,
    identity_number: IdentityNumber | None = None,
    date_of_birth: dt.date | None = None,
    reason: str,
) -> Child:
    """A child not yet in Lots (say, named in a concern report). Without an identity number the
    child gets a reserve number. The caller's own service has checked that the actor may do this."""
    if not first_name.strip() and not last_name.strip():
        raise ValidationError({"first_name": _("Give the child's name, or as much of it as is known.")})
    if identity_number is not None and Child.objects.filter(identity_number=identity_number.digits).exists():
        raise ValidationError({"identity_number": _("A child with this identity number is already in Lots.")})
    child = Child.objects.create(
        first_name=first_name.strip() or "?",
        last_name=last_name.strip() or "?",
        identity_number=identity_number.digits if identity_number else None,
        reserve_number=None if identity_number else _reserve_number(),
        date_of_birth=identity_number.birth_date if identity_number else date_of_birth,
    )
    child._ground = "created"
    policy.log_access(actor, Action.CREATE, [child], detail=reason[:300])
    return child


@dataclass(frozen=True)
class GuardianRecord:
    identity_number: IdentityNumber
    first_name: str
    last_name: str
    custody: bool


@dataclass(frozen=True)
class ChildRecord:
    """One pupil as the school administration system knows them."""

    row: int
    identity_number: IdentityNumber
    first_name: str
    last_name: str
    school_unit: Unit | None = None
    school_year: str = ""
    guardians: tuple[GuardianRecord, ...] = ()


@dataclass
class RegisterImport:
    """What an import did (or, in a dry run, would do): per row "created", "updated" or
    "unchanged", and the counts. Row numbers and words only: no person data."""

    outcomes: list[tuple[int, str]] = field(default_factory=list)
    guardians_created: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for _row, o in self.outcomes if o == outcome)


#: Who keeps the register of pupils: a school's administrators and head teachers.
REGISTER_ROLES = frozenset({Role.ADMINISTRATOR, Role.REKTOR})


def may_import_children(actor: Actor) -> bool:
    return actor.membership is not None and actor.agency_kind == Agency.Kind.SCHOOL and actor.role in REGISTER_ROLES


def _child_fields(record: ChildRecord) -> dict:
    return {
        "first_name": record.first_name.strip(),
        "last_name": record.last_name.strip(),
        "date_of_birth": record.identity_number.birth_date,
        "school_unit_id": record.school_unit.pk if record.school_unit else None,
        "school_year": record.school_year.strip(),
    }


def _in_chunks(manager, field: str, values: list, size: int = 900) -> list:
    """Rows whose `field` is in `values`, read a few hundred at a time: a short IN list each, which
    every database plans well (SQLite caps a statement's parameters)."""
    return [
        row for i in range(0, len(values), size) for row in manager.filter(**{f"{field}__in": values[i : i + size]})
    ]


class _Register:
    """The children, guardians and relationships an import touches, read once, written in bulk."""

    def __init__(self, records: Sequence[ChildRecord]):
        child_numbers = [r.identity_number.digits for r in records]
        guardian_numbers = list({g.identity_number.digits for r in records for g in r.guardians})
        self.children = {c.identity_number: c for c in _in_chunks(Child.objects, "identity_number", child_numbers)}
        self.people = {
            p.identity_number: p for p in _in_chunks(RelatedPerson.objects, "identity_number", guardian_numbers)
        }
        child_ids = [c.pk for c in self.children.values()]
        self.links = {
            (link.child_id, link.person_id): link for link in _in_chunks(Relationship.objects, "child_id", child_ids)
        }
        self.new_children: list[Child] = []
        self.changed_children: list[Child] = []
        self.new_people: list[RelatedPerson] = []
        self.pending_links: list[tuple[Child, RelatedPerson, str]] = []
        self.changed_links: list[Relationship] = []

    def child(self, record: ChildRecord) -> str:
        values = _child_fields(record)
        child = self.children.get(record.identity_number.digits)
        if child is None:
            child = Child(identity_number=record.identity_number.digits, **values)
            self.children[child.identity_number] = child
            self.new_children.append(child)
            outcome = "created"
        else:
            changed = [name for name, value in values.items() if getattr(child, name) != value]
            for name in changed:
                setattr(child, name, values[name])
            if changed and child.pk is not None and child not in self.changed_children:
                self.changed_children.append(child)
            outcome = "updated" if changed else "unchanged"
        for guardian in record.guardians:
            outcome = self._guardian(child, guardian) or outcome
        return outcome

    def _guardian(self, child: Child, record: GuardianRecord) -> str | None:
        kind = Relationship.Kind.GUARDIAN if record.custody else Relationship.Kind.PARENT_WITHOUT_CUSTODY
        person = self.people.get(record.identity_number.digits)
        if person is None:
            person = RelatedPerson(
                identity_number=record.identity_number.digits,
                first_name=record.first_name.strip(),
                last_name=record.last_name.strip(),
                date_of_birth=record.identity_number.birth_date,
            )
            self.people[person.identity_number] = person
            self.new_people.append(person)
        link = self.links.get((child.pk, person.pk)) if child.pk and person.pk else None
        if link is None:
            self.pending_links.append((child, person, kind))
            return "updated" if child.pk else None
        if link.kind != kind:
            link.kind = kind
            self.changed_links.append(link)
            return "updated"
        return None

    def write(self) -> None:
        Child.objects.bulk_create(self.new_children, batch_size=1000)
        Child.objects.bulk_update(
            self.changed_children, ["first_name", "last_name", "date_of_birth", "school_unit", "school_year"], 1000
        )
        RelatedPerson.objects.bulk_create(self.new_people, batch_size=1000)
        Relationship.objects.bulk_create(
            [Relationship(child=c, person=p, kind=k) for c, p, k in self.pending_links],
            batch_size=1000,
            ignore_conflicts=True,
        )
        Relationship.objects.bulk_update(self.changed_links, ["kind"], batch_size=1000)


@transaction.atomic
def import_children(*, actor: Actor, records: Sequence[ChildRecord], dry_run: bool = False) -> RegisterImport:
    """Children and guardians from the school administration system: a child already in Lots (by
    identity number) is updated, others are created; guardians are added with or without custody.
    All rows or none. A dry run says what would happen and writes nothing."""
    if not may_import_children(actor):
        raise PermissionDenied(_("Only a school's administrators and head teachers import pupils."))
    foreign = [r.row for r in records if r.school_unit is not None and r.school_unit.agency_id != actor.agency_id]
    if foreign:
        raise ValidationError(
            {"school_unit": _("Row %(row)d: the school belongs to another agency than yours.") % {"row": foreign[0]}}
        )
    register = _Register(records)
    result = RegisterImport(outcomes=[(record.row, register.child(record)) for record in records])
    result.guardians_created = len(register.new_people)
    if dry_run:
        return result
    register.write()
    for child in register.new_children:
        child._ground = "created"
    for child in register.changed_children:
        child._ground = "register_import"
    policy.log_access(actor, Action.CREATE, register.new_children, detail="register import")
    policy.log_access(actor, Action.CHANGE, register.changed_children, detail="register import")
    return result
