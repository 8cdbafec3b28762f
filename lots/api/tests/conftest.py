import pytest
from django.core.cache import cache

from lots.api.models import Scope
from lots.api.tests.factories import ApiClientFactory, ApiTokenFactory
from lots.families.tests.conftest import family, team  # noqa: F401  (the family of scenario 3, for test_families)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """Rate limits are counted in the cache (a database table); each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bearer(db):
    """`bearer(user, scope=…, agencies=…)`: headers with a new token of a client acting as `user`."""

    def make(user, *, scope=Scope.WRITE, agencies=None, **token):
        client = ApiClientFactory(acting_as=user, scope=scope, agencies=agencies)
        made = ApiTokenFactory(client=client, **token)
        return {"HTTP_AUTHORIZATION": f"Bearer {made.plaintext}", "token": made}

    return make
