"""Mentor assignments from the school administration system's file (issue 21).

After an import whose file names mentors, Lots agrees with the file for the importer's school
unit: a pupil's new mentor starts, a mentor no longer named ends (with the date), and a pupil of
the school who is not in the file has left the school: every assignment in the unit ends. All or
nothing (any wrong row refuses the file), idempotent (the same file again changes nothing), and a
dry run counts without writing. Called by `lots.interop.imports.run` in the import's transaction,
after `people.services.import_children` has written the pupils.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access.models import Assignment, AssignmentEnd, AssignmentEvent, AssignmentSource
from lots.audit.models import Action
from lots.children import services as children_services
from lots.core.spreadsheets import RowError
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, User
from lots.organisations.roles import CASEWORK_ROLES
from lots.people.models import Child

#: The import speaks for the school unit's mentors; a pupil who left ends every assignment in the
#: unit but those given for taking part in a shared process (a SIP ends them itself).
MENTOR = Assignment.Reason.MENTOR
PARTICIPATION_REASONS = (Assignment.Reason.SIP_PARTICIPANT, Assignment.Reason.FAMILY_COORDINATION)


@dataclass(frozen=True)
class PupilMentors:
    """One row of the file: the pupil (identity number digits) and the mentors named, each by
    e-mail address or user id (user name), as written."""

    row: int
    identity_number: str
    mentors: tuple[str, ...]


@dataclass
class MentorSync:
    """What the import did (or, in a dry run, would do) to assignments; or the refused rows."""

    started: int = 0
    ended: int = 0
    left_school: int = 0
    refused: list[RowError] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {"started": self.started, "ended": self.ended, "left_school": self.left_school}


def _staff_by_key(unit_id: int) -> dict[str, list[User]]:
    """The unit's staff who work with children (a school's: some hundred), by lower-cased e-mail
    address and user name."""
    ids = Membership.objects.current().filter(unit_id=unit_id, role__in=CASEWORK_ROLES).values("user_id")
    found: dict[str, list[User]] = {}
    for user in User.objects.filter(pk__in=ids, is_active=True):
        for key in {user.email.strip().lower(), user.username.lower()} - {""}:
            found.setdefault(key, []).append(user)
    return found


def _children(unit_id: int, numbers: list[str]) -> dict[str, Child]:
    """The school's pupils the file names, read a few hundred numbers at a time."""
    fields = ("pk", "identity_number", "protected_identity", "last_name", "first_name")
    return {
        child.identity_number: child
        for i in range(0, len(numbers), 900)
        for child in Child.objects.filter(identity_number__in=numbers[i : i + 900], school_unit_id=unit_id).only(
            *fields
        )
    }


def _mentors_of(pupils: Sequence[PupilMentors], unit_id: int, refused: list[RowError]) -> dict[str, set[User]]:
    staff = _staff_by_key(unit_id)
    wanted: dict[str, set[User]] = {}
    for pupil in pupils:
        users: set[User] = set()
        for written in pupil.mentors:
            matches = staff.get(written.strip().lower(), [])
            if len(matches) != 1:
                refused.append(
                    RowError(
                        pupil.row,
                        _("no one who works with children at your school has the e-mail address or user id %(who)s")
                        % {"who": written.strip()},
                    )
                    if not matches
                    else RowError(
                        pupil.row,
                        _("more than one member of staff has the e-mail address %(who)s; give the user id")
                        % {"who": written.strip()},
                    )
                )
            else:
                users.add(matches[0])
        wanted[pupil.identity_number] = users
    return wanted


