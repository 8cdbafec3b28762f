"""The questions on experience, entered by staff from a paper form (the family answers in the
family view, `lots.portal`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots.organisations.actor import Actor
from lots.plans import forms, selectors, services
from lots.plans.models import SipMeeting
from lots.plans.services.experience import occasion_value
from lots.plans.views._helpers import Texts, bound, plan_form


def _label(meeting: SipMeeting | None) -> str:
    if meeting is None:
        return _("At closing")
    return _("After the meeting on %(date)s") % {"date": formats.date_format(timezone.localtime(meeting.starts_at))}


@login_required
@require_http_methods(["GET", "POST"])
def experience_new(request, sip_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    occasions = [(occasion_value(m), _label(m)) for m in selectors.experience_occasions(sip)]

    def call(data):
        occasion, meeting_id = services.parse_occasion(data["occasion"])
        return services.record_experience(
            actor=actor,
            sip=sip,
            occasion=occasion,
            meeting_id=meeting_id,
            respondent=data["respondent"],
            listened_to=data["listened_to"],
            knows_whom_to_call=data["knows_whom_to_call"],
            answered_on=data["answered_on"],
            submission_key=data["submission_key"],
        )

    return plan_form(
        request,
        actor=actor,
        sip=sip,
        form=bound(forms.ExperienceForm, request, occasions=occasions),
        call=call,
        done=_("The answers are saved."),
        texts=Texts(
            title=_("Enter answers from paper"),
            button=_("Save the answers"),
            lede=_(
                "One person's answers to the two questions, after a meeting held or at closing. Give no name: "
                "only whether a child or a guardian answered."
            ),
        ),
    )
