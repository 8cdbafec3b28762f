"""The SIP's life cycle: one service per transition, each in one transaction, checked against the
policy and the life-cycle table (workflow.py), written to the plan's history and the access log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access import services as access_services
from lots.access.models import Consent
from lots.access.secrecy import Purpose
from lots.audit.models import Action
from lots.core.calendar import add_calendar_days
from lots.core.idempotency import once
from lots.notifications.services import notify
from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.people.models import Child
from lots.plans import workflow
from lots.plans.agreements import agreement_for
from lots.plans.models import (
    ClosingReason,
    Done,
    Effect,
    EventKind,
    Sip,
    SipAction,
    SipActionReview,
    SipFollowUp,
    SipParticipant,
    Status,
)
from lots.plans.services import _common as common
from lots.plans.services.meetings import cancel_upcoming_meetings
from lots.plans.services.participants import add_staff_participant
from lots.plans.workflow import Do


def _need_to_know(actor: Actor, child: Child) -> str:
    ground = policy.can(actor, "view", child)
    if ground not in policy.NAMING_GROUNDS:
        raise policy.Denied()
    return ground


@transaction.atomic
def request_sip(*, actor: Actor, child: Child, reason: str, submission_key: str = "") -> Sip:
    """Staff who know the child ask for a SIP. The waiting time counts from now; a school may ask
    only where the region's agreement gives schools that right."""
    ground = _need_to_know(actor, child)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the child needs a coordinated plan.")})
    agency = actor.staff_membership.unit.agency
    agreement = agreement_for(agency.principal)
    if agency.kind == Agency.Kind.SCHOOL and (agreement is None or not agreement.schools_may_request):
        raise ValidationError(
            _(
                "A school may request a SIP only where the region's agreement gives schools that right, and "
                "your region's does not. Ask social services or health care to call it."
            ),
            code="no_agreement",
        )
    now = timezone.now()

    made = once(
        Sip,
        user_id=actor.user.pk,
        scope=f"plans.request.{child.pk}",
        key=submission_key,
        create=lambda: Sip.objects.create(
            child=child,
            requesting_agency=agency,
            requested_by=actor.user,
            requested_at=now,
            reason=reason.strip(),
            meeting_due_on=(
                add_calendar_days(timezone.localdate(now), agreement.meeting_within_days) if agreement else None
            ),
        ),
    )
    if not made.created:
        return made.value  # a double submit: the first one made it
    sip = made.value
    add_staff_participant(actor, sip, actor.staff_membership, has_mandate=False, role_text="")
    common.record_event(actor, sip, EventKind.REQUESTED, to_status=Status.REQUESTED)
    common.log(actor, Action.CREATE, sip, ground)
    return sip


@transaction.atomic
def record_sip_consent(
    *,
    actor: Actor,
    sip: Sip,
    agencies: Sequence[access_services.AgencyScope],
    information_kinds: int,
    form: str,
    parties: Sequence[access_services.PartyInput] = (),
    valid_until: dt.datetime | None = None,
    single_guardian_ground: str = "",
    submission_key: str = "",
) -> Consent:
    """The consent this very SIP rests on. When it is complete, the plan moves on: a requested
    plan has its consent, a paused one is resumed."""
    sip = common.lock(sip)
    common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.OPEN_STATUSES, doing=_("record a consent"))
    made = once(
        Consent,
        user_id=actor.user.pk,
        scope=f"plans.consent.{sip.pk}",
        key=submission_key,
        create=lambda: access_services.record_consent(
            actor=actor,
            child=sip.child,
            purpose=Purpose.SIP,
            reference_id=sip.pk,
            agencies=agencies,
            information_kinds=information_kinds,
            form=form,
            parties=parties,
            valid_until=valid_until,
            single_guardian_ground=single_guardian_ground,
        ),
    )
    if not made.created:
        return made.value  # a double submit: the first one recorded it
    consent = made.value
    common.record_event(actor, sip, EventKind.CONSENT_RECORDED)
    if consent.is_active():
        if sip.status == Status.REQUESTED:
            common.transition(actor, sip, Status.CONSENT_OBTAINED, EventKind.CONSENT_CONFIRMED)
        elif sip.status == Status.PAUSED:
            _resume(actor, sip)
    return consent


