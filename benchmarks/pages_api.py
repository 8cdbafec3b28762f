"""The API's pages: the list of children and a SIP's FHIR export, called with a bearer token by
a client that acts as the member of staff of the SIP page (`pages_plans`)."""

from __future__ import annotations

from benchmarks.pages import LIST, ONE, Page, Request
from lots.api import services
from lots.api.models import ApiClient, Scope
from lots.organisations.models import User
from lots.organisations.selectors import current_memberships

CLIENT_NAME = "Benchmark: elevhälsans journal"


def choose(fixture: dict) -> None:
    """A client acting as the SIP page's member of staff, in their agencies, and a new token."""
    user = User.objects.get(username=fixture["sip_user"])
    memberships = list(current_memberships(user).select_related("unit__agency"))
    client, _ = ApiClient.objects.get_or_create(
        name=CLIENT_NAME,
        defaults={"principal": memberships[0].unit.agency.principal, "acting_as": user, "scope": Scope.READ},
    )
    client.agencies.set([m.unit.agency for m in memberships])
    _token, fixture["api_token"] = services.issue_token(client=client, created_by=user)


PAGES = [
    Page(
        "api_children",
        "API: children (50)",
        LIST,
        lambda f: Request("/api/v1/children/?page_size=50", None, bearer=f["api_token"]),
        30,
        80,
    ),
    Page(
        "api_fhir",
        "API: a SIP as FHIR",
        ONE,
        lambda f: Request(f"/api/v1/sips/{f['sip_id']}/fhir/", None, bearer=f["api_token"]),
        30,
        80,
    ),
]
