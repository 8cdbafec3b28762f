"""How the access policy judges absence.

Absence belongs to the school agency that imported it (the school's secrecy domain). Inside it,
staff see a pupil's absence on the ordinary grounds (assignment — the mentor, the student health
contact —, the manager of a unit holding an assignment, break the glass), and two more:

- the head teacher (rektor) of the pupil's school sees the absence of the school's pupils: the
  law gives the rektor the duty to investigate repeated or long absence (Skollagen 7:19 a), which
  needs the figures before anyone is assigned;
- the student health team of the school (kurator, school nurse, psychologist, special educator)
  sees the absence of a pupil for whom a signal at their level or above was raised at the school.

Another agency sees absence only under a consent that names attendance (InformationKind.ATTENDANCE)
for a SIP, as every record crosses. Whoever sees a signal of a pupil also learns who the pupil is
(the child's identity is opened for as long as the signal stands).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lots.access import policy
from lots.access.policy import ExtraGround, RecordPolicy
from lots.access.secrecy import InformationKind, Purpose
from lots.attendance.models import Absence, Level, Signal
from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.organisations.roles import Role
from lots.people.models import Child

SCHOOL_HEAD = "school_head"
STUDENT_HEALTH = "student_health_team"
STUDENT_HEALTH_ROLES = frozenset({Role.KURATOR, Role.SCHOOL_NURSE, Role.SCHOOL_PSYCHOLOGIST, Role.SPECIAL_EDUCATOR})
TEAM_LEVELS = (Level.STUDENT_HEALTH, Level.ROUTINE)


def is_school_head(actor: Actor) -> bool:
    return actor.membership is not None and actor.agency_kind == Agency.Kind.SCHOOL and actor.role == Role.REKTOR


def in_student_health(actor: Actor) -> bool:
    return (
        actor.membership is not None and actor.agency_kind == Agency.Kind.SCHOOL and actor.role in STUDENT_HEALTH_ROLES
    )


def _head(child_ref: str = "child_id"):
    def condition(actor: Actor) -> Q | None:
        if not is_school_head(actor):
            return None
        return Q(unit_id=actor.staff_membership.unit_id)

    return condition


def _team_signal(actor: Actor, child_ref: str):
    return Signal.objects.filter(
        child_id=OuterRef(child_ref), unit_id=actor.staff_membership.unit_id, level__in=TEAM_LEVELS
    )


def _team_on_absence(actor: Actor) -> Q | None:
    if not in_student_health(actor):
        return None
    return Q(unit_id=actor.staff_membership.unit_id) & Q(Exists(_team_signal(actor, "child_id")))


def _team_on_signal(actor: Actor) -> Q | None:
    if not in_student_health(actor):
        return None
    return Q(unit_id=actor.staff_membership.unit_id, level__in=TEAM_LEVELS)


def _child_of_signal(actor: Actor) -> Q | None:
    """The pupil of a signal the actor sees on the grounds above is named to them."""
    if is_school_head(actor):
        return Q(Exists(Signal.objects.filter(child_id=OuterRef("pk"), unit_id=actor.staff_membership.unit_id)))
    if in_student_health(actor):
        return Q(Exists(_team_signal(actor, "pk")))
    return None


def _record(extra: list[ExtraGround]) -> RecordPolicy:
    return RecordPolicy(
        child="child",
        domain="agency",
        information_kind=InformationKind.ATTENDANCE,
        purpose=Purpose.SIP,
        extra_grounds=extra,
    )


policy.register(
    Absence,
    _record(
        [ExtraGround(kind=SCHOOL_HEAD, condition=_head()), ExtraGround(kind=STUDENT_HEALTH, condition=_team_on_absence)]
    ),
)
policy.register(
    Signal,
    _record(
        [
            ExtraGround(kind=SCHOOL_HEAD, condition=_head(), allows_change=True),
            ExtraGround(kind=STUDENT_HEALTH, condition=_team_on_signal),
        ]
    ),
)
policy.add_ground(Child, ExtraGround(kind="absence_signal", condition=_child_of_signal))
