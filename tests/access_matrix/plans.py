"""Rows of the access matrix for the plans app.

Elin's SIP is requested by Kim at the school; Bo (BUP) and Sam (social services) are invited.
`sip` rests on an active consent for it; `paused` had its consent withdrawn: its record stays
visible to the participants, but what one agency wrote no longer reaches another.
"""

from lots.plans.tests.factories import (
    SipActionFactory,
    SipGoalFactory,
    SipInviteeFactory,
    SipMeetingFactory,
    SipMinutesFactory,
    elins_sip,
)
from tests.access_matrix.rows import EVERYONE, KNOW_ELIN, Row

SCHOOL = frozenset({"kim", "mona", "rita", "tor!"})
POST_ONLY = frozenset()


def _sip(w, f):
    return [f["sip"].pk]


def _paused(w, f):
    return [f["paused"].pk]


MATRIX = {
    "plans:mine": Row(
        lambda w, f: [], EVERYONE, shows=lambda w: w.elin.full_name, sees=frozenset({"kim", "bo", "sam"})
    ),
    "plans:request": Row(lambda w, f: [w.elin.pk], KNOW_ELIN, shows=lambda w: w.elin.full_name),
    "plans:detail": Row(_sip, KNOW_ELIN, shows=lambda w: "BUP:s insats: utredning"),
    "plans:history": Row(_paused, KNOW_ELIN),
    "plans:pdf": Row(_sip, KNOW_ELIN),
    "plans:consent": Row(_sip, KNOW_ELIN),
    "plans:confirm_consent": Row(_sip, POST_ONLY, denied_status=405),
    "plans:resume": Row(_paused, POST_ONLY, denied_status=405),
    "plans:revise": Row(_sip, KNOW_ELIN),
    "plans:establish": Row(_sip, KNOW_ELIN),
    "plans:follow_up": Row(_sip, KNOW_ELIN, shows=lambda w: "Socialtjänstens insats: familjebehandling"),
    "plans:close": Row(_sip, KNOW_ELIN),
    "plans:cancel": Row(_sip, KNOW_ELIN),
    "plans:participant_new": Row(_sip, KNOW_ELIN),
    "plans:participant_change": Row(lambda w, f: [f["sip"].pk, f["sip"].bo.pk], POST_ONLY, denied_status=405),
    "plans:note_new": Row(_sip, KNOW_ELIN),
    "plans:experience_new": Row(_sip, KNOW_ELIN),
    "plans:meeting_new": Row(_sip, KNOW_ELIN),
    "plans:meeting": Row(
        lambda w, f: [f["paused"].pk, f["paused_meeting"].pk],
        KNOW_ELIN,
        shows=lambda w: "Socialtjänstens minnesanteckningar",
        sees=frozenset({"sam"}),
    ),
    "plans:meeting_edit": Row(lambda w, f: [f["sip"].pk, f["meeting"].pk], KNOW_ELIN),
    "plans:meeting_cancel": Row(lambda w, f: [f["sip"].pk, f["meeting"].pk], POST_ONLY, denied_status=405),
    "plans:meeting_ics": Row(lambda w, f: [f["sip"].pk, f["meeting"].pk], frozenset({"kim", "bo", "sam"})),
    "plans:goal_new": Row(_sip, KNOW_ELIN),
    "plans:goal_edit": Row(lambda w, f: [f["sip"].pk, f["goal"].pk], SCHOOL),
    "plans:action_new": Row(_sip, KNOW_ELIN),
    "plans:action_edit": Row(lambda w, f: [f["sip"].pk, f["bup_action"].pk], frozenset({"bo"})),
}


def fixtures(world) -> dict:
    sip = elins_sip(world, established=True)
    goal = SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim, text="Skolans mål: närvaro")
    bup_action = SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo, what="BUP:s insats: utredning")
    SipActionFactory(
        sip=sip, owner_agency=world.social, written_by=world.sam, what="Socialtjänstens insats: familjebehandling"
    )
    meeting = SipMeetingFactory(sip=sip, called_by=world.kim, called_by_agency=world.school)
    for participant in (sip.kim, sip.bo, sip.sam):
        SipInviteeFactory(meeting=meeting, participant=participant)

    paused = elins_sip(world, consent="withdrawn", paused=True)
    paused_meeting = SipMeetingFactory(sip=paused, held=True)
    SipMinutesFactory(
        meeting=paused_meeting,
        owner_agency=world.social,
        written_by=world.sam,
        text="Socialtjänstens minnesanteckningar",
    )
    return {
        "sip": sip,
        "goal": goal,
        "bup_action": bup_action,
        "meeting": meeting,
        "paused": paused,
        "paused_meeting": paused_meeting,
    }
