"""What the family view reads: each read judged by `portal.policies` and logged with the family
member as the reader (their own user; ground `family_guardian` or `family_own`, ground id the
family account)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from lots.access import family as consents
from lots.access import policy
from lots.access.models import Consent
from lots.audit import selectors as audit_selectors
from lots.audit.models import Action
from lots.core.ics import CalendarEvent, invitation
from lots.plans import selectors as plans
from lots.portal import policies
from lots.portal.models import FamilyAccount


def account_of(user_id: int, account_id: int | None) -> FamilyAccount | None:
    if account_id is None:
        return None
    return (
        FamilyAccount.objects.select_related("user", "person", "child").filter(pk=account_id, user_id=user_id).first()
    )


def my_children(account: FamilyAccount) -> list[policies.Seeing]:
    """The children this family member may see; their identity read is logged as a list."""
    seeing = policies.visible_children(account)
    policy.log_access(
        policies.actor_for(account),
        Action.LIST,
        [policy.Seen(s.child, s.ground, s.ground_id) for s in seeing],
        detail="family view",
    )
    return seeing


def _seeing(account: FamilyAccount, child_id: int) -> policies.Seeing:
    seen = policies.seeing(account, child_id)
    if seen is None:
        raise policy.Denied()
    return seen


@dataclass
class ChildPage:
    seeing: policies.Seeing
    plans: list[plans.FamilyPlan]
    consents: list[Consent]
    waiting_for_me: set[int]


def child_page(account: FamilyAccount, child_id: int) -> ChildPage:
    seen = _seeing(account, child_id)
    actor = policies.actor_for(account)
    family_plans = plans.family_plans(
        actor, child_id=child_id, ground=seen.ground, ground_id=seen.ground_id, hide_location=seen.hide_location
    )
    given = consents.consents_for_family(actor, child_id=child_id, ground=seen.ground, ground_id=seen.ground_id)
    waiting = {
        c.pk
        for c in given
        if account.person_id is not None
        and c.withdrawn_at is None
        and c.effective_at is None
        and all(p.guardian_id != account.person_id for p in c.parties.all())
    }
    return ChildPage(seen, family_plans, given, waiting)


def consent_for_action(account: FamilyAccount, child_id: int, consent_id: int) -> Consent:
    _seeing(account, child_id)
    consent = Consent.objects.filter(pk=consent_id, child_id=child_id).first()
    if consent is None:
        raise policy.Denied()
    return consent


def meeting_ics(account: FamilyAccount, child_id: int, meeting_id: int) -> bytes:
    """The next meeting of the child's plan as a calendar file; says no name and no address of a
    protected child (the place is left out for one)."""
    seen = _seeing(account, child_id)
    actor = policies.actor_for(account)
    for plan in plans.family_plans(
        actor, child_id=child_id, ground=seen.ground, ground_id=seen.ground_id, hide_location=seen.hide_location
    ):
        meeting = plan.next_meeting
        if meeting is not None and meeting.pk == meeting_id:
            event = CalendarEvent(
                uid=meeting.uid,
                sequence=meeting.sequence,
                start=meeting.starts_at,
                end=meeting.ends_at,
                summary="SIP-möte",
                location="" if seen.hide_location else meeting.place,
                url=meeting.video_link,
            )
            return invitation(event, now=timezone.now())
    raise policy.Denied()


def who_has_read(account: FamilyAccount, child_id: int) -> list[audit_selectors.ReadByStaff]:
    seen = _seeing(account, child_id)
    policy.log_access(
        policies.actor_for(account),
        Action.VIEW,
        [policy.Seen(seen.child, seen.ground, seen.ground_id)],
        detail="access log",
    )
    return audit_selectors.staff_reads_about_child(child_id)


def plan_for_print(account: FamilyAccount, child_id: int, sip_id: int) -> plans.FamilyPlan:
    seen = _seeing(account, child_id)
    found = plans.family_plans(
        policies.actor_for(account),
        child_id=child_id,
        ground=seen.ground,
        ground_id=seen.ground_id,
        hide_location=seen.hide_location,
        sip_id=sip_id,
        action=Action.PRINT,
    )
    if not found:
        raise policy.Denied()
    return found[0]
