"""The family of scenario 3 in the shared world (see the root conftest):

- The municipality's care agency has a family coordination team (Familjelotsarna) with Fia and
  Filip (family coordinators) and Maj, its manager.
- Familjen Berg: Elin (13) and her brother Lo (9), Gun and Gert (guardians of both).
- `family` is the Bergs' engagement, started by the team with Fia as coordinator, on consents
  naming the team's agency, social services and the school.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lots.families import services
from lots.families.models import Engagement, Referral, ReferralSource
from lots.organisations.models import Agency, Unit, User
from lots.organisations.roles import Role
from lots.organisations.tests.factories import AgencyFactory, MembershipFactory, UnitFactory, UserFactory
from lots.people.models import Child, Household
from lots.people.tests.factories import ChildFactory, HouseholdFactory, RelationshipFactory


@dataclass
class Team:
    care: Agency
    unit: Unit
    fia: User
    filip: User
    maj: User
    lo: Child
    household: Household


def _staff(unit, role, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name, username=first_name.lower())
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def team(world) -> Team:
    care = AgencyFactory(principal=world.school.principal, name="Omsorg", kind=Agency.Kind.CARE)
    unit = UnitFactory(agency=care, name="Familjelotsarna", kind=Unit.Kind.FAMILY_COORDINATION)
    lo = ChildFactory(first_name="Lo", last_name="Berg", age=9)
    RelationshipFactory(child=lo, person=world.gun)
    RelationshipFactory(child=lo, person=world.gert)
    household = HouseholdFactory(name="Familjen Berg")
    household.children.add(world.elin, lo)
    household.adults.add(world.gun, world.gert)
    return Team(
        care=care,
        unit=unit,
        fia=_staff(unit, Role.FAMILY_COORDINATOR, "Fia", "Lotsson"),
        filip=_staff(unit, Role.FAMILY_COORDINATOR, "Filip", "Lotsdotter"),
        maj=_staff(unit, Role.UNIT_MANAGER, "Maj", "Chefsson"),
        lo=lo,
        household=household,
    )


def refer(world, team, **overrides) -> Referral:
    values = dict(
        actor=world.actor(world.rita),
        team=team.unit,
        child=world.elin,
        household=team.household,
        source=ReferralSource.AGENCY,
        needs="Två barn med npf-diagnoser, en förälder med egna vårdbehov; tretton kontakter.",
        members_with_needs=3,
        agencies_involved=6,
    )
    return services.refer_family(**{**values, **overrides})


def start(world, team, referral: Referral, **overrides) -> Engagement:
    values = dict(
        actor=world.actor(team.fia),
        referral=referral,
        coordinator=team.fia,
        members=[
            services.MemberInput(world.elin, has_needs=True),
            services.MemberInput(team.lo, has_needs=True),
            services.MemberInput(world.gun, has_needs=True),
            services.MemberInput(world.gert),
        ],
        agencies=[world.social, world.school],
        form="in_meeting",
        guardians=[world.gun, world.gert],
        adults_agree=True,
    )
    return services.start_engagement(**{**values, **overrides})


@pytest.fixture
def family(world, team) -> Engagement:
    referral = refer(world, team)
    services.decide_referral(actor=world.actor(team.fia), referral=referral, decision="accept", reason="Passar.")
    return start(world, team, referral)
