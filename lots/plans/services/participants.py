"""Who takes part in a SIP: staff of any agency (also another principal's), the child, guardians
and others the family wants there; and notes about them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import services as access_services
from lots.access.models import Assignment
from lots.audit.models import Action
from lots.notifications.services import notify
from lots.organisations.actor import Actor
from lots.organisations.models import Membership
from lots.organisations.selectors import casework_memberships
from lots.plans import workflow
from lots.plans.models import EventKind, ParticipantKind, Sip, SipNote, SipParticipant
from lots.plans.services import _common as common


def add_staff_participant(
    actor: Actor, sip: Sip, membership: Membership, *, has_mandate: bool, role_text: str
) -> SipParticipant:
    """Add a member of staff and give them need to know in their own agency (a SIP participant)."""
    assignment = access_services.assign_participant(
        actor=actor,
        user=membership.user,
        unit=membership.unit,
        child=sip.child,
        reason=Assignment.Reason.SIP_PARTICIPANT,
    )
    return SipParticipant.objects.create(
        sip=sip,
        kind=ParticipantKind.STAFF,
        user=membership.user,
        unit=membership.unit,
        agency=membership.unit.agency,
        role_text=role_text.strip() or membership.get_role_display(),
        has_mandate=has_mandate,
        assignment=assignment,
        invited_by=actor.user,
    )


@transaction.atomic
def invite_staff(
    *, actor: Actor, sip: Sip, membership: Membership | None, has_mandate: bool = False, role_text: str = ""
) -> SipParticipant:
    """Invite a member of staff. Outside the requesting agency, only an agency that an active
    consent for this SIP names may take part: otherwise nothing of the plan could reach them."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("invite participants"))
    if membership is None or not casework_memberships([membership.unit.agency_id]).filter(pk=membership.pk).exists():
        raise ValidationError({"membership": _("Choose a member of staff who works with children.")})
    agency = membership.unit.agency
    if agency.pk != sip.requesting_agency_id and not any(
        agency.pk in scope.receiving for scope in common.consent_scopes(sip)
    ):
        raise ValidationError(
            {
                "membership": _(
                    "%(agency)s is not named in an active consent for this SIP. Record a consent that includes "
                    "it first."
                )
                % {"agency": agency.name}
            }
        )
    if SipParticipant.objects.filter(sip=sip, user=membership.user, removed_at__isnull=True).exists():
        raise ValidationError({"membership": _("%(name)s already takes part.") % {"name": membership.user}})
    participant = add_staff_participant(actor, sip, membership, has_mandate=has_mandate, role_text=role_text)
    common.record_event(actor, sip, EventKind.PARTICIPANT_ADDED)
    common.log(actor, Action.CREATE, participant, ground)
    if membership.user_id != actor.user.pk:
        notify(
            recipients=[membership.user],
            kind="plans.invited",
            url=common.sip_url(sip),
            dedupe_key=f"sip-{sip.pk}-invited-{participant.pk}",
        )
    return participant


@transaction.atomic
def add_person(*, actor: Actor, sip: Sip, kind: str, name: str, role_text: str = "") -> SipParticipant:
    """The child, a guardian, or someone the family wants there (a relative, an association)."""
    sip = common.lock(sip)
    ground = common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("add participants"))
    errors = {}
    if kind not in ParticipantKind.values or kind == ParticipantKind.STAFF:
        errors["kind"] = _("Choose who the person is.")
    if not name.strip():
        errors["name"] = _("Give the person's name.")
    if errors:
        raise ValidationError(errors)
    participant = SipParticipant.objects.create(
        sip=sip, kind=kind, name=name.strip(), role_text=role_text.strip(), invited_by=actor.user
    )
    common.record_event(actor, sip, EventKind.PARTICIPANT_ADDED)
    common.log(actor, Action.CREATE, participant, ground)
    return participant


@transaction.atomic
def set_mandate(*, actor: Actor, participant: SipParticipant, has_mandate: bool) -> SipParticipant:
    """Whether a participant may decide on their agency's actions at the meeting."""
    sip = common.lock(participant.sip)
    ground = common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("change a participant"))
    participant = SipParticipant.objects.select_for_update().get(pk=participant.pk, sip=sip)
    if not participant.is_staff or participant.removed_at is not None:
        raise ValidationError({"has_mandate": _("Only staff taking part have a mandate to decide.")})
    if participant.has_mandate != has_mandate:
        participant.has_mandate = has_mandate
        participant.save(update_fields=["has_mandate"])
        common.record_event(actor, sip, EventKind.PARTICIPANT_CHANGED, fields=["has_mandate"])
        common.log(actor, Action.CHANGE, participant, ground)
    return participant


@transaction.atomic
def remove_participant(*, actor: Actor, participant: SipParticipant) -> SipParticipant:
    """Someone no longer takes part; the need to know the plan gave them ends."""
    sip = common.lock(participant.sip)
    ground = common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.OPEN_STATUSES, doing=_("remove participants"))
    participant = SipParticipant.objects.select_for_update().get(pk=participant.pk, sip=sip)
    if participant.removed_at is not None:
        raise ValidationError(_("The person no longer takes part."))
    if participant.is_staff and (participant.user_id, participant.agency_id) == (sip.lead_user_id, sip.lead_agency_id):
        raise ValidationError(_("The lead cannot be removed. Name another lead first."))
    participant.removed_at = timezone.now()
    participant.save(update_fields=["removed_at"])
    common.release_assignment(actor, participant)
    common.record_event(actor, sip, EventKind.PARTICIPANT_REMOVED)
    common.log(actor, Action.CHANGE, participant, ground, detail="removed")
    return participant


@transaction.atomic
def add_note(*, actor: Actor, sip: Sip, text: str, participant: SipParticipant | None = None) -> SipNote:
    """A note in the plan, owned by the writer's agency (seen elsewhere only under the consent)."""
    sip = common.lock(sip)
    common.may_act(actor, sip)
    workflow.require_status(sip.status, workflow.WORKING_STATUSES, doing=_("write in the plan"))
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if participant is not None and participant.sip_id != sip.pk:
        raise ValidationError({"participant": _("Choose one of the plan's participants.")})
    note = SipNote.objects.create(
        sip=sip,
        participant=participant,
        owner_agency_id=actor.staff_agency_id,
        written_by=actor.user,
        text=text.strip(),
    )
    common.record_event(actor, sip, EventKind.NOTE_ADDED)
    common.log_own(actor, Action.CREATE, note)
    return note
