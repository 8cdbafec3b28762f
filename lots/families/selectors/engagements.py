"""Reads of the family coordination team's records, always through the access policy and into
the log. Lists narrow first to what the actor could know (their team's referrals, their own
engagements, one child), then apply the policy. Figures for the team and the committees are
aggregates (`figures`): counts, no person data, small counts suppressed.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from lots.access import policy
from lots.access.presentation import PersonView, present_children
from lots.audit import services as audit
from lots.audit.models import Action
from lots.families.models import (
    Contact,
    Engagement,
    EngagementStatus,
    FamilyEvent,
    Member,
    OutcomeRating,
    Priority,
    Referral,
    ReferralStatus,
    SelfReferral,
)
from lots.families.policies import ENGAGEMENT_GROUND, in_team
from lots.families.services.engagements import ContactInput, coordinators
from lots.families.services.referrals import criteria_for, places_taken, unmet_criteria
from lots.families.services.self_referrals import audit_access
from lots.families.workflow import OPEN_REFERRAL
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Unit
from lots.organisations.roles import Role
from lots.people.models import Child, Household


@dataclass
class Workload:
    coordinator: str
    families: int


@dataclass
class TeamPage:
    team: Unit | None
    referrals: list[Referral] = field(default_factory=list)
    waiting: list[Referral] = field(default_factory=list)
    workload: list[Workload] = field(default_factory=list)
    places: int = 0
    taken: int = 0
    days_to_start: float | None = None


def team_page(actor: Actor) -> TeamPage:
    """The team's queue (received and accepted referrals), its waiting list in order, and its
    workload: families per coordinator, places, the median days from referral to start."""
    if not in_team(actor):
        return TeamPage(team=None)
    team = actor.staff_membership.unit
    open_referrals = list(
        policy.with_grounds(actor, Referral.objects.filter(team_id=team.pk, status__in=OPEN_REFERRAL))
        .select_related("child", "referring_agency")
        .order_by("received_at", "pk")
    )
    policy.log_access(actor, Action.LIST, open_referrals)
    counts = dict(
        Engagement.objects.filter(team=team, status=EngagementStatus.ACTIVE)
        .values_list("coordinator_id")
        .annotate(n=Count("pk"))
    )
    coordinators = Membership.objects.current().filter(unit=team, role=Role.FAMILY_COORDINATOR).select_related("user")
    page = TeamPage(
        team=team,
        referrals=[r for r in open_referrals if r.status != ReferralStatus.WAITING],
        waiting=[r for r in open_referrals if r.status == ReferralStatus.WAITING],
        workload=[Workload(coordinator=str(m.user), families=counts.get(m.user_id, 0)) for m in coordinators],
        places=criteria_for(team).places,
        taken=places_taken(team),
        days_to_start=days_to_start([team.pk]),
    )
    return page


def self_referrals_waiting(actor: Actor) -> list[SelfReferral]:
    """The families' own requests to the actor's team not yet called back, oldest first (logged:
    they name the family). Empty outside a family coordination team."""
    if not in_team(actor):
        return []
    rows = list(
        SelfReferral.objects.filter(team_id=actor.staff_membership.unit_id, handled_at__isnull=True).order_by(
            "received_at", "pk"
        )
    )
    if rows:
        audit.record(actor, audit.one_row_per_list(actor, [audit_access(Action.LIST, row) for row in rows]))
    return rows


def days_to_start(team_ids: list[int], since: dt.date | None = None) -> float | None:
    """The median number of days from referral to the start of coordination (no person data)."""
    started = Engagement.objects.filter(team_id__in=team_ids)
    if since is not None:
        started = started.filter(started_at__date__gte=since)
    days = [(s - r).days for s, r in started.values_list("started_at", "referral__received_at")]
    return statistics.median(days) if days else None


@dataclass
class ReferralPage:
    referral: Referral
    child: PersonView
    events: list[FamilyEvent]
    unmet: list[str]
    may_decide: bool
    household_children: list[PersonView] = field(default_factory=list)
    household_adults: list = field(default_factory=list)
    coordinators: list = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)


def referral_page(actor: Actor, referral_id: int) -> ReferralPage:
    """A referral with the team's decision; the team sees its history and what it needs to start."""
    with policy.one_page(actor):
        referral = policy.get_visible(
            actor,
            Referral.objects.select_related("child", "team__agency", "referring_agency", "household"),
            pk=referral_id,
        )
        policy.log_access(actor, Action.VIEW, [referral])
        team = in_team(actor) and actor.unit_id == referral.team_id
        page = ReferralPage(
            referral=referral,
            child=_child_as_seen(actor, referral.child),
            events=[],
            unmet=unmet_criteria(referral, criteria_for(referral.team)) if team else [],
            may_decide=team,
        )
        if team:
            events = list(
                policy.with_grounds(actor, FamilyEvent.objects.filter(referral=referral)).select_related(
                    "referral__child", "by"
                )
            )
            policy.log_access(actor, Action.LIST, events)
            page.events = events
            if referral.status == ReferralStatus.ACCEPTED:
                children = list(
                    policy.with_grounds(actor, referral.household.children.all()).select_related("school_unit")
                )
                policy.log_access(actor, Action.LIST, children)
                page.household_children = present_children(actor, children)
                page.household_adults = list(referral.household.adults.all())
                page.coordinators = coordinators(referral.team)
                page.agencies = list(Agency.objects.filter(principal__in=_principals(referral.team)).order_by("name"))
        return page


