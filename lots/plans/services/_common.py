"""What every plans service shares: who may act on a plan, locking, versions, history, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access import services as access_services
from lots.access.models import Assignment
from lots.access.secrecy import InformationKind, Purpose
from lots.access.selectors import ConsentScope, active_consent_scopes
from lots.notifications.services import notify
from lots.organisations.actor import Actor
from lots.plans import workflow
from lots.plans.models import Sip, SipEvent, SipMeeting, SipParticipant

M = TypeVar("M", bound=models.Model)


def sip_url(sip: Sip) -> str:
    return reverse("plans:detail", args=[sip.pk])


def lock(sip: Sip) -> Sip:
    """The plan's row, locked to the end of the transaction: changes to one plan run one at a time."""
    return Sip.objects.select_for_update().get(pk=sip.pk)


def active_participation(actor: Actor, sip: Sip) -> SipParticipant | None:
    if actor.agency_id is None:  # staff take part through their agency; no one else acts on a plan
        return None
    return SipParticipant.objects.filter(
        sip=sip, user_id=actor.user.pk, agency_id=actor.agency_id, removed_at__isnull=True
    ).first()


#: `acts_on` asks for the actor's participation itself unless the caller already has it.
_ASK = object()


def acts_on(actor: Actor, sip: Sip, *, ground: str, participation: object = _ASK) -> bool:
    """Whether an actor who sees the plan on `ground` may act on it (call meetings, write, follow
    up): the staff invited to it, and staff of the requesting agency with need to know. A consent
    lets information cross, it never lets another agency act. The one statement of the rule:
    services, selectors and pages ask it."""
    if ground in policy.CHANGE_GROUNDS:
        return True
    if participation is _ASK:
        participation = active_participation(actor, sip)
    return participation is not None


def may_act(actor: Actor, sip: Sip) -> str:
    """The ground on which the actor acts on the plan; a 404 if they may not see it, refused if
    they see it but may not act (`acts_on`)."""
    ground = policy.can(actor, "view", sip)
    if ground is None:
        raise policy.Denied()
    if acts_on(actor, sip, ground=ground):
        return ground
    raise PermissionDenied(_("Only the SIP's participants act on it."))


def check_version(sip: Sip, version: int | None) -> None:
    """Optimistic locking: refuse a change made to a version of the plan that is no longer current."""
    if version is not None and int(version) != sip.version:
        raise ValidationError(STALE_MESSAGE(), code="stale")


def STALE_MESSAGE() -> str:
    return _(
        "Someone else changed the plan while you were writing. Nothing was saved: your text is still in "
        "the form. Look at the plan as it is now, then save again."
    )


class _HasVersion(Protocol):
    version: int


def check_row_version(row: _HasVersion, version: int | None) -> None:
    if version is not None and int(version) != row.version:
        raise ValidationError(
            _(
                "Someone else changed this while you were writing. Nothing was saved: your text is still in "
                "the form. Compare with the saved text below, then save again."
            ),
            code="stale",
        )


def begin_transition(actor: Actor, sip: Sip, version: int | None, target: str) -> tuple[Sip, str]:
    """Lock the plan, check who acts, the version they saw, and that the life cycle allows `target`."""
    sip = lock(sip)
    ground = may_act(actor, sip)
    check_version(sip, version)
    workflow.check_transition(sip.status, target, paused_from=sip.paused_from)
    return sip, ground


def check_offered(actor: Actor, sip: Sip, do: workflow.Do) -> None:
    """Refuse what the workflow's table does not offer this actor in the plan's state: the same
    rule that decides the buttons on the plan's page. Called by an acting actor (`may_act`)."""
    pending = (
        SipMeeting.objects.filter(sip=sip, cancelled_at__isnull=True, held_at__isnull=True)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    state = workflow.state_of(sip, consent_active=bool(consent_scopes(sip)), pending_meeting_at=pending)
    role = workflow.role_of(sip, user_id=actor.user.pk, agency_id=actor.agency_id, acts=True)
    workflow.check_offered(state, role, do)


def save_sip(sip: Sip, fields: Iterable[str]) -> None:
    sip.version += 1
    sip.save(update_fields=[*fields, "version"])


def record_event(
    actor: Actor | None,
    sip: Sip,
    kind: str,
    *,
    from_status: str = "",
    to_status: str = "",
    fields: Iterable[str] = (),
) -> SipEvent:
    return SipEvent.objects.create(
        sip=sip,
        user=actor.user if actor else None,
        agency_id=actor.agency_id if actor else None,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        changed_fields=sorted(set(fields)),
    )


def transition(actor: Actor | None, sip: Sip, target: str, kind: str, *, fields: Iterable[str] = ()) -> SipEvent:
    """Change the plan's status as the life-cycle table allows, and write it to the history."""
    workflow.check_transition(sip.status, target, paused_from=sip.paused_from)
    before = sip.status
    sip.status = target
    save_sip(sip, ["status", *fields])
    return record_event(actor, sip, kind, from_status=before, to_status=target, fields=fields)


def log(actor: Actor, action: str, obj: models.Model, ground: str, detail: str = "") -> None:
    policy.log_access(actor, action, [obj], detail=detail, ground=ground)


def log_own(actor: Actor, action: str, row: models.Model, detail: str = "") -> None:
    """Log a row the actor has just written in their own agency, with the ground they hold for it."""
    log(actor, action, row, policy.can(actor, "view", row) or "", detail)


def consent_scopes(sip: Sip) -> list[ConsentScope]:
    """The active consents for this SIP that cover the plan."""
    return covering_the_plan(active_consent_scopes(child_id=sip.child_id, purpose=Purpose.SIP, reference_id=sip.pk))


def covering_the_plan(scopes: list[ConsentScope]) -> list[ConsentScope]:
    """Those of a SIP's consent scopes that cover the plan (a page reads the scopes with the plan)."""
    return [scope for scope in scopes if scope.information_kinds & InformationKind.PLAN]


def notify_participants(
    sip: Sip, kind: str, *, dedupe_key: str = "", exclude: Actor | None = None, url: str = ""
) -> None:
    """Tell the staff taking part; a notification says only that something needs them, and where."""
    users = [
        user
        for p in SipParticipant.objects.filter(sip=sip, kind="staff", removed_at__isnull=True).select_related("user")
        if (exclude is None or p.user_id != exclude.user.pk) and (user := p.user) is not None
    ]
    notify(recipients=users, kind=kind, url=url or sip_url(sip), dedupe_key=dedupe_key)


def end_participations(actor: Actor, sip: Sip) -> None:
    """When the plan ends, the need to know that taking part in it gave ends too, unless the same
    person takes part in another open SIP for the child through the same assignment."""
    for participant in SipParticipant.objects.filter(sip=sip, kind="staff", assignment__isnull=False).select_related(
        "assignment"
    ):
        release_assignment(actor, participant)


def release_assignment(actor: Actor, participant: SipParticipant) -> None:
    assignment = participant.assignment
    if assignment is None or assignment.reason != Assignment.Reason.SIP_PARTICIPANT:
        return
    still_needed = (
        SipParticipant.objects.filter(
            assignment=assignment, removed_at__isnull=True, sip__status__in=workflow.OPEN_STATUSES
        )
        .exclude(pk=participant.pk)
        .exists()
    )
    if not still_needed:
        access_services.end_participation(actor=actor, assignment=assignment)


def today() -> dt.date:
    return timezone.localdate()
