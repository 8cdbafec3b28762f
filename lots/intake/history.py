"""The histories of a concern report and of a request for help, as Swedish sentences: one
renderer for every kind of event, so that no internal name ("reporter", a deadline's key)
reaches the page. Notes written by people are shown as written (escaped by the template)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.intake import deadlines
from lots.intake.models import ReportEvent, ReportStatus, RequestEvent

K = ReportEvent.Kind
REPORT_SENTENCES = {
    K.RECEIVED: gettext_lazy("The report was received."),
    K.CHILD_LINKED: gettext_lazy("%(who)s linked the report to the child's record."),
    K.PROTECTION_ASSESSED: gettext_lazy("%(who)s made the protection assessment: %(note)s."),
    K.DECIDED: gettext_lazy("%(who)s decided: %(status)s."),
    K.EXTENDED: gettext_lazy("%(who)s extended the investigation time (%(note)s)."),
    K.CONCLUDED: gettext_lazy("%(who)s concluded the investigation."),
    K.FEEDBACK_REQUESTED: gettext_lazy("The reporter asked for feedback."),
    K.FEEDBACK_GIVEN: gettext_lazy("%(who)s gave the reporter feedback."),
    K.MEETING_OFFERED: gettext_lazy("%(who)s offered %(note)s a meeting."),
    K.REMINDED: gettext_lazy("A reminder was sent: %(note)s."),
    K.ESCALATED: gettext_lazy("Overdue, raised to the unit manager: %(note)s."),
}

R = RequestEvent.Kind
REQUEST_SENTENCES = {
    R.CREATED: gettext_lazy("The request was received."),
    R.FORWARDED: gettext_lazy("%(who)s forwarded the request to %(unit)s."),
    R.ACCEPTED: gettext_lazy("%(unit)s accepted the request (%(who)s)."),
    R.DECLINED: gettext_lazy("%(unit)s declined the request (%(who)s)."),
    R.ESCALATED: gettext_lazy("No one accepted the request in time: raised to the entry point's manager."),
    R.CLOSED: gettext_lazy("%(who)s closed the request."),
}

#: Who was offered a meeting (`offer_meeting(to=…)`).
MEETING_WITH = {
    "reporter": gettext_lazy("the reporter"),
    "family": gettext_lazy("the child and the guardians"),
}


def _who(user) -> str:
    return user.get_full_name() if user is not None else _("Lots")


def _report_note(event: ReportEvent) -> str:
    """The part of the note that the sentence names; a free-text reason follows the sentence."""
    if event.kind == K.MEETING_OFFERED:
        return str(MEETING_WITH.get(event.note, _("someone")))
    if event.kind in (K.REMINDED, K.ESCALATED):
        rule = deadlines.RULES.get(event.note)
        return str(rule.label) if rule is not None else _("a deadline")
    return event.note


def report_sentence(event: ReportEvent) -> str:
    status = ReportStatus(event.to_status).label if event.to_status in ReportStatus.values else ""
    text = str(REPORT_SENTENCES[K(event.kind)]) % {
        "who": _who(event.by),
        "note": _report_note(event),
        "status": status,
    }
    if event.kind == K.DECIDED and event.note:
        text += " " + _("Reason: %(reason)s") % {"reason": event.note}
    return text


def request_sentence(event: RequestEvent) -> str:
    text = str(REQUEST_SENTENCES[R(event.kind)]) % {
        "who": _who(event.by),
        "unit": event.unit.name if event.unit is not None else _("a unit"),
    }
    if event.note:
        text += " " + _("Note: %(note)s") % {"note": event.note}
    return text
