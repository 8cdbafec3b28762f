import datetime as dt
from functools import cache

import factory
from django.contrib.auth.hashers import make_password

from lots.core.luhn import luhn_check_digit
from lots.organisations.models import Agency, Membership, Principal, RoleRequirement, Unit, User
from lots.organisations.roles import Role


def _org_number(n: int) -> str:
    body = f"212000{n % 1000:03d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


TEST_PASSWORD = "correct-horse-battery"


@cache
def _password_hash() -> str:
    """Hashed once with the real hasher (Argon2); every test user shares it."""
    return make_password(TEST_PASSWORD)


class PrincipalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principal

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    kind = Principal.Kind.MUNICIPALITY
    organisation_number = factory.Sequence(_org_number)

    class Params:
        region_kind = factory.Trait(kind=Principal.Kind.REGION, name=factory.Sequence(lambda n: f"Testregion {n}"))


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    principal = factory.SubFactory(PrincipalFactory)
    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    kind = Agency.Kind.SCHOOL

    class Params:
        social_services = factory.Trait(kind=Agency.Kind.SOCIAL_SERVICES)
        health_care = factory.Trait(kind=Agency.Kind.HEALTH_CARE)
        care = factory.Trait(kind=Agency.Kind.CARE)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = Unit.Kind.SCHOOL
    street_address = "Skolgatan 1"
    postal_code = "611 30"
    city = "Åskär"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Sequence(lambda n: f"Personal{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.LazyFunction(lambda: _password_hash())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.KURATOR
    valid_from = factory.LazyFunction(lambda: dt.date(2024, 8, 1))

    class Params:
        manager = factory.Trait(role=Role.UNIT_MANAGER)
        ended = factory.Trait(valid_until=factory.LazyFunction(lambda: dt.date(2024, 12, 31)))


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement
        django_get_or_create = ("role",)

    role = Role.ADMINISTRATOR
    requires_otp = True


def administrator(unit: Unit, permissions) -> User:
    """An administrator in the unit (`is_staff`, the administrator's role) with these model
    permissions in the admin."""
    user = UserFactory(username="admin", is_staff=True)
    MembershipFactory(user=user, unit=unit, role=Role.ADMINISTRATOR)
    user.user_permissions.set(permissions)
    return user
