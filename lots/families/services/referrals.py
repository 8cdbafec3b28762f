"""Referrals to the family coordination team and the team's decision.

A rektor (or another agency) contacts the team's representative for their agency, or the
family comes directly; the team decides against its criteria (`TeamCriteria`) and records why.
A family that fits while the team is full waits, first come first served.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.families import workflow
from lots.families.models import (
    Engagement,
    EngagementStatus,
    EventKind,
    Referral,
    ReferralSource,
    ReferralStatus,
    TeamCriteria,
)
from lots.families.policies import TEAM_GROUND, in_team
from lots.families.services._common import event, logged, may_change, raise_if, referral_url, text
from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, Unit, User
from lots.people.identity import age_on
from lots.people.models import Child, Household

DECISIONS = {"accept", "decline"}


def criteria_for(team: Unit) -> TeamCriteria:
    """The team's criteria (the defaults until its manager sets them)."""
    return TeamCriteria.objects.filter(team=team).first() or TeamCriteria(team=team)


@transaction.atomic
def set_criteria(
    *,
    actor: Actor,
    team: Unit,
    min_child_age: int,
    max_child_age: int,
    min_members_with_needs: int,
    min_agencies: int,
    places: int,
) -> TeamCriteria:
    """The team's manager says which families the team takes on, and how many at a time."""
    if not (in_team(actor) and actor.manages_unit and actor.unit_id == team.pk):
        raise PermissionDenied(_("Only the team's manager sets its criteria."))
    errors = {}
    if min_child_age > max_child_age or max_child_age > 20:
        errors["max_child_age"] = _("Give an age range from 0 to 20, the youngest first.")
    if places < 1:
        errors["places"] = _("The team needs at least one place.")
    if min_members_with_needs < 1:
        errors["min_members_with_needs"] = _("At least one member has needs.")
    raise_if(errors)
    criteria, _created = TeamCriteria.objects.update_or_create(
        team=team,
        defaults={
            "min_child_age": min_child_age,
            "max_child_age": max_child_age,
            "min_members_with_needs": min_members_with_needs,
            "min_agencies": min_agencies,
            "places": places,
            "updated_at": timezone.now(),
        },
    )
    return criteria


def unmet_criteria(referral: Referral, criteria: TeamCriteria) -> list[str]:
    """Which of the team's criteria the referred family does not meet (empty: it fits)."""
    unmet = []
    today = timezone.localdate()
    ages = [age_on(c.date_of_birth, today) for c in referral.household.children.all() if c.date_of_birth]
    if not ages or min(ages) < criteria.min_child_age or max(ages) > criteria.max_child_age:
        unmet.append(
            _("children aged %(low)s–%(high)s") % {"low": criteria.min_child_age, "high": criteria.max_child_age}
        )
    if referral.members_with_needs < criteria.min_members_with_needs:
        unmet.append(_("at least %(n)s members with needs") % {"n": criteria.min_members_with_needs})
    if referral.agencies_involved < criteria.min_agencies:
        unmet.append(_("at least %(n)s agencies involved") % {"n": criteria.min_agencies})
    return unmet


def places_taken(team: Unit) -> int:
    """Families the team works with now, and families accepted who are about to start."""
    engaged = Engagement.objects.filter(team=team, status=EngagementStatus.ACTIVE).count()
    return engaged + Referral.objects.filter(team=team, status=ReferralStatus.ACCEPTED).count()


def _team_staff(team: Unit) -> list[User]:
    return [m.user for m in Membership.objects.current().filter(unit=team).select_related("user")]


@transaction.atomic
def refer_family(
    *,
    actor: Actor,
    team: Unit,
    child: Child,
    household: Household,
    source: str,
    needs: str,
    members_with_needs: int,
    agencies_involved: int,
    representative: User | None = None,
) -> Referral:
    """An agency refers a family it knows (staff who know the child), or the team records that
    the family came by itself. The team's staff are told; no name leaves in the notice."""
    if team.kind != Unit.Kind.FAMILY_COORDINATION:
        raise ValidationError({"team": _("Choose a family coordination team.")})
    errors: dict[str, str] = {}
    if source == ReferralSource.AGENCY:
        ground = policy.can(actor, "view", child)
        if ground not in policy.NAMING_GROUNDS:
            raise policy.Denied()
        referring_agency_id = actor.staff_agency_id
    elif source == ReferralSource.FAMILY:
        if not (in_team(actor) and actor.unit_id == team.pk):
            raise PermissionDenied(_("A family that comes by itself is received by the team."))
        ground, referring_agency_id = TEAM_GROUND, None
    else:
        raise ValidationError({"source": _("Say who refers the family.")})
    if not household.children.filter(pk=child.pk).exists():
        errors["household"] = _("The child does not live in that household.")
    needs = text(needs, "needs", _("Describe what the family needs help with."), errors)
    if members_with_needs < 1:
        errors["members_with_needs"] = _("At least one member has needs.")
    if agencies_involved < 0:
        errors["agencies_involved"] = _("Give the number of agencies involved.")
    if representative is not None and not Membership.objects.current().filter(user=representative, unit=team):
        errors["representative"] = _("The representative must be on the team.")
    if Referral.objects.filter(team=team, household=household, status__in=workflow.OPEN_REFERRAL).exists():
        errors["household"] = _("The family is already referred to the team.")
    raise_if(errors)
    referral = Referral.objects.create(
        team=team,
        child=child,
        household=household,
        source=source,
        referring_agency_id=referring_agency_id,
        referred_by=actor.user,
        representative=representative,
        needs=needs,
        members_with_needs=members_with_needs,
        agencies_involved=agencies_involved,
    )
    event(actor, referral, EventKind.REFERRED)
    logged(actor, Action.CREATE, referral, ground)
    notify_after_commit(
        recipients=[representative] if representative else _team_staff(team),
        kind="families.referred",
        url=referral_url(referral),
        dedupe_key=f"family-referral-{referral.pk}",
    )
    return referral


