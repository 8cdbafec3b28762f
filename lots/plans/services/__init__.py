"""The plans app's business actions, one function each (see the modules for the rules)."""

from lots.plans.services._common import acts_on
from lots.plans.services.content import (
    ActionInput,
    CostShareInput,
    action_errors,
    add_action,
    add_goal,
    revise_action,
    revise_goal,
)
from lots.plans.services.experience import answer_experience, parse_occasion, record_experience
from lots.plans.services.family import write_family_words
from lots.plans.services.lifecycle import (
    ReviewInput,
    cancel_sip,
    close_sip,
    confirm_consent,
    establish_plan,
    follow_up_plan,
    pause_for_withdrawal,
    record_sip_consent,
    request_sip,
    resume_sip,
    revise_plan,
)
from lots.plans.services.meetings import call_meeting, cancel_meeting, record_meeting, reschedule_meeting
from lots.plans.services.participants import add_note, add_person, invite_staff, remove_participant, set_mandate

__all__ = [
    "ActionInput",
    "CostShareInput",
    "ReviewInput",
    "action_errors",
    "acts_on",
    "add_action",
    "add_goal",
    "add_note",
    "add_person",
    "answer_experience",
    "call_meeting",
    "cancel_meeting",
    "cancel_sip",
    "close_sip",
    "confirm_consent",
    "establish_plan",
    "follow_up_plan",
    "invite_staff",
    "parse_occasion",
    "pause_for_withdrawal",
    "record_experience",
    "record_meeting",
    "record_sip_consent",
    "remove_participant",
    "request_sip",
    "reschedule_meeting",
    "resume_sip",
    "revise_action",
    "revise_goal",
    "revise_plan",
    "set_mandate",
    "write_family_words",
]
