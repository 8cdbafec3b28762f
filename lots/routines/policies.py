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

from lots.access import policy
from lots.access.conditions import RowCondition
from lots.access.policy import ExtraGround, RecordPolicy
from lots.organisations.actor import Actor
from lots.routines.models import Handover, Journey, JourneyEvent, JourneyStep

HANDOVER_GROUND = "handover"


class _HandedTo(RowCondition):
    """A handover of the step (or of one of the journey's steps) to the actor's agency: waiting
    for the actor's unit, or accepted by the actor."""

    def __init__(self, ref: str, actor: Actor, *, of_journey: bool = False):
        super().__init__((ref,))
        self.of_journey = of_journey
        self.agency_id, self.user_id, self.unit_id = actor.agency_id, actor.user.pk, actor.unit_id

    def sql(self, connection, refs):
        ((ref, ref_params),) = refs
        handover, step = Handover._meta.db_table, JourneyStep._meta.db_table
        source, match = f"{handover} lots_h", f"lots_h.step_id = {ref}"
        if self.of_journey:
            source += f" INNER JOIN {step} lots_hs ON (lots_hs.id = lots_h.step_id)"
            match = f"lots_hs.journey_id = {ref}"
        mine, params = "lots_h.accepted_by_id = %s", [self.user_id]
        if self.unit_id is not None:
            mine += " OR (lots_h.accepted_at IS NULL AND lots_h.to_unit_id = %s)"
            params.append(self.unit_id)
        sql = f"EXISTS(SELECT 1 FROM {source} WHERE {match} AND lots_h.to_agency_id = %s AND ({mine}))"  # noqa: S608 (names and compiled refs only)
        return sql, [*ref_params, self.agency_id, *params]


def _handover(step_ref: str):
    def condition(actor: Actor) -> RowCondition | None:
        if actor.agency_id is None:
            return None
        return _HandedTo(step_ref, actor)

    return ExtraGround(kind=HANDOVER_GROUND, condition=condition, allows_change=True)


def _journey_handover(actor: Actor) -> RowCondition | None:
    if actor.agency_id is None:
        return None
    return _HandedTo("pk", actor, of_journey=True)


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
