"""The plan's history in words: every event as one Swedish sentence ("Anna Svensson (BUP) ändrade
huvudansvarig och uppföljningsdatum."). One renderer for every kind of event; the events name
fields, never what was written in them, and so do the sentences."""

from __future__ import annotations

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lots.plans.models import EventKind, SipEvent, Status

#: What each field the services record is called in a sentence. The lead's three columns are one
#: thing to the reader: who leads the plan.
FIELD_LABELS = {
    "lead_user": gettext_lazy("the lead"),
    "lead_agency": gettext_lazy("the lead"),
    "lead_principal": gettext_lazy("the lead"),
    "follow_up_on": gettext_lazy("the follow-up date"),
    "reason": gettext_lazy("why a SIP is needed"),
    "paused_from": gettext_lazy("the status before the pause"),
    "ended_on": gettext_lazy("the date"),
    "closing_reason": gettext_lazy("the reason for closing"),
    "ending_comment": gettext_lazy("the comment"),
    "first_meeting_on": gettext_lazy("the first meeting"),
    "has_mandate": gettext_lazy("the mandate to decide"),
    "starts_at": gettext_lazy("the time"),
    "ends_at": gettext_lazy("the end time"),
    "place": gettext_lazy("the place"),
    "video_link": gettext_lazy("the video link"),
    "invitees": gettext_lazy("who is called"),
    "attended": gettext_lazy("who came"),
    "minutes": gettext_lazy("the minutes"),
    "area": gettext_lazy("the area"),
    "kind": gettext_lazy("the kind"),
    "text": gettext_lazy("the text"),
    "what": pgettext_lazy("sip history", "what the action is"),
    "responsible_kind": gettext_lazy("who is responsible"),
    "responsible_agency": gettext_lazy("who is responsible"),
    "responsible_other": gettext_lazy("who is responsible"),
    "responsible_person": gettext_lazy("the responsible person"),
    "starts_on": gettext_lazy("the start date"),
    "ends_on": gettext_lazy("the end date"),
    "goal": gettext_lazy("the goal it serves"),
    "intervention": gettext_lazy("the intervention"),
    "intervention_name": gettext_lazy("the intervention"),
    "cost_amount": gettext_lazy("the cost"),
    "cost_period": gettext_lazy("the cost period"),
    "cost_shares": gettext_lazy("the joint financing"),
}

#: One sentence per kind of event; `%(who)s` is the person and their agency.
SENTENCES = {
    EventKind.REQUESTED: gettext_lazy("%(who)s requested the SIP."),
    EventKind.CONSENT_CONFIRMED: gettext_lazy("%(who)s confirmed that the consent is in effect."),
    EventKind.CONSENT_RECORDED: gettext_lazy("%(who)s recorded a consent to the SIP."),
    EventKind.PARTICIPANT_ADDED: gettext_lazy("%(who)s added a participant."),
    EventKind.PARTICIPANT_CHANGED: gettext_lazy("%(who)s changed a participant's mandate to decide."),
    EventKind.PARTICIPANT_REMOVED: gettext_lazy("%(who)s removed a participant."),
    EventKind.MEETING_CALLED: gettext_lazy("%(who)s called a meeting."),
    EventKind.MEETING_CHANGED: gettext_lazy("%(who)s changed a meeting."),
    EventKind.MEETING_CANCELLED: gettext_lazy("%(who)s cancelled a meeting."),
    EventKind.MEETING_RECORDED: gettext_lazy("%(who)s recorded a meeting."),
    EventKind.ESTABLISHED: gettext_lazy("%(who)s established the plan."),
    EventKind.REVISED: gettext_lazy("%(who)s changed the plan."),
    EventKind.GOAL_ADDED: gettext_lazy("%(who)s added a need or a goal."),
    EventKind.GOAL_REVISED: gettext_lazy("%(who)s changed a need or a goal."),
    EventKind.ACTION_ADDED: gettext_lazy("%(who)s added an action."),
    EventKind.ACTION_REVISED: gettext_lazy("%(who)s changed an action."),
    EventKind.NOTE_ADDED: gettext_lazy("%(who)s wrote a note."),
    EventKind.EXPERIENCE_RECORDED: gettext_lazy("%(who)s entered answers to the questions on experience."),
    EventKind.FOLLOWED_UP: gettext_lazy("%(who)s followed up the plan."),
    EventKind.PAUSED: gettext_lazy("The plan was paused: the consent it rested on was withdrawn."),
    EventKind.RESUMED: gettext_lazy("%(who)s resumed the plan under a new consent."),
    EventKind.CLOSED: gettext_lazy("%(who)s closed the plan."),
    EventKind.CANCELLED: gettext_lazy("%(who)s cancelled the SIP."),
}


def who(event: SipEvent, agency_label: str) -> str:
    if event.user is None:
        return _("Lots")
    name = event.user.get_full_name()
    return f"{name} ({agency_label})" if agency_label else name


def changed(event: SipEvent) -> str:
    """The fields the event changed, in words: "huvudansvarig och uppföljningsdatum"."""
    labels = list(dict.fromkeys(str(FIELD_LABELS.get(name, _("other details"))) for name in event.changed_fields))
    return str(get_text_list(labels, _("and")))


def sentence(event: SipEvent, agency_label: str) -> str:
    """The event as the history shows it: who did what, which fields changed, the status after."""
    parts = [str(SENTENCES[EventKind(event.kind)]) % {"who": who(event, agency_label)}]
    if event.changed_fields:
        parts.append(_("Changed: %(fields)s.") % {"fields": changed(event)})
    if event.to_status and event.from_status:
        parts.append(
            _("The status went from “%(before)s” to “%(after)s”.")
            % {"before": Status(event.from_status).label, "after": Status(event.to_status).label}
        )
    return " ".join(parts)
