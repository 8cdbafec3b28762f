"""The demo's API client: the student health's record system at Åsens skola, acting as its
kurator, read-only. No token is made here: an administrator makes one in the admin, where it is
shown once (docs/api.md)."""

from __future__ import annotations

from lots.api.models import ApiClient, Scope
from lots.organisations.models import User


def build_api_clients(users: dict[str, User]) -> ApiClient:
    kurator = users["kurator.asen"]
    memberships = list(kurator.memberships.select_related("unit__agency__principal"))
    client = ApiClient.objects.create(
        name="Elevhälsans journalsystem (demo)",
        principal=memberships[0].unit.agency.principal,
        acting_as=kurator,
        scope=Scope.READ,
    )
    client.agencies.set({m.unit.agency for m in memberships})
    return client
