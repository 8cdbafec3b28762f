"""Changes to who may see what: assignments, consents, break the glass, clearances.

Each function is one business action in one transaction, checked against the policy and
written to the audit log in that same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import assignments, policy, selectors
from lots.access.models import (
    Assignment,
    AssignmentEnd,
    AssignmentEvent,
    AssignmentSource,
    BreakGlass,
    Consent,
    ConsentAgency,
    ConsentParty,
    ProtectedClearance,
)
from lots.access.secrecy import CrossPrincipalGround, Purpose
from lots.audit import services as audit
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Unit, User
from lots.organisations.roles import BREAK_GLASS_ROLES
from lots.people.identity import age_on
from lots.people.models import Child, RelatedPerson, Relationship

ADULT_AGE = 18
#: Reasons under which `assign_participant` grants need to know, and `end_participation` ends it.
PARTICIPATION_REASONS = frozenset({Assignment.Reason.SIP_PARTICIPANT, Assignment.Reason.FAMILY_COORDINATION})


def _age_on(child: Child, day: dt.date) -> int | None:
    return None if child.date_of_birth is None else age_on(child.date_of_birth, day)


def _require_view(actor: Actor, obj) -> str:
    ground = policy.can(actor, "view", obj)
    if ground is None:
        raise policy.Denied()
    return ground


def _log(actor: Actor, action: str, obj: models.Model, ground: str, detail: str = "") -> None:
    policy.log_access(actor, action, [obj], detail=detail, ground=ground)


# Assignments ---------------------------------------------------------------------------------


#: A manager assigns staff, ends and hands over: lots.access.assignments (issue 21), named here too
#: for the callers that knew them here.
assign = assignments.assign_staff
end_assignment = assignments.end_assignment


def _create_assignment(*, actor, ground, user, unit, child, reason, note, starts_at, ends_at) -> Assignment:
    starts_at = starts_at or timezone.now()
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The assignment must end after it starts.")})
    if not Membership.objects.current().filter(user=user, unit=unit).exists():
        raise ValidationError({"user": _("The staff member has no current role in that unit.")})
    assignment = Assignment.objects.create(
        user=user,
        unit=unit,
        child=child,
        reason=reason,
        note=note,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor.user,
        source=AssignmentSource.PARTICIPATION,
    )
    AssignmentEvent.objects.create(
        assignment=assignment,
        child_id=child.pk,
        kind=AssignmentEvent.Kind.STARTED,
        by=actor.user,
        api_client_id=actor.api_client_id,
        source=AssignmentSource.PARTICIPATION,
    )
    _log(actor, Action.CREATE, assignment, ground)
    return assignment


@transaction.atomic
def assign_participant(*, actor: Actor, user: User, unit: Unit, child: Child, reason: str) -> Assignment:
    """Need to know that follows from taking part in a shared process (a SIP, family
    coordination): granted by the process's service, which has checked its own rules."""
    existing = Assignment.objects.active().filter(user=user, unit=unit, child=child).first()
    if existing:
        return existing
    return _create_assignment(
        actor=actor,
        ground="participation",
        user=user,
        unit=unit,
        child=child,
        reason=reason,
        note="",
        starts_at=None,
        ends_at=None,
    )


@transaction.atomic
def end_participation(*, actor: Actor, assignment: Assignment) -> Assignment:
    """End need to know that a shared process granted (`assign_participant`), when the process
    ends (a SIP closed or cancelled). Called by the process's service, which has checked its own
    rules; only assignments given for taking part are ended this way, never a treatment or case."""
    if assignment.reason not in PARTICIPATION_REASONS:
        raise ValidationError(_("Only an assignment given for taking part in a shared process ends with it."))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    now = timezone.now()
    if assignment.ends_at is not None and assignment.ends_at <= now:
        return assignment
    assignment.ends_at = max(now, assignment.starts_at + dt.timedelta(microseconds=1))
    assignment.ended_by, assignment.end_reason = actor.user, AssignmentEnd.PARTICIPATION
    assignment.save(update_fields=["ends_at", "ended_by", "end_reason"])
    AssignmentEvent.objects.create(
        assignment=assignment,
        child_id=assignment.child_id,
        kind=AssignmentEvent.Kind.ENDED,
        by=actor.user,
        api_client_id=actor.api_client_id,
        source=AssignmentSource.PARTICIPATION,
    )
    _log(actor, Action.CHANGE, assignment, "participation", detail="participation ended")
    return assignment


# Consents ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyScope:
    agency: Agency
    shares: bool = True
    receives: bool = True


@dataclass(frozen=True)
class PartyInput:
    """A guardian's consent (guardian set) or the child's own view (guardian None)."""

    guardian: RelatedPerson | None
    agrees: bool
    view_in_words: str = ""
    given_at: dt.datetime | None = None


def custodial_guardian_ids(child: Child) -> set[int]:
    return set(
        Relationship.objects.filter(child=child, kind=Relationship.Kind.GUARDIAN).values_list("person_id", flat=True)
    )