def _principals(team: Unit) -> list[int]:
    principal = team.agency.principal
    return [principal.pk, *([principal.region_id] if principal.region_id else [])]


def _child_as_seen(actor: Actor, child: Child) -> PersonView:
    """The child of a record the actor may see, presented as the policy says (masked unless the
    actor knows the child)."""
    seen = policy.with_grounds(actor, Child.objects.filter(pk=child.pk)).first()
    if seen is None:
        return PersonView(child, show_name=False, show_location=False)
    return present_children(actor, [seen])[0]


def my_engagements(actor: Actor) -> list[Engagement]:
    """The families the actor coordinates now."""
    rows = list(
        policy.with_grounds(
            actor, Engagement.objects.filter(coordinator_id=actor.user.pk, status=EngagementStatus.ACTIVE)
        )
        .select_related("child", "referral__household")
        .order_by("started_at", "pk")
    )
    policy.log_access(actor, Action.LIST, rows)
    return rows


@dataclass
class MemberRow:
    member: Member
    name: str
    contacts: list[Contact]


@dataclass
class EngagementPage:
    engagement: Engagement
    child: PersonView
    household: Household
    members: list[MemberRow]
    priorities: list[Priority]
    ratings: list[OutcomeRating]
    agencies: int
    may_change: bool


def engagement_page(actor: Actor, engagement_id: int, *, include_ended: bool = False) -> EngagementPage:
    """The household's engagement: its members, each with their contacts (the contact map), the
    family's priorities and the outcome measures over time."""
    with policy.one_page(actor):
        engagement = policy.get_visible(
            actor, Engagement.objects.select_related("child", "referral__household", "coordinator"), pk=engagement_id
        )
        contacts = policy.with_grounds(actor, Contact.objects.filter(engagement_id=engagement.pk))
        if not include_ended:
            contacts = contacts.filter(ended_at__isnull=True)
        members = list(
            policy.with_grounds(actor, Member.objects.filter(engagement_id=engagement.pk, left_at__isnull=True))
            .select_related("child", "adult", "engagement__child")
            .prefetch_related(
                Prefetch(
                    "contacts",
                    queryset=contacts.select_related("agency", "unit", "engagement__child").order_by(
                        "agency__name", "pk"
                    ),
                )
            )
            .order_by("adult_id", "child__date_of_birth", "pk")
        )
        priorities = list(
            policy.with_grounds(
                actor, Priority.objects.filter(engagement_id=engagement.pk, replaced_at__isnull=True)
            ).select_related("engagement__child")
        )
        ratings = list(
            policy.with_grounds(actor, OutcomeRating.objects.filter(engagement_id=engagement.pk)).select_related(
                "engagement__child"
            )
        )
        policy.log_access(actor, Action.VIEW, [engagement])
        shown_contacts = [c for m in members for c in m.contacts.all()]
        policy.log_access(actor, Action.LIST, [*members, *shown_contacts, *priorities, *ratings])
        children = present_children(actor, [m.child for m in members if m.child_id] + [engagement.child])
        names = {v.pk: str(v) for v in children}
        rows = [
            MemberRow(
                member=m,
                name=names[m.child_id] if m.child_id else str(m.adult),
                contacts=list(m.contacts.all()),
            )
            for m in members
        ]
        return EngagementPage(
            engagement=engagement,
            child=children[-1],
            household=engagement.referral.household,
            members=rows,
            priorities=priorities,
            ratings=ratings,
            agencies=len({c.agency_id for c in shown_contacts}),
            may_change=policy.ground_of(engagement) == ENGAGEMENT_GROUND
            and engagement.status == EngagementStatus.ACTIVE,
        )


