"""How the access policy judges the plans app's models.

The plan's record (status, dates, lead, who takes part, meetings, history) belongs to the
requesting agency. Staff of other agencies see it under an active consent for this very SIP,
or as invited participants (the `sip_participant` ground below), which keeps a participant
informed when the consent is withdrawn and the plan pauses. Everything the parties write
(needs and goals, actions, minutes, notes, follow-ups) belongs to the writer's agency and
crosses only under an active consent for this SIP that covers the plan: participation alone
never opens it.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lots.access import policy
from lots.access.models import Consent
from lots.access.policy import ExtraGround, RecordPolicy
from lots.access.secrecy import InformationKind, Purpose
from lots.plans.models import (
    ContributingAgency,
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


def participation(sip_ref: str, child_ref: str) -> ExtraGround:
    """Staff invited to the SIP, acting in the agency they were invited from, while the need to
    know that taking part gave them lasts (their assignment, ended when the plan ends), for a SIP
    that has rested on a consent (it may since have been withdrawn: then the plan is paused, and
    its participants must see that)."""

    def condition(actor):
        if actor.agency_id is None:
            return None
        now = timezone.now()
        mine = SipParticipant.objects.filter(
            Q(assignment__ends_at__isnull=True) | Q(assignment__ends_at__gt=now),
            sip_id=OuterRef(sip_ref),
            user_id=actor.user.pk,
            agency_id=actor.agency_id,
            removed_at__isnull=True,
            assignment__starts_at__lte=now,
        )
        consented = Consent.objects.filter(
            purpose=Purpose.SIP,
            reference_id=OuterRef(sip_ref),
            child_id=OuterRef(child_ref),
            effective_at__isnull=False,
        )
        return Q(Exists(mine)) & Q(Exists(consented))

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

policy.register(SipGoal, _content("sip"))
policy.register(SipAction, _content("sip"))
policy.register(SipCostShare, _content("action__sip", owner="action__owner_agency"))
policy.register(SipMinutes, _content("meeting__sip"))
policy.register(SipNote, _content("sip"))
policy.register(SipFollowUp, _content("sip"))
policy.register(SipActionReview, _content("follow_up__sip", owner="follow_up__owner_agency"))
# One question for all the content an agency wrote in a plan (see ContributingAgency).
policy.register(ContributingAgency, _content("sip", owner="agency"))