def _complete_at(consent: Consent, child: Child) -> dt.datetime | None:
    """When the consent became complete, or None while it is not.

    A young person of 18 or more consents alone. For a younger child every guardian with
    custody must agree, unless a recorded ground says that one suffices (OSL 12 kap. 3 §).
    """
    parties = list(consent.parties.order_by("given_at", "pk"))
    age = _age_on(child, timezone.localdate(consent.created_at))
    if age is not None and age >= ADULT_AGE:
        own = [p for p in parties if p.role == ConsentParty.Role.CHILD]
        return own[-1].given_at if own and own[-1].agrees else None
    guardians = [p for p in parties if p.role == ConsentParty.Role.GUARDIAN]
    if any(not p.agrees for p in guardians):
        return None
    agreeing = {p.guardian_id: p.given_at for p in guardians}
    if consent.single_guardian_ground.strip():
        return min(agreeing.values()) if agreeing else None
    required = custodial_guardian_ids(child)
    if not required or not required <= set(agreeing):
        return None
    return max(agreeing[guardian_id] for guardian_id in required)


def _validate_party(child: Child, party: PartyInput) -> None:
    if party.guardian is not None and party.guardian.pk not in custodial_guardian_ids(child):
        raise ValidationError(
            {"parties": _("%(name)s does not have custody of the child.") % {"name": party.guardian.full_name}}
        )


def _add_party(consent: Consent, child: Child, party: PartyInput) -> ConsentParty:
    _validate_party(child, party)
    given_at = party.given_at or timezone.now()
    if given_at > timezone.now():
        raise ValidationError({"parties": _("A consent cannot be given in the future.")})
    if party.guardian is not None and consent.parties.filter(guardian=party.guardian).exists():
        raise ValidationError({"parties": _("This guardian's answer is already recorded.")})
    return ConsentParty.objects.create(
        consent=consent,
        role=ConsentParty.Role.GUARDIAN if party.guardian else ConsentParty.Role.CHILD,
        guardian=party.guardian,
        agrees=party.agrees,
        child_age=_age_on(child, timezone.localdate(given_at)),
        view_in_words=party.view_in_words,
        given_at=given_at,
    )


def _refresh_effective(consent: Consent, child: Child) -> None:
    consent.effective_at = _complete_at(consent, child)
    consent.save(update_fields=["effective_at"])


@transaction.atomic
def record_consent(
    *,
    actor: Actor,
    child: Child,
    purpose: str,
    agencies: Sequence[AgencyScope],
    information_kinds: int,
    form: str,
    parties: Sequence[PartyInput] = (),
    reference_id: int | None = None,
    purpose_text: str = "",
    valid_until: dt.datetime | None = None,
    single_guardian_ground: str = "",
) -> Consent:
    """Record a consent as given (on paper, in a meeting or digitally), by whom and to what."""
    ground = _require_view(actor, child)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose.")})
    if purpose == Purpose.NAMED_EXCHANGE and not purpose_text.strip():
        raise ValidationError({"purpose_text": _("Describe the exchange the consent is for.")})
    if len({scope.agency.pk for scope in agencies}) < 2:
        raise ValidationError({"agencies": _("A consent names at least two agencies.")})
    if not any(scope.shares for scope in agencies) or not any(scope.receives for scope in agencies):
        raise ValidationError({"agencies": _("At least one agency must share and one receive.")})
    if information_kinds <= 0:
        raise ValidationError({"information_kinds": _("Choose at least one kind of information.")})
    if valid_until is not None and valid_until <= timezone.now():
        raise ValidationError({"valid_until": _("The end date must be in the future.")})
    if form not in Consent.Form.values:
        raise ValidationError({"form": _("Choose how the consent was given.")})
    consent = Consent.objects.create(
        child=child,
        purpose=purpose,
        reference_id=reference_id,
        purpose_text=purpose_text,
        information_kinds=information_kinds,
        form=form,
        noted_by=actor.user,
        recorded_in_id=actor.staff_agency_id,
        valid_until=valid_until,
        single_guardian_ground=single_guardian_ground,
    )
    ConsentAgency.objects.bulk_create(
        [ConsentAgency(consent=consent, agency=s.agency, shares=s.shares, receives=s.receives) for s in agencies]
    )
    for party in parties:
        _add_party(consent, child, party)
    _refresh_effective(consent, child)
    _log(actor, Action.CREATE, consent, ground)
    return consent


def consent_takes_changes(consent: Consent) -> bool:
    """A withdrawn consent takes nothing more (no answer, no document): a new one is recorded."""
    return consent.withdrawn_at is None


def require_consent_takes_changes(consent: Consent) -> None:
    if not consent_takes_changes(consent):
        raise ValidationError(_("The consent has been withdrawn; record a new one."))