@transaction.atomic
def confirm_consent(*, actor: Actor, sip: Sip) -> Sip:
    """The consent became complete later (the second guardian answered): the plan moves on."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    workflow.check_transition(sip.status, Status.CONSENT_OBTAINED)
    if not common.consent_scopes(sip):
        raise ValidationError(
            {"consent": _("There is no active consent for this SIP yet. Every guardian with custody must consent.")}
        )
    common.check_offered(actor, sip, Do.CONFIRM_CONSENT)
    common.transition(actor, sip, Status.CONSENT_OBTAINED, EventKind.CONSENT_CONFIRMED)
    common.log(actor, Action.CHANGE, sip, ground, detail="consent obtained")
    return sip


def _lead_errors(sip: Sip, lead: SipParticipant | None) -> dict[str, str]:
    if lead is None:
        return {"lead": _("Name the lead: the person with the overall responsibility.")}
    if lead.sip_id != sip.pk or not lead.is_staff or lead.removed_at is not None or lead.agency is None:
        return {"lead": _("The lead must be one of the plan's participants from an agency.")}
    if lead.agency.kind == Agency.Kind.SCHOOL:
        return {
            "lead": _(
                "The overall responsibility lies with the municipality or the region through social services, "
                "care or health care: never with the school."
            )
        }
    return {}


def _follow_up_errors(follow_up_on: dt.date | None, *, required: bool) -> dict[str, str]:
    if follow_up_on is None:
        return {"follow_up_on": _("Set a follow-up date.")} if required else {}
    if follow_up_on <= timezone.localdate():
        return {"follow_up_on": _("The follow-up date must be in the future.")}
    return {}


def _set_lead(actor: Actor, sip: Sip, lead: SipParticipant) -> list[str]:
    if (sip.lead_user_id, sip.lead_agency_id) == (lead.user_id, lead.agency_id):
        return []
    sip.lead_user_id, sip.lead_agency_id = lead.user_id, lead.agency_id
    agency, user = lead.agency, lead.user if lead.user_id != actor.user.pk else None
    assert agency is not None  # _lead_errors: the lead is staff, from an agency
    sip.lead_principal_id = agency.principal_id
    if user is not None:
        notify(
            recipients=[user],
            kind="plans.lead",
            url=common.sip_url(sip),
            dedupe_key=f"sip-{sip.pk}-lead-{lead.user_id}",
        )
    return ["lead_user", "lead_agency", "lead_principal"]


@transaction.atomic
def establish_plan(
    *, actor: Actor, sip: Sip, version: int | None, lead: SipParticipant | None, follow_up_on: dt.date | None
) -> Sip:
    """The plan is drawn up at a meeting: it names its actions, a lead and a follow-up date."""
    sip, ground = common.begin_transition(actor, sip, version, Status.ESTABLISHED)
    errors = {**_lead_errors(sip, lead), **_follow_up_errors(follow_up_on, required=True)}
    if not sip.meetings.filter(held_at__isnull=False).exists():
        errors["__all__"] = _("Record the meeting where the plan was drawn up first.")
    if not SipAction.objects.filter(sip=sip).exists():
        errors.setdefault("__all__", _("The plan must name at least one action."))
    if errors:
        raise ValidationError(errors)
    assert lead is not None  # _lead_errors refuses a plan without a lead
    common.check_offered(actor, sip, Do.ESTABLISH)
    fields = _set_lead(actor, sip, lead)
    sip.follow_up_on = follow_up_on
    common.transition(actor, sip, Status.ESTABLISHED, EventKind.ESTABLISHED, fields=[*fields, "follow_up_on"])
    common.log(actor, Action.CHANGE, sip, ground, detail="established")
    return sip


@transaction.atomic
def revise_plan(
    *,
    actor: Actor,
    sip: Sip,
    version: int | None,
    lead: SipParticipant | None,
    follow_up_on: dt.date | None,
    reason: str | None = None,
) -> Sip:
    """Change the lead, the follow-up date or (for the requesting agency) why the plan is needed."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    common.check_version(sip, version)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("revise the plan"))
    established = sip.status in workflow.ESTABLISHED_STATUSES
    errors = {}
    if lead is not None or established:
        errors.update(_lead_errors(sip, lead))
    if follow_up_on != sip.follow_up_on:
        errors.update(_follow_up_errors(follow_up_on, required=established))
    if reason is not None and actor.agency_id != sip.requesting_agency_id and reason.strip() != sip.reason:
        errors["reason"] = _("Only the requesting agency changes why the plan was requested.")
    if reason is not None and not reason.strip():
        errors["reason"] = _("Say why the child needs a coordinated plan.")
    if errors:
        raise ValidationError(errors)
    fields = _set_lead(actor, sip, lead) if lead is not None else []
    if follow_up_on != sip.follow_up_on:
        sip.follow_up_on = follow_up_on
        fields.append("follow_up_on")
    if reason is not None and reason.strip() != sip.reason:
        sip.reason = reason.strip()
        fields.append("reason")
    if fields:
        common.save_sip(sip, fields)
        common.record_event(actor, sip, EventKind.REVISED, fields=fields)
        common.log(actor, Action.CHANGE, sip, ground, detail="revised")
    return sip