def _locked(actor: Actor, referral: Referral, version: int | None) -> tuple[Referral, str]:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    ground = may_change(actor, referral)
    if not (in_team(actor) and actor.unit_id == referral.team_id):
        raise policy.Denied()
    if version is not None and version != referral.version:
        raise ValidationError(_("Someone else changed the referral while you were working on it. Open it again."))
    return referral, ground


def _move(referral: Referral, to: str) -> None:
    workflow.require(workflow.REFERRAL_TRANSITIONS, referral.status, to, referral.get_status_display().lower())
    referral.status = to
    referral.version += 1


@transaction.atomic
def decide_referral(
    *, actor: Actor, referral: Referral, decision: str, reason: str, version: int | None = None
) -> Referral:
    """The team accepts a family that fits its criteria (onto the waiting list when the team is
    full) or declines it, and records why. A family that does not fit is not accepted."""
    referral, ground = _locked(actor, referral, version)
    errors: dict[str, str] = {}
    if decision not in DECISIONS:
        errors["decision"] = _("Choose to accept or decline.")
    reason = text(reason, "reason", _("Record why the team decided so."), errors)
    raise_if(errors)
    if decision == "accept":
        unmet = unmet_criteria(referral, criteria_for(referral.team))
        if unmet:
            raise ValidationError(
                {
                    "decision": _("The family does not meet the team's criteria: %(unmet)s.")
                    % {"unmet": ", ".join(unmet)}
                }
            )
        full = places_taken(referral.team) >= criteria_for(referral.team).places
        target = ReferralStatus.WAITING if full else ReferralStatus.ACCEPTED
    else:
        target = ReferralStatus.DECLINED
    _move(referral, target)
    referral.decision_reason = reason
    referral.decided_by, referral.decided_at = actor.user, timezone.now()
    if target == ReferralStatus.DECLINED:
        referral.closed_at = referral.decided_at
    referral.save()
    kind = {ReferralStatus.ACCEPTED: EventKind.ACCEPTED, ReferralStatus.WAITING: EventKind.WAITING}
    event(actor, referral, kind.get(target, EventKind.DECLINED))
    logged(actor, Action.CHANGE, referral, ground, detail=f"decided: {target}")
    if referral.referred_by_id and referral.referred_by_id != actor.user.pk:
        notify_after_commit(
            recipients=[referral.referred_by],
            kind="families.decided",
            url=referral_url(referral),
            dedupe_key=f"family-referral-{referral.pk}-{target}",
        )
    return referral


@transaction.atomic
def take_from_waiting_list(*, actor: Actor, referral: Referral, version: int | None = None) -> Referral:
    """A place has freed: the family waiting is accepted."""
    referral, ground = _locked(actor, referral, version)
    if referral.status == ReferralStatus.WAITING and places_taken(referral.team) >= criteria_for(referral.team).places:
        raise ValidationError(_("The team has no free place yet."))
    _move(referral, ReferralStatus.ACCEPTED)
    referral.save()
    event(actor, referral, EventKind.ACCEPTED, note="from the waiting list")
    logged(actor, Action.CHANGE, referral, ground, detail="from the waiting list")
    return referral


@transaction.atomic
def withdraw_referral(*, actor: Actor, referral: Referral, version: int | None = None) -> Referral:
    """The family no longer wants the team's help before it started."""
    referral, ground = _locked(actor, referral, version)
    _move(referral, ReferralStatus.WITHDRAWN)
    referral.closed_at = timezone.now()
    referral.save()
    event(actor, referral, EventKind.WITHDRAWN)
    logged(actor, Action.CHANGE, referral, ground, detail="withdrawn")
    return referral
