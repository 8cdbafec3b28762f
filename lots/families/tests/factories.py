"""Factories with named states: `ReferralFactory(accepted=True)`, `(waiting=True)`,
`(declined=True)`; `NetworkPersonFactory(professional=True)`."""

import factory
from django.utils import timezone

from lots.families.models import NetworkPerson, Referral, ReferralSource, ReferralStatus
from lots.organisations.tests.factories import UnitFactory, UserFactory
from lots.people.tests.factories import ChildFactory, HouseholdFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    team = factory.SubFactory(UnitFactory, kind="family_coordination")
    child = factory.SubFactory(ChildFactory)
    household = factory.SubFactory(HouseholdFactory)
    source = ReferralSource.FAMILY
    needs = "Många kontakter, svårt att hålla ihop vardagen."
    members_with_needs = 3
    agencies_involved = 4

    class Params:
        accepted = factory.Trait(
            status=ReferralStatus.ACCEPTED,
            decision_reason="Passar teamet.",
            decided_at=factory.LazyFunction(timezone.now),
        )
        waiting = factory.Trait(status=ReferralStatus.WAITING, decision_reason="Passar, teamet är fullt.")
        declined = factory.Trait(
            status=ReferralStatus.DECLINED,
            decision_reason="Ett behov.",
            closed_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def lives_there(self, create, extracted, **kwargs):
        if create:
            self.household.children.add(self.child)


class NetworkPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkPerson

    child = factory.SubFactory(ChildFactory)
    owner_agency = factory.SelfAttribute("added_by_unit.agency")
    sphere = "private"
    relation = "relative"
    name = "Mormor Ingrid"
    closeness = 3
    importance = 3
    added_by = factory.SubFactory(UserFactory)

    class Params:
        added_by_unit = factory.SubFactory(UnitFactory)
        professional = factory.Trait(sphere="professional", relation="professional", name="Kurator", closeness=2)
