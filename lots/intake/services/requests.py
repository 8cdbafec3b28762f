"""Requests for help through the shared entry point: received, forwarded, accepted or declined.

No request stays without an owner: a coordinator forwards it to one or more units; each accepts
or declines with a reason; one that no unit has accepted within the configured working days is
raised to the entry point's manager (see `reminders`). Every step is appended to the journey.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import assignments as access_assignments
from lots.access import policy
from lots.access.models import AssignmentSource
from lots.audit.models import Action
from lots.core.idempotency import once, saved
from lots.intake import deadlines
from lots.intake.models import EntryPoint, Forward, ForwardStatus, HelpRequest, Need, RequestEvent, RequestStatus
from lots.intake.policies import COORDINATOR
from lots.intake.services.reports import MAX_TEXT
from lots.intake.workflow import FORWARD_TRANSITIONS, REQUEST_TRANSITIONS
from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, Unit
from lots.people.models import Child


def unit_staff(unit_id: int, *, managers_only: bool = False):
    memberships = Membership.objects.current().filter(unit_id=unit_id).select_related("user")
    return [m.user for m in memberships if m.manages_unit or not managers_only]


def _move(request: HelpRequest, to: str) -> None:
    if to not in REQUEST_TRANSITIONS.get(request.status, frozenset()):
        raise ValidationError(
            _("The request is %(status)s; that step is not possible now.")
            % {"status": request.get_status_display().lower()}
        )
    request.status = to


def _event(request, kind, actor, *, unit=None, note="") -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, by=actor.user if actor else None, unit=unit, note=note
    )


def _log(actor: Actor, obj: models.Model, action: str, ground: str, detail: str = "") -> None:
    policy.log_access(actor, action, [obj], detail=detail, ground=ground)


@transaction.atomic
def create_request(
    *,
    actor: Actor,
    entry_point: EntryPoint,
    submission_key: str,
    who: str,
    needs: Sequence[str],
    description: str,
    family_consents: bool,
    child: Child | None = None,
) -> HelpRequest:
    """Staff ask for help on a family's behalf, with the family's consent to share the request."""
    if actor.membership is None:
        raise ValidationError(_("You need a current role to make a request."))
    key = (submission_key or "").strip()
    if not key:
        raise ValidationError(_("The form has expired; open it again."))
    errors: dict[str, str] = {}
    who = (who or "").strip()
    description = (description or "").strip()
    if not who:
        errors["who"] = _("Say who the request is about.")
    if not needs or any(n not in Need.values for n in needs):
        errors["needs"] = _("Choose at least one need.")
    if not description:
        errors["description"] = _("Describe the need.")
    elif len(description) > MAX_TEXT:
        errors["description"] = _("The text is too long: at most %(n)s characters.") % {"n": MAX_TEXT}
    if not family_consents:
        errors["family_consents"] = _("The family must agree before the request is shared with other agencies.")
    if child is not None and policy.can(actor, "view", child) is None:
        errors["child"] = _("Choose one of your children.")
    if errors:
        raise ValidationError(errors)
    request = HelpRequest(
        entry_point=entry_point,
        owning_agency_id=entry_point.unit.agency_id,
        child=child,
        who_given=who[:200],
        needs=sorted(set(needs)),
        description=description,
        family_consents=True,
        requested_by=actor.user,
        requester_unit=actor.membership.unit,
    )
    made = once(HelpRequest, user_id=actor.user.pk, scope="intake.request", key=key, create=lambda: saved(request))
    if not made.created:
        return made.value  # a double click: the request is already made
    _event(request, RequestEvent.Kind.CREATED, actor, unit=actor.membership.unit)
    _log(actor, request, Action.CREATE, "consent", "request for help")
    notify_after_commit(
        recipients=unit_staff(entry_point.unit_id),
        kind="intake.request_received",
        url=reverse("intake:request", args=[request.pk]),
        dedupe_key=f"request-{request.pk}-received",
    )
    return request


def _locked(actor: Actor, request_id: int, version: int | None) -> HelpRequest:
    request = HelpRequest.objects.select_for_update().select_related("entry_point").filter(pk=request_id).first()
    if request is None or policy.can(actor, "view", request) is None:
        raise policy.Denied()
    if version is not None and version != request.version:
        raise ValidationError(
            _("Someone else has changed the request since you opened it. Reload the page and try again.")
        )
    return request


def _save(request: HelpRequest, fields: list[str]) -> None:
    request.version += 1
    request.save(update_fields=[*fields, "version"])


@transaction.atomic
def forward_request(
    *, actor: Actor, request_id: int, units: Sequence[Unit], note: str = "", version: int | None = None
) -> HelpRequest:
    """A coordinator sends the request on to one or more units; each must answer."""
    request = _locked(actor, request_id, version)
    if policy.can(actor, "change", request) != COORDINATOR:
        raise policy.Denied()
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    already = set(request.forwards.values_list("unit_id", flat=True))
    repeated = [u.name for u in units if u.pk in already]
    if repeated:
        raise ValidationError({"units": _("Already forwarded to: %(units)s.") % {"units": ", ".join(repeated)}})
    _move(request, RequestStatus.FORWARDED)
    now = timezone.now()
    request.accept_due_on = deadlines.rule(deadlines.REQUEST_ACCEPTANCE).due(now)
    request.escalated_at = None
    _save(request, ["status", "accept_due_on", "escalated_at"])
    for unit in units:
        Forward.objects.create(request=request, unit=unit, forwarded_by=actor.user, forwarded_at=now)
        _event(request, RequestEvent.Kind.FORWARDED, actor, unit=unit, note=(note or "").strip()[:2000])
        notify_after_commit(
            recipients=unit_staff(unit.pk),
            kind="intake.request_forwarded",
            url=reverse("intake:request", args=[request.pk]),
            dedupe_key=f"request-{request.pk}-forward-{unit.pk}",
        )
    _log(actor, request, Action.CHANGE, COORDINATOR, "forwarded")
    return request


@transaction.atomic
def answer_forward(*, actor: Actor, request_id: int, accept: bool, reason: str = "") -> Forward:
    """The unit the request was forwarded to accepts it (and owns it) or declines with a reason."""
    request = _locked(actor, request_id, None)
    forward = request.forwards.select_for_update().filter(unit_id=actor.staff_membership.unit_id).first()
    if forward is None:
        raise policy.Denied()
    to = ForwardStatus.ACCEPTED if accept else ForwardStatus.DECLINED
    if to not in FORWARD_TRANSITIONS.get(forward.status, frozenset()):
        raise ValidationError(_("Your unit has already answered."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Give the reason for declining.")})
    forward.status, forward.answered_by, forward.answered_at, forward.reason = (
        to,
        actor.user,
        timezone.now(),
        reason[:2000],
    )
    forward.save(update_fields=["status", "answered_by", "answered_at", "reason"])
    kind = RequestEvent.Kind.ACCEPTED if accept else RequestEvent.Kind.DECLINED
    _event(request, kind, actor, unit=forward.unit, note=reason[:2000])
    if accept and request.status == RequestStatus.FORWARDED:
        _move(request, RequestStatus.ACCEPTED)
        _save(request, ["status"])
    elif not accept and not request.forwards.exclude(status=ForwardStatus.DECLINED).exists():
        _move(request, RequestStatus.NEW)  # every unit declined: back to the coordinators
        request.accept_due_on = None
        _save(request, ["status", "accept_due_on"])
    _log(actor, request, Action.CHANGE, "forwarded_to", "accepted" if accept else "declined")
    if accept and request.child is not None:  # the one who accepts owns it (issue 21)
        access_assignments.assign_by_work(
            actor=actor, user=actor.user, child=request.child, source=AssignmentSource.REQUEST
        )
    notify_after_commit(
        recipients=unit_staff(request.entry_point.unit_id),
        kind="intake.request_answered",
        url=reverse("intake:request", args=[request.pk]),
        dedupe_key=f"request-{request.pk}-answer-{forward.pk}",
    )
    return forward


@transaction.atomic
def close_request(*, actor: Actor, request_id: int, reason: str, version: int | None = None) -> HelpRequest:
    request = _locked(actor, request_id, version)
    if policy.can(actor, "change", request) != COORDINATOR:
        raise policy.Denied()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request is closed.")})
    _move(request, RequestStatus.CLOSED)
    _save(request, ["status"])
    _event(request, RequestEvent.Kind.CLOSED, actor, note=reason[:2000])
    _log(actor, request, Action.CHANGE, COORDINATOR, "closed")
    return request
