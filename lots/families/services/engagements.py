"""Engagements: coordination for a household on the family's own consent, and what the family
keeps with the coordinator (the contact map, its priorities, the outcome measures).

The engagement starts when the family has consented (the existing consent model, purpose family
coordination, naming this engagement: one consent for each child, given by the guardians with
custody or by a young person of 18 alone) and ends with the consent or by hand. The policy asks
for the consent on every read (`policies`); `end_for_withdrawal` then ends the engagement too.
"""

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
from lots.access.secrecy import InformationKind, Purpose
from lots.audit.models import Action
from lots.families import workflow
from lots.families.models import (
    Contact,
    EndReason,
    Engagement,
    EngagementStatus,
    EventKind,
    Frequency,
    Member,
    Referral,
    ReferralStatus,
)
from lots.families.policies import ENGAGEMENT_GROUND, in_team
from lots.families.services._common import engagement_url, event, logged, may_change, raise_if, text
from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Unit, User
from lots.organisations.roles import Role
from lots.people.identity import age_on
from lots.people.models import Child, RelatedPerson

#: What the family's consent lets the named agencies share with the team and receive from it.
CONSENT_KINDS = int(InformationKind.CONTACT) | int(InformationKind.PLAN)


@dataclass(frozen=True)
class MemberInput:
    person: Child | RelatedPerson
    has_needs: bool = False


def coordinators(team: Unit) -> list[User]:
    """The team's family coordinators now."""
    memberships = Membership.objects.current().filter(unit=team, role=Role.FAMILY_COORDINATOR).select_related("user")
    return [m.user for m in memberships]


def _family_consent(actor: Actor, engagement: Engagement, child: Child, agencies, form, guardians) -> Consent:
    if child.date_of_birth and age_on(child.date_of_birth, timezone.localdate()) >= access_services.ADULT_AGE:
        parties = [access_services.PartyInput(guardian=None, agrees=True)]
    else:
        custody = access_services.custodial_guardian_ids(child)
        parties = [access_services.PartyInput(guardian=g, agrees=True) for g in guardians if g.pk in custody]
    consent = access_services.record_consent(
        actor=actor,
        child=child,
        purpose=Purpose.FAMILY_COORDINATION,
        agencies=[access_services.AgencyScope(agency=a) for a in agencies],
        information_kinds=CONSENT_KINDS,
        form=form,
        parties=parties,
        reference_id=engagement.pk,
        purpose_text=_("Family coordination"),
    )
    if consent.effective_at is None:
        raise ValidationError(
            {
                "guardians": _("The consent for %(name)s is not complete: every guardian with custody must agree.")
                % {"name": child.first_name}
            }
        )
    return consent


@transaction.atomic
def start_engagement(
    *,
    actor: Actor,
    referral: Referral,
    coordinator: User,
    members: Sequence[MemberInput],
    agencies: Sequence[Agency],
    form: str,
    guardians: Sequence[RelatedPerson],
    adults_agree: bool,
) -> Engagement:
    """The team starts coordination for an accepted family: a coordinator, the members the
    family names (the referred child among them, adults included) and the family's consent,
    naming the agencies that may share with the team."""
    referral = Referral.objects.select_for_update().select_related("team__agency", "household").get(pk=referral.pk)
    ground = may_change(actor, referral)
    if not (in_team(actor) and actor.unit_id == referral.team_id):
        raise policy.Denied()
    workflow.require(
        workflow.REFERRAL_TRANSITIONS, referral.status, ReferralStatus.STARTED, referral.get_status_display().lower()
    )
    errors: dict[str, str] = {}
    if coordinator not in coordinators(referral.team):
        errors["coordinator"] = _("Choose a family coordinator of the team.")
    children = {p.pk for p in referral.household.children.all()}
    adults = {p.pk for p in referral.household.adults.all()}
    chosen_children = [m for m in members if isinstance(m.person, Child)]
    chosen_adults = [m for m in members if isinstance(m.person, RelatedPerson)]
    if referral.child_id not in {m.person.pk for m in chosen_children}:
        errors["members"] = _("The child the referral is about is a member.")
    if any(m.person.pk not in children for m in chosen_children) or any(
        m.person.pk not in adults for m in chosen_adults
    ):
        errors["members"] = _("Members are the people of the household.")
    if chosen_adults and not adults_agree:
        errors["adults_agree"] = _("Each adult member agrees to take part.")
    if not [a for a in agencies if a.pk != referral.team.agency_id]:
        errors["agencies"] = _("Name at least one agency that may share with the team.")
    raise_if(errors)
    engagement = Engagement.objects.create(
        referral=referral,
        team=referral.team,
        agency=referral.team.agency,
        child_id=referral.child_id,
        coordinator=coordinator,
    )
    Member.objects.bulk_create(
        [
            Member(
                engagement=engagement,
                child=m.person if isinstance(m.person, Child) else None,
                adult=m.person if isinstance(m.person, RelatedPerson) else None,
                has_needs=m.has_needs,
            )
            for m in members
        ]
    )
    named = [referral.team.agency, *[a for a in agencies if a.pk != referral.team.agency_id]]
    for m in chosen_children:
        assert isinstance(m.person, Child)
        _family_consent(actor, engagement, m.person, named, form, guardians)
    referral.status = ReferralStatus.STARTED
    referral.version += 1
    referral.save(update_fields=["status", "version"])
    event(actor, referral, EventKind.STARTED)
    logged(actor, Action.CREATE, engagement, ground)
    if coordinator.pk != actor.user.pk:
        notify_after_commit(
            recipients=[coordinator],
            kind="families.coordinator",
            url=engagement_url(engagement),
            dedupe_key=f"family-engagement-{engagement.pk}-coordinator",
        )
    return engagement


