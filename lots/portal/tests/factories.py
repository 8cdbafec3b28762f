"""Family accounts with named states: a guardian's, a young person's."""

from __future__ import annotations

from lots.portal import services
from lots.portal.models import FamilyAccount


def guardian_account(person) -> FamilyAccount:
    account = services.account_for_identity_number(identity_number=person.identity_number)
    assert account is not None
    return account


def own_account(child) -> FamilyAccount:
    account = services.account_for_identity_number(identity_number=child.identity_number)
    assert account is not None
    return account


def family_client(client, account: FamilyAccount):
    """The test client signed in as the family member, as the sign-in does it."""
    client.force_login(account.user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[services.FAMILY_SESSION_KEY] = account.pk
    session.save()
    return client
