"""How the access policy judges the plans app's models.

The plan's record (status, dates, lead, who takes part, meetings, history) belongs to the
requesting agency. Staff of other agencies see it under an active consent for this very SIP,
or as invited participants (the `sip_participant` ground below), which keeps a participant
informed when the consent is withdrawn and the plan pauses. Everything the parties write
(needs and goals, actions, minutes, notes, follow-ups) belongs to the writer's agency and
crosses only under an active consent for this SIP that covers the plan: participation alone
never opens it.
"""

import datetime as dt

from django.utils import timezone

from lots.access import policy
from lots.access.conditions import RowCondition
from lots.access.models import ASSIGNMENT_TERM, Assignment, Consent
from lots.access.policy import ExtraGround, RecordPolicy
from lots.access.secrecy import InformationKind, Purpose
from lots.organisations.actor import Actor
from lots.plans.models import (
    ContributingAgency,
    ExperienceAnswer,
    FamilyWords,
    Sip,
    SipAction,
    SipActionReview,
    SipCostShare,
    SipEvent,
    SipFollowUp,
    SipGoal,
    SipInvitee,
    SipMeeting,
    SipMinutes,
    SipNote,
    SipParticipant,
)

PARTICIPANT_GROUND = "sip_participant"


class _Participation(RowCondition):
    """Staff invited to the SIP, acting in the agency they were invited from, while the need to
    know that taking part gave them lasts (their assignment, ended when the plan ends), for a SIP
    that has rested on a consent (it may since have been withdrawn: then the plan is paused, and
    its participants must see that)."""

    def __init__(self, sip_ref: str, child_ref: str, actor: Actor, now: dt.datetime):
        super().__init__((sip_ref, child_ref))
        self.user_id, self.agency_id, self.now = actor.user.pk, actor.agency_id, now

    def sql(self, connection, refs):
        (sip, sip_params), (child, child_params) = refs
        now = connection.ops.adapt_datetimefield_value(self.now)
        participant, assignment, consent = (m._meta.db_table for m in (SipParticipant, Assignment, Consent))
        assigned, assigned_params = ASSIGNMENT_TERM.sql("lots_pa", now)  # access's statement of "active"
        sql = (
            f"EXISTS(SELECT 1 FROM {participant} lots_p INNER JOIN {assignment} lots_pa "  # noqa: S608 (names and refs)
            f"ON (lots_pa.id = lots_p.assignment_id) WHERE lots_p.sip_id = {sip} AND lots_p.user_id = %s "
            f"AND lots_p.agency_id = %s AND lots_p.removed_at IS NULL AND {assigned}) "
            f"AND EXISTS(SELECT 1 FROM {consent} lots_pc WHERE lots_pc.purpose = %s "
            f"AND lots_pc.reference_id = {sip} AND lots_pc.child_id = {child} AND lots_pc.effective_at IS NOT NULL)"
        )
        params = [
            *sip_params,
            self.user_id,
            self.agency_id,
            *assigned_params,
            str(Purpose.SIP),
            *sip_params,
            *child_params,
        ]
        return sql, params


def participation(sip_ref: str, child_ref: str) -> ExtraGround:
    def condition(actor: Actor):
        if actor.agency_id is None:
            return None
        return _Participation(sip_ref, child_ref, actor, timezone.now())

    return ExtraGround(kind=PARTICIPANT_GROUND, condition=condition)


def _record(sip_path: str) -> RecordPolicy:
    """The plan's record, reached from the model by `sip_path` ("" for the Sip itself)."""
    to = f"{sip_path}__" if sip_path else ""
    sip_id = f"{sip_path}_id" if sip_path else "pk"
    return RecordPolicy(
        child=f"{to}child",
        domain=f"{to}requesting_agency",
        information_kind=InformationKind.PLAN,
        purpose=Purpose.SIP,
        purpose_reference=sip_id,
        extra_grounds=[participation(sip_id, f"{to}child__pk")],
    )


def _content(sip_path: str, owner: str = "owner_agency") -> RecordPolicy:
    """What a party wrote: owned by the writer's agency, across only under consent for this SIP."""
    return RecordPolicy(
        child=f"{sip_path}__child",
        domain=owner,
        information_kind=InformationKind.PLAN,
        purpose=Purpose.SIP,
        purpose_reference=f"{sip_path}_id",
    )


policy.register(Sip, _record(""))
policy.register(SipParticipant, _record("sip"))
policy.register(SipMeeting, _record("sip"))
policy.register(SipInvitee, _record("meeting__sip"))
policy.register(SipEvent, _record("sip"))
# The family's own words go with the plan: whoever sees the plan sees them.
policy.register(FamilyWords, _record("sip"))
# So do the answers on how the family experienced it (they name no one).
policy.register(ExperienceAnswer, _record("sip"))

policy.register(SipGoal, _content("sip"))
policy.register(SipAction, _content("sip"))
policy.register(SipCostShare, _content("action__sip", owner="action__owner_agency"))
policy.register(SipMinutes, _content("meeting__sip"))
policy.register(SipNote, _content("sip"))
policy.register(SipFollowUp, _content("sip"))
policy.register(SipActionReview, _content("follow_up__sip", owner="follow_up__owner_agency"))
# One question for all the content an agency wrote in a plan (see ContributingAgency).
policy.register(ContributingAgency, _content("sip", owner="agency"))