@dataclass(frozen=True)
class ReviewInput:
    action: SipAction
    done: str
    effect: str
    comment: str = ""


@transaction.atomic
def follow_up_plan(
    *,
    actor: Actor,
    sip: Sip,
    version: int | None,
    held_on: dt.date | None,
    summary: str,
    next_follow_up_on: dt.date | None,
    reviews: Sequence[ReviewInput] = (),
    submission_key: str = "",
) -> SipFollowUp:
    """Follow the plan up: whether each action was done and worked, and when to follow up next."""
    sip, ground = common.begin_transition(actor, sip, version, Status.FOLLOWED_UP)
    errors = {}
    if next_follow_up_on is None:
        errors["next_follow_up_on"] = _("Set the date of the next follow-up, or close the plan.")
    elif next_follow_up_on <= timezone.localdate():
        errors["next_follow_up_on"] = _("The follow-up date must be in the future.")
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = _("Give the day of the follow-up; it cannot be in the future.")
    if not summary.strip():
        errors["summary"] = _("Sum up how the plan has gone.")
    for review in reviews:
        if review.action.sip_id != sip.pk or review.done not in Done.values or review.effect not in Effect.values:
            errors["reviews"] = _("Say for each action whether it was done and whether it had the intended effect.")
    if errors:
        raise ValidationError(errors)
    assert held_on is not None  # refused above
    common.check_offered(actor, sip, Do.FOLLOW_UP)

    made = once(
        SipFollowUp,
        user_id=actor.user.pk,
        scope=f"plans.follow_up.{sip.pk}",
        key=submission_key,
        create=lambda: SipFollowUp.objects.create(
            sip=sip,
            owner_agency_id=actor.staff_agency_id,
            written_by=actor.user,
            held_on=held_on,
            summary=summary.strip(),
            next_follow_up_on=next_follow_up_on,
        ),
    )
    if not made.created:
        return made.value  # a double submit: the first one made it
    follow_up = made.value
    SipActionReview.objects.bulk_create(
        [
            SipActionReview(
                follow_up=follow_up, action=r.action, done=r.done, effect=r.effect, comment=r.comment.strip()
            )
            for r in reviews
        ]
    )
    sip.follow_up_on = next_follow_up_on
    common.transition(actor, sip, Status.FOLLOWED_UP, EventKind.FOLLOWED_UP, fields=["follow_up_on"])
    common.log_own(actor, Action.CREATE, follow_up)
    common.log(actor, Action.CHANGE, sip, ground, detail="followed up")
    return follow_up


def _end(actor: Actor, sip: Sip, target: str, kind: str, fields: list[str]) -> None:
    cancel_upcoming_meetings(actor, sip)
    common.transition(actor, sip, target, kind, fields=fields)
    common.end_participations(actor, sip)
    common.notify_participants(sip, "plans.ended", dedupe_key=f"sip-{sip.pk}-ended", exclude=actor)