def _end(actor: Actor | None, engagement: Engagement, reason: str) -> None:
    workflow.require(
        workflow.ENGAGEMENT_TRANSITIONS,
        engagement.status,
        EngagementStatus.ENDED,
        engagement.get_status_display().lower(),
    )
    engagement.status, engagement.ended_at, engagement.end_reason = EngagementStatus.ENDED, timezone.now(), reason
    engagement.save(update_fields=["status", "ended_at", "end_reason"])
    Referral.objects.filter(pk=engagement.referral_id).update(closed_at=engagement.ended_at)
    event(actor, engagement.referral, EventKind.ENDED, note=reason)


@transaction.atomic
def end_engagement(*, actor: Actor, engagement: Engagement, reason: str) -> Engagement:
    """The coordinator ends the engagement (the goals reached, the family ended it, it moved)."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    ground = may_change(actor, engagement)
    if reason not in EndReason.values or reason == EndReason.CONSENT_WITHDRAWN:
        raise ValidationError({"reason": _("Choose why the coordination ends.")})
    _end(actor, engagement, reason)
    logged(actor, Action.CHANGE, engagement, ground, detail=f"ended: {reason}")
    return engagement


def end_for_withdrawal(actor: Actor, consent: Consent) -> None:
    """What follows when the family withdraws a consent for family coordination (registered in
    `access.services.WITHDRAWAL_CONSEQUENCES`, run in the withdrawal's transaction): the consent
    for the referred child ends the engagement; another child's takes that child out of it. The
    policy already refuses the coordinator from the moment of the withdrawal."""
    engagement = (
        Engagement.objects.select_for_update()
        .select_related("referral")
        .filter(pk=consent.reference_id or 0, status=EngagementStatus.ACTIVE)
        .first()
    )
    if engagement is None:
        return
    if consent.child_id == engagement.child_id:
        _end(actor, engagement, EndReason.CONSENT_WITHDRAWN)
    else:
        Member.objects.filter(engagement=engagement, child_id=consent.child_id, left_at__isnull=True).update(
            left_at=timezone.now()
        )
        event(actor, engagement.referral, EventKind.ENDED, note="a child's consent withdrawn")
    logged(actor, Action.CHANGE, engagement, "consent_withdrawn", detail="consent withdrawn")
    if actor is None or engagement.coordinator_id != actor.user.pk:
        notify_after_commit(
            recipients=[engagement.coordinator],
            kind="families.consent_withdrawn",
            url=engagement_url(engagement),
            dedupe_key=f"family-consent-{consent.pk}-withdrawn",
        )


@transaction.atomic
def withdraw_family_consent(*, actor: Actor, engagement: Engagement, withdrawn_by_name: str) -> Engagement:
    """The family tells the coordinator it withdraws its consent: every consent the engagement
    rests on is withdrawn at once, and with it the engagement ends."""
    ground = may_change(actor, engagement)
    if ground != ENGAGEMENT_GROUND:
        raise policy.Denied()
    if not withdrawn_by_name.strip():
        raise ValidationError({"withdrawn_by_name": _("Say who withdrew the consent.")})
    consents = Consent.objects.filter(
        purpose=Purpose.FAMILY_COORDINATION, reference_id=engagement.pk, withdrawn_at__isnull=True
    )
    # The referred child's consent last: it ends the engagement (and with it the coordinator's ground).
    for consent in sorted(consents, key=lambda c: c.child_id == engagement.child_id):
        access_services.withdraw_consent(actor=actor, consent=consent, withdrawn_by_name=withdrawn_by_name)
    engagement.refresh_from_db()
    return engagement


# The contact map, priorities and outcome measures ---------------------------------------------


@dataclass(frozen=True)
class ContactInput:
    member: Member | None  # None: one the actor may not choose (refused)
    agency: Agency | None
    unit: Unit | None
    person_name: str
    purpose: str
    frequency: str
    next_appointment: dt.date | None


def _contact_errors(engagement: Engagement, data: ContactInput) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if data.member is None or data.member.engagement_id != engagement.pk or data.member.left_at is not None:
        errors["member"] = _("Choose a member of the family.")
    if data.agency is None:
        errors["agency"] = _("Choose the agency.")
    elif data.unit is not None and data.unit.agency_id != data.agency.pk:
        errors["unit"] = _("The unit belongs to another agency.")
    purpose = text(data.purpose, "purpose", _("Say what the contact is for."), errors, limit=300)
    if data.frequency not in Frequency.values:
        errors["frequency"] = _("Choose how often.")
    if data.next_appointment is not None and data.next_appointment < timezone.localdate():
        errors["next_appointment"] = _("The next appointment is today or later.")
    return errors, purpose


def _active_engagement(actor: Actor, engagement: Engagement) -> tuple[Engagement, str]:
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    ground = may_change(actor, engagement)
    if engagement.status != EngagementStatus.ACTIVE:
        raise ValidationError(_("The coordination has ended; nothing more is added."))
    return engagement, ground


@transaction.atomic
def add_contact(*, actor: Actor, engagement: Engagement, data: ContactInput) -> Contact:
    """A support contact of a member, on the family's map."""
    engagement, ground = _active_engagement(actor, engagement)
    errors, purpose = _contact_errors(engagement, data)
    raise_if(errors)
    assert data.agency is not None and data.member is not None
    contact = Contact.objects.create(
        engagement=engagement,
        member=data.member,
        agency=data.agency,
        unit=data.unit,
        person_name=data.person_name.strip()[:200],
        purpose=purpose,
        frequency=data.frequency,
        next_appointment=data.next_appointment,
    )
    event(actor, engagement.referral, EventKind.CONTACT_ADDED)
    logged(actor, Action.CREATE, contact, ground)
    return contact


@transaction.atomic
def change_contact(*, actor: Actor, contact: Contact, data: ContactInput) -> Contact:
    """Keep a contact current: a new appointment, another person, another frequency."""
    engagement, ground = _active_engagement(actor, contact.engagement)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.ended_at is not None:
        raise ValidationError(_("The contact has ended."))
    errors, purpose = _contact_errors(engagement, data)
    raise_if(errors)
    assert data.agency is not None and data.member is not None
    contact.member, contact.agency, contact.unit = data.member, data.agency, data.unit
    contact.person_name, contact.purpose, contact.frequency = data.person_name.strip()[:200], purpose, data.frequency
    contact.next_appointment, contact.updated_at = data.next_appointment, timezone.now()
    contact.save()
    event(actor, engagement.referral, EventKind.CONTACT_CHANGED)
    logged(actor, Action.CHANGE, contact, ground)
    return contact


@transaction.atomic
def end_contact(*, actor: Actor, contact: Contact) -> Contact:
    """The contact is over; it stays on the map's history."""
    engagement, ground = _active_engagement(actor, contact.engagement)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.ended_at is not None:
        raise ValidationError(_("The contact has ended."))
    contact.ended_at = timezone.now()
    contact.save(update_fields=["ended_at"])
    event(actor, engagement.referral, EventKind.CONTACT_ENDED)
    logged(actor, Action.CHANGE, contact, ground, detail="ended")
    return contact
