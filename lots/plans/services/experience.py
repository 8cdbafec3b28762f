"""The two questions on how the child and the guardians experienced the plan (`ExperienceAnswer`):
entered by staff from a paper form, or answered by the family in the family view.

Both paths check the occasion the same way (a meeting of this plan that was held, or the plan's
closing) and save one answer set in one transaction; staff act through the plan's own rule
(`may_act`) and the change goes into the plan's history; the family's answer is judged by the
family view's policy (`lots.portal`), like the family's own words, and a family account answers
once per occasion.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core.idempotency import once
from lots.organisations.actor import Actor
from lots.plans.models import (
    Answer,
    Channel,
    EventKind,
    ExperienceAnswer,
    Occasion,
    Respondent,
    Sip,
    SipMeeting,
    Status,
)
from lots.plans.services import _common as common

_MEETING_PREFIX = "meeting-"


def occasion_value(meeting: SipMeeting | None) -> str:
    """How a form names an occasion: "meeting-<id>" after a meeting, "closing" at closing."""
    return Occasion.CLOSING.value if meeting is None else f"{_MEETING_PREFIX}{meeting.pk}"


def parse_occasion(value: str) -> tuple[str, int | None]:
    """The form's value as (occasion, meeting id); anything else as ("", None), refused later."""
    if value == Occasion.CLOSING:
        return Occasion.CLOSING.value, None
    if value.startswith(_MEETING_PREFIX) and value[len(_MEETING_PREFIX) :].isdigit():
        return Occasion.MEETING.value, int(value[len(_MEETING_PREFIX) :])
    return "", None


def _occasion(sip: Sip, occasion: str, meeting_id: int | None) -> tuple[SipMeeting | None, dict[str, str]]:
    """The meeting the answers are about (None at closing), or why the occasion is refused."""
    if occasion == Occasion.MEETING:
        held = SipMeeting.objects.filter(sip=sip, cancelled_at__isnull=True, held_at__isnull=False)
        meeting = held.filter(pk=meeting_id).first() if meeting_id is not None else None
        if meeting is None:
            return None, {"occasion": _("Choose a meeting of the plan that has been held.")}
        return meeting, {}
    if occasion == Occasion.CLOSING:
        if sip.status != Status.CLOSED:
            return None, {"occasion": _("The plan is not closed: choose a meeting that has been held.")}
        return None, {}
    return None, {"occasion": _("Choose after which meeting, or at closing.")}


def _answer_errors(listened_to: str, knows_whom_to_call: str) -> dict[str, str]:
    errors = {}
    if listened_to not in Answer.values:
        errors["listened_to"] = _("Choose an answer to “Did you feel listened to?”.")
    if knows_whom_to_call not in Answer.values:
        errors["knows_whom_to_call"] = _("Choose an answer to “Do you know whom to call?”.")
    return errors


def _first_day(sip: Sip, meeting: SipMeeting | None) -> dt.date | None:
    """The first day the answers can have been given: the meeting's day, or the day of closing."""
    if meeting is not None:
        return timezone.localdate(meeting.starts_at)
    return sip.ended_on


@transaction.atomic
def record_experience(
    *,
    actor: Actor,
    sip: Sip,
    occasion: str,
    meeting_id: int | None,
    respondent: str,
    listened_to: str,
    knows_whom_to_call: str,
    answered_on: dt.date | None,
    submission_key: str = "",
) -> ExperienceAnswer:
    """Staff enter one person's answers from paper. Anyone who acts on the plan may (`may_act`);
    a form sent twice saves them once; nothing is saved on a refusal."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    meeting, errors = _occasion(sip, occasion, meeting_id)
    errors |= _answer_errors(listened_to, knows_whom_to_call)
    if respondent not in Respondent.values:
        errors["respondent"] = _("Choose who answered: the child or a guardian.")
    first = _first_day(sip, meeting)
    if answered_on is None or answered_on > timezone.localdate():
        errors["answered_on"] = _("Give the day the answers were given; it cannot be in the future.")
    elif first is not None and answered_on < first and "occasion" not in errors:
        errors["answered_on"] = _("The answers cannot have been given before the occasion they are about.")
    if errors or answered_on is None:  # (no day is always an error; said so for the type checker)
        raise ValidationError(errors)
    made = once(
        ExperienceAnswer,
        user_id=actor.user.pk,
        scope=f"plans.experience.{sip.pk}",
        key=submission_key,
        create=lambda: ExperienceAnswer.objects.create(
            sip=sip,
            occasion=occasion,
            meeting=meeting,
            respondent=respondent,
            channel=Channel.PAPER,
            listened_to=listened_to,
            knows_whom_to_call=knows_whom_to_call,
            answered_on=answered_on,
            entered_by=actor.user,
        ),
    )
    if made.created:
        common.record_event(actor, sip, EventKind.EXPERIENCE_RECORDED)
        common.log(actor, Action.CREATE, made.value, ground)
    return made.value


def family_has_answered(user_id: int, sip: Sip, meeting: SipMeeting | None) -> bool:
    answers = ExperienceAnswer.objects.filter(sip=sip, entered_by_id=user_id, channel=Channel.FAMILY_VIEW)
    if meeting is None:
        return answers.filter(occasion=Occasion.CLOSING).exists()
    return answers.filter(meeting=meeting).exists()


@transaction.atomic
def answer_experience(
    reader: Actor,
    *,
    child_id: int,
    sip_id: int,
    occasion: str,
    meeting_id: int | None,
    listened_to: str,
    knows_whom_to_call: str,
    ground: str,
    ground_id: int | None,
    by_the_young_person: bool,
) -> ExperienceAnswer:
    """The family answers in the family view, once per occasion and family account. The caller
    (the family view's policy) has judged that the reader may see this child's plans; a plan not
    of this child: `policy.Denied` (404)."""
    sip = Sip.objects.select_for_update().filter(pk=sip_id, child_id=child_id).first()
    if sip is None:
        raise policy.Denied()
    meeting, errors = _occasion(sip, occasion, meeting_id)
    errors |= _answer_errors(listened_to, knows_whom_to_call)
    if errors:
        raise ValidationError(list(errors.values()))
    if family_has_answered(reader.user.pk, sip, meeting):
        raise ValidationError(_already_answered(meeting), code="answered")
    try:
        with transaction.atomic():
            answer = ExperienceAnswer.objects.create(
                sip=sip,
                occasion=occasion,
                meeting=meeting,
                respondent=Respondent.CHILD if by_the_young_person else Respondent.GUARDIAN,
                channel=Channel.FAMILY_VIEW,
                listened_to=listened_to,
                knows_whom_to_call=knows_whom_to_call,
                answered_on=timezone.localdate(),
                entered_by=reader.user,
            )
    except IntegrityError:  # the same answer sent at the same moment: the first one counts
        raise ValidationError(_already_answered(meeting), code="answered") from None
    policy.log_access(reader, Action.CREATE, [policy.Seen(sip, ground, ground_id)], detail="experience answers")
    return answer


def _already_answered(meeting: SipMeeting | None) -> str:
    if meeting is None:
        return _("You have already answered the questions about the closing of the plan. Thank you.")
    return _("You have already answered the questions about this meeting. Thank you.")