@transaction.atomic
def close_sip(
    *, actor: Actor, sip: Sip, version: int | None, closed_on: dt.date | None, reason: str, comment: str = ""
) -> Sip:
    """Close the plan with a date and a reason. The need to know that taking part gave ends."""
    sip, ground = common.begin_transition(actor, sip, version, Status.CLOSED)
    errors = {}
    if reason not in ClosingReason.values:
        errors["reason"] = _("Choose why the plan is closed.")
    elif reason == ClosingReason.OTHER and not comment.strip():
        errors["comment"] = _("Say why the plan is closed.")
    if closed_on is None or closed_on > timezone.localdate():
        errors["closed_on"] = _("Give the day the plan was closed; it cannot be in the future.")
    elif closed_on < timezone.localdate(sip.requested_at):
        errors["closed_on"] = _("A plan cannot be closed before it was requested.")
    if errors:
        raise ValidationError(errors)
    common.check_offered(actor, sip, Do.CLOSE)
    sip.ended_on, sip.closing_reason, sip.ending_comment = closed_on, reason, comment.strip()
    _end(actor, sip, Status.CLOSED, EventKind.CLOSED, ["ended_on", "closing_reason", "ending_comment"])
    common.log(actor, Action.CHANGE, sip, ground, detail="closed")
    return sip


@transaction.atomic
def cancel_sip(*, actor: Actor, sip: Sip, version: int | None, comment: str) -> Sip:
    """Cancel a plan that was never established, with the reason."""
    sip, ground = common.begin_transition(actor, sip, version, Status.CANCELLED)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the SIP is cancelled.")})
    common.check_offered(actor, sip, Do.CANCEL)
    sip.ended_on, sip.ending_comment = timezone.localdate(), comment.strip()
    _end(actor, sip, Status.CANCELLED, EventKind.CANCELLED, ["ended_on", "ending_comment"])
    common.log(actor, Action.CHANGE, sip, ground, detail="cancelled")
    return sip


def pause_for_withdrawal(actor: Actor, consent: Consent) -> None:
    """A consent for a SIP was withdrawn (access.services.withdraw_consent, in its transaction).

    If no other active consent carries the plan, it pauses at once and every participant is
    told to act. Content no longer crosses from that moment: the policy asks on every read.
    """
    if consent.reference_id is None:
        return
    sip = Sip.objects.select_for_update().filter(pk=consent.reference_id, child_id=consent.child_id).first()
    if sip is None or not workflow.may_transition(sip.status, Status.PAUSED) or common.consent_scopes(sip):
        return
    sip.paused_from = sip.status
    common.transition(actor, sip, Status.PAUSED, EventKind.PAUSED, fields=["paused_from"])
    common.log(actor, Action.CHANGE, sip, "consent_withdrawn", detail="paused")
    common.notify_participants(sip, "plans.paused", dedupe_key=f"sip-{sip.pk}-paused-{consent.pk}")


def _resume(actor: Actor, sip: Sip) -> None:
    target = sip.paused_from
    workflow.check_transition(sip.status, target, paused_from=sip.paused_from)
    sip.status, sip.paused_from = target, ""
    common.save_sip(sip, ["status", "paused_from"])
    common.record_event(actor, sip, EventKind.RESUMED, from_status=Status.PAUSED, to_status=target)
    common.notify_participants(sip, "plans.resumed", dedupe_key=f"sip-{sip.pk}-resumed-{sip.version}", exclude=actor)


@transaction.atomic
def resume_sip(*, actor: Actor, sip: Sip) -> Sip:
    """A paused plan goes on where it stopped, once a new consent for it is active."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    if sip.status != Status.PAUSED:
        raise ValidationError({"status": _("Only a paused SIP is resumed.")})
    if not common.consent_scopes(sip):
        raise ValidationError(
            {"consent": _("A paused SIP is resumed only under a new, active consent. Record the consent first.")}
        )
    common.check_offered(actor, sip, Do.RESUME)
    _resume(actor, sip)
    common.log(actor, Action.CHANGE, sip, ground, detail="resumed")
    return sip
