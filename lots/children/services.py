"""Changes to children's records. One business action per function, logged in its transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit import services as audit
from lots.audit.models import Action
from lots.core.spreadsheets import RowError
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role
from lots.people.identity import IdentityNumber
from lots.people.models import Child


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
    policy.log_access(actor, Action.CREATE, [child], detail=reason[:300], ground="created")
    return child


@dataclass(frozen=True)
class ChildRecord:
    """One pupil as the school administration system knows them."""

    row: int
    identity_number: IdentityNumber
    first_name: str
    last_name: str
    school_unit: Unit | None = None
    school_year: str = ""
    school_class: str = ""


@dataclass
class RegisterImport:
    """What an import did (or, in a dry run, would do): per row "created", "updated" or
    "unchanged", and the counts; or the rows it refused, and then nothing was written. Row
    numbers and words only: no person data."""

    outcomes: list[tuple[int, str]] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for _row, o in self.outcomes if o == outcome)


#: Who keeps the register of pupils: a school's administrators and head teachers.
REGISTER_ROLES = frozenset({Role.ADMINISTRATOR, Role.REKTOR})


def may_import_children(actor: Actor) -> bool:
    return actor.membership is not None and actor.agency_kind == Agency.Kind.SCHOOL and actor.role in REGISTER_ROLES


def register_of(actor: Actor) -> Q:
    """The children a pupil import by this actor may change: a child is in it if, and only if,
    its school in Lots is the actor's own school unit (the school already has the child).

    The one statement of the rule; the import asks it and nothing else decides it. Any other
    child already in Lots (another school's, another municipality's, a protected child, a child
    known only from a concern report) is out of reach, and the import says no more about it
    than about any row it refuses. Nothing for an actor who may not import."""
    if not may_import_children(actor):
        return Q(pk__in=[])
    return Q(school_unit_id=actor.unit_id)


def _not_yours() -> str:
    # One message for every child out of reach, whatever the reason: it must not tell where the
    # child is (which school, which municipality, none), whether the child is protected, or
    # whether the name on the row matches. That the number is taken it cannot hide: a free one
    # would have been created (numbers are unique); the refusal is logged as a denied attempt.
    return _("your school's import may not add or change this pupil; ask your Lots administrator")


def _child_fields(record: ChildRecord, school: Unit) -> dict:
    return {
        "first_name": record.first_name.strip(),
        "last_name": record.last_name.strip(),
        "date_of_birth": record.identity_number.birth_date,
        "school_unit_id": school.pk,
        "school_year": record.school_year.strip(),
        "school_class": record.school_class.strip()[:20],
    }


def _in_chunks(queryset, field: str, values: list, size: int = 900) -> list:
    """Rows whose `field` is in `values`, read a few hundred at a time: a short IN list each, which
    every database plans well (SQLite caps a statement's parameters)."""
    return [
        row for i in range(0, len(values), size) for row in queryset.filter(**{f"{field}__in": values[i : i + size]})
    ]


class _Register:
    """The children an import names, read once (whether each is in the importer's register
    asked of `register_of`), then written in bulk."""

    def __init__(self, actor: Actor, records: Sequence[ChildRecord]):
        numbers = [r.identity_number.digits for r in records]
        ours = ExpressionWrapper(register_of(actor), output_field=BooleanField())
        found = _in_chunks(Child.objects.annotate(_ours=ours), "identity_number", numbers)
        self.children = {c.identity_number: c for c in found if c._ours}
        self.elsewhere = {c.identity_number: c for c in found if not c._ours}
        self.school = actor.staff_membership.unit
        self.new_children: list[Child] = []
        self.changed_children: list[Child] = []

    def child(self, record: ChildRecord) -> str | None:
        """The row's outcome, or None where the child is out of reach."""
        if record.identity_number.digits in self.elsewhere:
            return None
        values = _child_fields(record, self.school)
        child = self.children.get(record.identity_number.digits)
        if child is None:
            child = Child(identity_number=record.identity_number.digits, **values)
            self.children[child.identity_number] = child
            self.new_children.append(child)
            return "created"
        changed = [name for name, value in values.items() if getattr(child, name) != value]
        for name in changed:
            setattr(child, name, values[name])
        if changed:
            self.changed_children.append(child)
        return "updated" if changed else "unchanged"

    def write(self) -> None:
        Child.objects.bulk_create(self.new_children, batch_size=1000)
        Child.objects.bulk_update(
            self.changed_children,
            ["first_name", "last_name", "date_of_birth", "school_unit", "school_year", "school_class"],
            1000,
        )


@transaction.atomic
def import_children(*, actor: Actor, records: Sequence[ChildRecord], dry_run: bool = False) -> RegisterImport:
    """Pupils from the school administration system into the importer's own school: a child
    the school already has (`register_of`) is updated, a child not yet in Lots is created at the
    importer's school. A row naming any other child, or another school, is refused, and then
    nothing is written (all rows or none); each refused child is logged as a denied attempt.
    Guardians are never written: custody comes from the population register or from an
    administrator's logged decision, not from a school's file. A dry run writes nothing."""
    if not may_import_children(actor):
        raise PermissionDenied(_("Only a school's administrators and head teachers import pupils."))
    register = _Register(actor, records)
    result = RegisterImport()
    for record in records:
        if record.school_unit is not None and record.school_unit.pk != actor.unit_id:
            result.refused.append(RowError(record.row, _("the school unit code is not your school's")))
            continue
        outcome = register.child(record)
        if outcome is None:
            result.refused.append(RowError(record.row, _not_yours()))
            audit.note_denied(actor, "people.child", str(register.elsewhere[record.identity_number.digits].pk))
        else:
            result.outcomes.append((record.row, outcome))
    if result.refused:
        result.outcomes = []
        return result
    if dry_run:
        return result
    register.write()
    policy.log_access(actor, Action.CREATE, register.new_children, detail="register import", ground="created")
    policy.log_access(
        actor, Action.CHANGE, register.changed_children, detail="register import", ground="register_import"
    )
    return result