@transaction.atomic
def sync_mentors(*, actor: Actor, pupils: Sequence[PupilMentors], dry_run: bool = False) -> MentorSync:
    """Make the school unit's mentor assignments agree with the file (see the module)."""
    if not children_services.may_import_children(actor):
        raise PermissionDenied(_("Only a school's administrators and head teachers import pupils."))
    unit = actor.staff_membership.unit
    result = MentorSync()
    wanted = _mentors_of(pupils, unit.pk, result.refused)
    children = _children(unit.pk, list(wanted))
    now = timezone.now()
    current = Assignment.objects.filter(unit_id=unit.pk).exclude(ends_at__lte=now)
    # Every current assignment in the unit of a pupil of the unit: the file's pupils' mentors, and
    # the leavers' (a school has some hundred pupils; one query, sorted out here).
    school = list(
        current.filter(child__school_unit_id=unit.pk).exclude(reason__in=PARTICIPATION_REASONS).select_related("child")
    )
    have: dict[int, dict[int, Assignment]] = {}
    for assignment in school:
        if assignment.reason == MENTOR:
            have.setdefault(assignment.child_id, {})[assignment.user_id] = assignment
    cleared = policy.cleared_for(actor, [c.pk for c in children.values() if c.protected_identity])
    to_start: list[Assignment] = []
    to_end: list[Assignment] = []
    rows = {p.identity_number: p.row for p in pupils}
    for number, users in wanted.items():
        child = children.get(number)
        existing = have.get(child.pk, {}) if child else {}
        new_users = [u for u in sorted(users, key=lambda u: u.pk) if u.pk not in existing]
        if new_users and child is not None and child.protected_identity and child.pk not in cleared:
            result.refused.append(
                RowError(
                    rows[number],
                    _("the pupil has protected identity: a manager cleared for the pupil assigns the mentor"),
                )
            )
            continue
        to_end += [a for user_id, a in existing.items() if user_id not in {u.pk for u in users}]
        to_start += [
            Assignment(
                user=u,
                unit=unit,
                child=child or Child(),
                reason=MENTOR,
                starts_at=now,
                created_by=actor.user,
                source=AssignmentSource.IMPORT,
            )
            for u in new_users
        ]
    leavers = [a for a in school if a.child.identity_number not in wanted]
    result.started, result.ended, result.left_school = len(to_start), len(to_end), len({a.child_id for a in leavers})
    if result.refused:
        return MentorSync(refused=sorted(result.refused, key=lambda e: e.row))
    if dry_run:
        return result
    _write(
        actor,
        to_start,
        [(a, AssignmentEnd.SOURCE) for a in to_end] + [(a, AssignmentEnd.LEFT_SCHOOL) for a in leavers],
        now,
    )
    return result


def _write(actor: Actor, to_start: list[Assignment], to_end: list[tuple[Assignment, str]], now) -> None:
    created = Assignment.objects.bulk_create(to_start, batch_size=1000)
    for assignment, why in to_end:
        assignment.ends_at = max(now, assignment.starts_at)
        if assignment.ends_at <= assignment.starts_at:  # an assignment that had not begun
            assignment.ends_at = assignment.starts_at + dt.timedelta(microseconds=1)
        assignment.ended_by, assignment.end_reason = actor.user, why
    Assignment.objects.bulk_update([a for a, _why in to_end], ["ends_at", "ended_by", "end_reason"], batch_size=1000)
    events = [
        AssignmentEvent(
            assignment=a,
            child_id=a.child_id,
            kind=AssignmentEvent.Kind.STARTED,
            by=actor.user,
            at=now,
            source=AssignmentSource.IMPORT,
        )
        for a in created
    ] + [
        AssignmentEvent(
            assignment=a,
            child_id=a.child_id,
            kind=AssignmentEvent.Kind.ENDED,
            by=actor.user,
            at=now,
            source=AssignmentSource.IMPORT,
            note=str(AssignmentEnd(why).label),
        )
        for a, why in to_end
    ]
    AssignmentEvent.objects.bulk_create(events, batch_size=1000)
    policy.log_access(actor, Action.CREATE, created, ground="register_import", detail="mentor from import")
    policy.log_access(
        actor, Action.CHANGE, [a for a, _why in to_end], ground="register_import", detail="ended by import"
    )
