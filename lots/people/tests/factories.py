import datetime as dt

import factory

from lots.people.identity import make_identity_number
from lots.people.models import Child, Household, RelatedPerson, Relationship


def _number_for(n: int, age: int) -> tuple[dt.date, str]:
    """A birth date `age` whole years back on any day the suite runs: the birthday has passed."""
    today = dt.date.today()
    born = dt.date(today.year - age, today.month, min(today.day, 28)) - dt.timedelta(days=1 + n % 300)
    return born, make_identity_number(born, 980 + n % 20 if n < 20 else n % 1000)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    class Params:
        age = 12
        protected = factory.Trait(protected_identity=True)
        unnumbered = factory.Trait(identity_number=None, reserve_number=factory.Sequence(lambda n: f"R-{n:06d}"))

    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Sequence(lambda n: f"Barnsson{n}")
    date_of_birth = factory.LazyAttributeSequence(lambda o, n: _number_for(n, o.age)[0])
    identity_number = factory.LazyAttributeSequence(lambda o, n: _number_for(n, o.age)[1])
    street_address = factory.Sequence(lambda n: f"Björkvägen {n + 1}")
    postal_code = "611 36"
    city = "Åskär"


class RelatedPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedPerson

    class Params:
        protected = factory.Trait(protected_identity=True)

    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Sequence(lambda n: f"Förälder{n}")
    date_of_birth = factory.LazyAttributeSequence(lambda o, n: _number_for(n, 40)[0])
    identity_number = factory.LazyAttributeSequence(lambda o, n: _number_for(n + 500, 40)[1])
    phone = "070-174 06 10"
    street_address = factory.Sequence(lambda n: f"Tallvägen {n + 1}")
    postal_code = "611 36"
    city = "Åskär"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    child = factory.SubFactory(ChildFactory)
    person = factory.SubFactory(RelatedPersonFactory)
    kind = Relationship.Kind.GUARDIAN

    class Params:
        without_custody = factory.Trait(kind=Relationship.Kind.PARENT_WITHOUT_CUSTODY)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Hushåll {n}")