@transaction.atomic
def add_consent_party(*, actor: Actor, consent: Consent, party: PartyInput) -> Consent:
    """A further guardian's answer, or the child's view; the consent may become active."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    ground = _require_view(actor, consent)
    require_consent_takes_changes(consent)
    child = consent.child
    _add_party(consent, child, party)
    _refresh_effective(consent, child)
    _log(actor, Action.CHANGE, consent, ground, detail="party added")
    return consent


#: What must follow when a consent for a purpose is withdrawn (plans pause their SIP, ...).
#: Apps register an explicit handler; it runs in the withdrawal's own transaction.
WITHDRAWAL_CONSEQUENCES: dict[str, Callable[[Actor, Consent], None]] = {}


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, withdrawn_by_name: str) -> Consent:
    """Withdrawal acts at once: the policy asks for an active consent on every read."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    ground = _require_view(actor, consent)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent is already withdrawn."))
    if not withdrawn_by_name.strip():
        raise ValidationError({"withdrawn_by_name": _("Say who withdrew the consent.")})
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by_name = withdrawn_by_name.strip()
    consent.withdrawal_noted_by = actor.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by_name", "withdrawal_noted_by"])
    _log(actor, Action.CHANGE, consent, ground, detail="withdrawn")
    consequence = WITHDRAWAL_CONSEQUENCES.get(consent.purpose)
    if consequence is not None:
        consequence(actor, consent)
    return consent


# Break the glass and clearances --------------------------------------------------------------


def may_break_glass(actor: Actor) -> bool:
    """Whether the actor's role breaks the glass at all (`BREAK_GLASS_ROLES`); the page offers it
    only then. Which child, and on which ground, `break_glass` decides."""
    return actor.membership is not None and actor.role in BREAK_GLASS_ROLES


@transaction.atomic
def break_glass(
    *, actor: Actor, child: Child | None, reason: str, cross_principal_ground: str = ""
) -> BreakGlass | None:
    """Time-limited access outside the ordinary grounds, flagged for review: for staff who work
    with children, to a child of their own principal, or of another on a documented ground.

    Asked with an identity number that matches no child, the attempt is still logged; refused
    for a child of another principal without a ground, the attempt is logged as denied.
    """
    if not may_break_glass(actor):
        raise PermissionDenied(_("Only staff who work with children break the glass."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give the reason in a sentence or more.")})
    if cross_principal_ground and cross_principal_ground not in CrossPrincipalGround.values:
        raise ValidationError({"cross_principal_ground": _("Choose one of the grounds listed.")})
    if child is None:
        audit.record(
            actor,
            [
                audit.Access(
                    action=Action.BREAK_GLASS,
                    record_type="people.child",
                    record_id="",
                    detail="no match",
                )
            ],
        )
        return None
    if not cross_principal_ground and not selectors.belongs_to_principal(
        child, actor.staff_membership.unit.agency.principal_id
    ):
        audit.note_denied(actor, "people.child", str(child.pk))
        raise ValidationError(
            {
                "cross_principal_ground": _(
                    "The child does not belong to your principal. Break the glass across principals "
                    "only on one of the grounds listed, and say why in the reason."
                )
            }
        )
    now = timezone.now()
    glass = BreakGlass.objects.create(
        user=actor.user,
        membership=actor.staff_membership,
        agency_id=actor.staff_agency_id,
        child=child,
        reason=reason.strip(),
        cross_principal_ground=cross_principal_ground,
        started_at=now,
        expires_at=now + dt.timedelta(hours=settings.LOTS_BREAK_GLASS_HOURS),
    )
    audit.record(
        actor,
        [
            audit.Access(
                action=Action.BREAK_GLASS,
                record_type="people.child",
                record_id=str(child.pk),
                child_id=child.pk,
                ground="break_glass",
                ground_id=glass.pk,
                detail=f"across principals: {cross_principal_ground}" if cross_principal_ground else "",
                protected_identity=child.protected_identity,
                child_last_name=child.last_name,
            )
        ],
    )
    return glass


@transaction.atomic
def grant_clearance(*, actor: Actor, user: User, child: Child, reason: str) -> ProtectedClearance:
    """A unit manager who knows the child clears a member of staff of the same agency to see
    where a protected child lives and goes to school."""
    ground = _require_view(actor, child)
    if not actor.manages_unit or ground not in policy.NAMING_GROUNDS:
        raise PermissionDenied(_("Only a manager who knows the child grants clearance."))
    if not Membership.objects.current().filter(user=user, unit__agency_id=actor.agency_id).exists():
        raise ValidationError({"user": _("The staff member is not in your agency.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the clearance.")})
    if ProtectedClearance.objects.open().filter(user=user, child=child).exists():
        raise ValidationError(_("The staff member is already cleared for this child."))
    clearance = ProtectedClearance.objects.create(user=user, child=child, reason=reason.strip(), granted_by=actor.user)
    _log(actor, Action.CREATE, child, ground, detail=f"clearance granted to user {user.pk}")
    return clearance