def engagement_for_action(actor: Actor, engagement_id: int) -> Engagement:
    return policy.get_visible(actor, Engagement.objects.all(), pk=engagement_id)


def referral_for_action(actor: Actor, referral_id: int) -> Referral:
    return policy.get_visible(actor, Referral.objects.select_related("team"), pk=referral_id)


def contact_for_action(actor: Actor, contact_id: int) -> Contact:
    """A contact for the coordinator to keep current; to anyone else, the one 404."""
    contact = policy.get_visible(actor, Contact.objects.select_related("engagement__child"), pk=contact_id)
    if contact._ground != ENGAGEMENT_GROUND:
        raise policy.Denied()
    policy.log_access(actor, Action.VIEW, [contact])
    return contact


def member_choices(actor: Actor, engagement: Engagement) -> list[Member]:
    return list(
        policy.with_grounds(actor, Member.objects.filter(engagement=engagement, left_at__isnull=True)).select_related(
            "child", "adult"
        )
    )


def child_engagements(actor: Actor, child_id: int) -> list[Engagement]:
    """The active engagements naming the child that the actor may see (the child's page)."""
    rows = list(
        policy.with_grounds(
            actor,
            Engagement.objects.filter(
                Q(child_id=child_id) | Q(members__child_id=child_id, members__left_at__isnull=True),
                status=EngagementStatus.ACTIVE,
            ).distinct(),
        ).select_related("coordinator", "child")
    )
    policy.log_access(actor, Action.LIST, rows)
    return rows


def contact_input(actor: Actor, engagement: Engagement, agencies: list[Agency], data: Mapping) -> ContactInput:
    """A contact as a form or an API call gives it (ids as text), its member, agency and unit
    chosen among those the actor may name; one not among them is None, refused by the service."""
    members = {str(m.pk): m for m in member_choices(actor, engagement)}
    units = {str(u.pk): u for u in units_of(agencies)}
    return ContactInput(
        member=members.get(str(data["member"])),
        agency=next((a for a in agencies if str(a.pk) == str(data["agency"])), None),
        unit=units.get(str(data.get("unit") or "")),
        person_name=data.get("person_name") or "",
        purpose=data["purpose"],
        frequency=data["frequency"],
        next_appointment=data.get("next_appointment"),
    )


def agencies_around(unit: Unit) -> list[Agency]:
    """The agencies of the unit's principal and its region (the contacts of a family, the agencies
    a consent may name): not person data."""
    return list(Agency.objects.filter(principal__in=_principals(unit)).select_related("principal").order_by("name"))


def units_of(agencies: list[Agency]) -> list[Unit]:
    return list(Unit.objects.filter(agency__in=agencies).select_related("agency").order_by("agency__name", "name"))


@dataclass
class ReferralStart:
    child: PersonView
    households: list[Household]
    teams: list[Unit]
    representatives: list


def referral_start(actor: Actor, child_id: int) -> tuple[Child, ReferralStart]:
    """What a referral form needs: the child (whom the actor must know), the child's households,
    the teams of the actor's principal and region and their staff."""
    child = policy.get_visible(actor, Child.objects.select_related("school_unit"), pk=child_id)
    if child._ground not in policy.NAMING_GROUNDS:
        raise policy.Denied()
    policy.log_access(actor, Action.VIEW, [child], detail="referral to family coordination")
    unit = actor.staff_membership.unit
    teams = list(
        Unit.objects.filter(kind=Unit.Kind.FAMILY_COORDINATION, agency__principal__in=_principals(unit)).order_by(
            "name"
        )
    )
    staff = [m.user for m in Membership.objects.current().filter(unit__in=teams).select_related("user")]
    return child, ReferralStart(
        child=present_children(actor, [child])[0],
        households=list(child.households.all()),
        teams=teams,
        representatives=staff,
    )
