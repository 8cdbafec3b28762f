import factory

from lots.audit.models import Review
from lots.organisations.tests.factories import UserFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    """Audit entries themselves are only written through `audit.services.record` (the chain)."""

    class Meta:
        model = Review

    entry_id = 1
    reviewed_by = factory.SubFactory(UserFactory)
    comment = "Granskad: åtkomsten var motiverad."
