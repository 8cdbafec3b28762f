import datetime as dt

import factory
from django.utils import timezone

from lots.access.models import (
    Assignment,
    BreakGlass,
    Consent,
    ConsentAgency,
    ConsentParty,
    ProtectedClearance,
)
from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose
from lots.organisations.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
)
from lots.people.tests.factories import ChildFactory


def _ago(**kwargs):
    return factory.LazyFunction(lambda: timezone.now() - dt.timedelta(**kwargs))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    child = factory.SubFactory(ChildFactory)
    reason = Assignment.Reason.STUDENT_HEALTH
    starts_at = _ago(days=30)

    class Params:
        ended = factory.Trait(starts_at=_ago(days=60), ends_at=_ago(days=1))
        future = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3)))


class ConsentFactory(factory.django.DjangoModelFactory):
    """An active consent by default; name the agencies with `agencies=[...]`."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    purpose = Purpose.SIP
    information_kinds = ALL_INFORMATION_KINDS
    form = Consent.Form.SIGNED_PAPER
    noted_by = factory.SubFactory(UserFactory)
    recorded_in = factory.SubFactory(AgencyFactory)
    created_at = _ago(days=10)
    effective_at = _ago(days=9)

    class Params:
        withdrawn = factory.Trait(withdrawn_at=_ago(hours=1), withdrawn_by_name="Vårdnadshavare")
        expired = factory.Trait(valid_until=_ago(days=1))
        incomplete = factory.Trait(effective_at=None)

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        for agency in extracted or []:
            ConsentAgency.objects.create(consent=self, agency=agency)


class ConsentPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentParty

    consent = factory.SubFactory(ConsentFactory)
    role = ConsentParty.Role.GUARDIAN
    agrees = True


class BreakGlassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakGlass

    membership = factory.SubFactory(MembershipFactory)
    user = factory.SelfAttribute("membership.user")
    agency = factory.SelfAttribute("membership.unit.agency")
    child = factory.SubFactory(ChildFactory)
    reason = "Akut läge: barnet har kommit till mottagningen utan vårdnadshavare."
    started_at = _ago(minutes=5)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=4))

    class Params:
        expired = factory.Trait(started_at=_ago(hours=6), expires_at=_ago(hours=2))


class ProtectedClearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtectedClearance

    user = factory.SubFactory(UserFactory)
    child = factory.SubFactory(ChildFactory, protected=True)
    reason = "Rektor: skolplacering"
    granted_by = factory.SubFactory(UserFactory)

    class Params:
        revoked = factory.Trait(revoked_at=_ago(hours=1))
