"""`ApiClientFactory(write=True)`, `(revoked=True)`; `ApiTokenFactory(revoked=True)`, `(expired=True)`.
A token made by the factory carries its presentable form in `.plaintext`."""

import datetime as dt
import hashlib
import secrets

import factory
from django.utils import timezone

from lots.api.models import ApiClient, ApiToken, Scope
from lots.api.services import TOKEN_START
from lots.organisations.tests.factories import PrincipalFactory, UserFactory


def _principal_of(user):
    """The principal of the user's first role, as a client that acts as them is owned by."""
    membership = user.memberships.select_related("unit__agency__principal").first()
    return membership.unit.agency.principal if membership else PrincipalFactory()


class ApiClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiClient
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Journalsystem {n}")
    acting_as = factory.SubFactory(UserFactory)
    principal = factory.LazyAttribute(lambda client: _principal_of(client.acting_as))
    scope = Scope.READ

    class Params:
        write = factory.Trait(scope=Scope.WRITE)
        revoked = factory.Trait(active=False, revoked_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        """The agencies it may act for: given, or those of the acting user's memberships."""
        if not create:
            return
        chosen = extracted if extracted is not None else [m.unit.agency for m in self.acting_as.memberships.all()]
        self.agencies.set(chosen)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    client = factory.SubFactory(ApiClientFactory)
    prefix = factory.LazyFunction(lambda: secrets.token_hex(4))
    secret = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    created_by = factory.SubFactory(UserFactory)

    class Params:
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(expires_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1)))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        secret = kwargs.pop("secret")
        kwargs["secret_hash"] = hashlib.sha256(secret.encode()).hexdigest()
        token = super()._create(model_class, *args, **kwargs)
        token.plaintext = f"{TOKEN_START}{kwargs['prefix']}_{secret}"
        return token
