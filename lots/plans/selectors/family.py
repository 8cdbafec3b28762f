"""The plans of a child as the family sees them (the family view, `lots.portal`).

The caller (the portal's policy) has judged that the reader may see this child's plans and on
which ground; this module reads the plans in a fixed number of queries and logs every plan shown
with that ground. The family sees its own plan whole: what the agencies wrote is about the child
and was drawn up with the family; a protected child's location is never part of it (no school or
unit names: agencies by kind only when the child has protected identity).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from lots.access import policy
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.plans.models import (
    Channel,
    ExperienceAnswer,
    FamilyWords,
    GoalKind,
    Occasion,
    Sip,
    SipAction,
    SipGoal,
    SipMeeting,
    Status,
)
from lots.plans.services.experience import occasion_value


@dataclass
class FamilyPlan:
    sip: Sip
    child_goals: list[SipGoal]
    other_goals: list[SipGoal]
    actions: list[tuple[SipAction, str]]  # each with who is responsible, in words
    next_meeting: SipMeeting | None
    lead_agency: str
    lead_name: str
    lead_email: str
    lead_phone: str
    own_words: list[FamilyWords]  # what the family wrote, newest first
    #: The occasions this family member has not yet answered the questions on experience for,
    #: newest first: the closing (None) of a closed plan, each meeting held.
    to_answer: list[tuple[str, SipMeeting | None]]  # with the form's value for each


def _agency_label(agency, hide: bool) -> str:
    if agency is None:
        return ""
    return str(agency.get_kind_display()) if hide else str(agency)


def _to_answer(
    status: str, answers: list[ExperienceAnswer], held: list[SipMeeting]
) -> list[tuple[str, SipMeeting | None]]:
    """The occasions not yet answered, from the plan's status, the reader's answers and the
    meetings held."""
    answered = {a.meeting_id for a in answers}
    closed = status == Status.CLOSED and not any(a.occasion == Occasion.CLOSING for a in answers)
    occasions: list[SipMeeting | None] = [None] if closed else []
    occasions += [m for m in held if m.pk not in answered]
    return [(occasion_value(m), m) for m in occasions]


def family_plans(
    reader: Actor,
    *,
    child_id: int,
    ground: str,
    ground_id: int | None,
    hide_location: bool,
    sip_id: int | None = None,
    action: str = Action.VIEW,
) -> list[FamilyPlan]:
    """The child's plans (or the one `sip_id`), newest first; logged, one row per plan, on the
    family's ground, as `action` (a print for the PDF)."""
    now = timezone.now()
    sips = list(
        Sip.objects.filter(child_id=child_id, **({} if sip_id is None else {"pk": sip_id}))
        .select_related("child", "lead_agency", "lead_user")
        .prefetch_related(
            Prefetch("goals", queryset=SipGoal.objects.order_by("pk")),
            Prefetch(
                "actions", queryset=SipAction.objects.select_related("responsible_agency").order_by("starts_on", "pk")
            ),
            Prefetch(
                "meetings",
                queryset=SipMeeting.objects.filter(starts_at__gte=now, cancelled_at__isnull=True).order_by("starts_at"),
                to_attr="coming_meetings",
            ),
            Prefetch("family_words", queryset=FamilyWords.objects.order_by("-written_at", "-pk")),
            Prefetch(
                "meetings",
                queryset=SipMeeting.objects.filter(cancelled_at__isnull=True, held_at__isnull=False).order_by(
                    "-starts_at", "-pk"
                ),
                to_attr="held_meetings",
            ),
            Prefetch(
                "experience_answers",
                queryset=ExperienceAnswer.objects.filter(entered_by_id=reader.user.pk, channel=Channel.FAMILY_VIEW),
                to_attr="my_answers",
            ),
        )
        .order_by("-requested_at")
    )
    plans = []
    for sip in sips:
        goals = list(sip.goals.all())
        actions = list(sip.actions.all())
        responsible = [
            (
                action,
                _agency_label(action.responsible_agency, hide_location)
                if action.responsible_agency_id
                else action.responsible_other or str(action.get_responsible_kind_display()),
            )
            for action in actions
        ]
        lead = sip.lead_user
        plans.append(
            FamilyPlan(
                sip=sip,
                child_goals=[g for g in goals if g.kind == GoalKind.CHILD_GOAL],
                other_goals=[g for g in goals if g.kind != GoalKind.CHILD_GOAL],
                actions=responsible,
                next_meeting=sip.coming_meetings[0] if sip.coming_meetings else None,
                lead_agency=_agency_label(sip.lead_agency, hide_location),
                lead_name=lead.get_full_name() if lead else "",
                lead_email=lead.email if lead else "",
                lead_phone=lead.phone if lead else "",
                own_words=list(sip.family_words.all()),
                to_answer=_to_answer(sip.status, sip.my_answers, sip.held_meetings),
            )
        )
    policy.log_access(reader, action, [policy.Seen(p.sip, ground, ground_id) for p in plans], detail="family view")
    return plans
