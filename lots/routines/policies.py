"""How the access policy judges journeys (routines themselves are not person data).

- A journey, its steps and history belong to the agency of the unit that started it: staff of
  that agency with need to know for the child see them (assignment, unit manager, break the
  glass). No consent carries a journey across: other agencies see only what is handed to them.
- A step handed over to another agency is visible to that agency's staff for that step: while
  the handover waits, to the receiving unit; once accepted, to the one who accepted it, who may
  then act on it. They see the journey's heading (the routine, the child's journey) too, never
  the home agency's other steps.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lots.access import policy
from lots.access.actor import Actor
from lots.access.policy import ExtraGround, RecordPolicy
from lots.routines.models import Handover, Journey, JourneyEvent, JourneyStep

HANDOVER_GROUND = "handover"


def _handed_to(actor: Actor) -> Q:
    mine = Q(accepted_by_id=actor.user.pk)
    if actor.unit_id is not None:
        mine |= Q(accepted_at__isnull=True, to_unit_id=actor.unit_id)
    return Q(to_agency_id=actor.agency_id) & mine


def _handover(step_ref: str):
    def condition(actor: Actor) -> Q | None:
        if actor.agency_id is None:
            return None
        return Q(Exists(Handover.objects.filter(_handed_to(actor), step_id=OuterRef(step_ref))))

    return ExtraGround(kind=HANDOVER_GROUND, condition=condition, allows_change=True)


def _journey_handover(actor: Actor) -> Q | None:
    if actor.agency_id is None:
        return None
    return Q(Exists(Handover.objects.filter(_handed_to(actor), step__journey_id=OuterRef("pk"))))


policy.register(
    Journey,
    RecordPolicy(
        child="child",
        domain="agency",
        extra_grounds=[ExtraGround(kind=HANDOVER_GROUND, condition=_journey_handover)],
    ),
)
policy.register(
    JourneyStep,
    RecordPolicy(child="journey__child", domain="journey__agency", extra_grounds=[_handover("pk")]),
)
policy.register(
    Handover,
    RecordPolicy(child="step__journey__child", domain="step__journey__agency", extra_grounds=[_handover("step_id")]),
)
policy.register(JourneyEvent, RecordPolicy(child="journey__child", domain="journey__agency"))
