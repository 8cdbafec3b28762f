"""The catalogue's pages: the staff search and the public search, for a need in plain words.

Staff search their own area by default (their municipality and its region), as a caseworker
would; the whole country is the explicit choice "Hela landet" and is measured beside it. The
public search is measured with the caseworker's municipality chosen and with none (the whole
country)."""

from __future__ import annotations

from urllib.parse import quote

from benchmarks.pages import PUBLIC, SEARCH, Page, Request
from lots.organisations.models import Membership

WORDS = quote("föräldrastöd")


def choose(fixture: dict) -> None:
    """The foundation's caseworker searches; the public page chooses their municipality."""
    membership = Membership.objects.filter(user__username=fixture["caseworker"]).select_related("unit__agency").first()
    fixture["catalogue_municipality"] = membership.unit.agency.principal_id


PAGES = [
    Page(
        "catalogue_search",
        "Catalogue search (staff, own area)",
        SEARCH,
        lambda f: Request(f"/katalog/?q={WORDS}", f["caseworker"]),
    ),
    Page(
        "catalogue_search_country",
        "Catalogue search (staff, whole country)",
        SEARCH,
        lambda f: Request(f"/katalog/?q={WORDS}&omrade=alla", f["caseworker"]),
    ),
    Page(
        "public_search_municipality",
        "Public catalogue search (a municipality)",
        PUBLIC,
        lambda f: Request(f"/insatser/?q={WORDS}&omrade={f['catalogue_municipality']}", None),
    ),
    Page("public_search", "Public catalogue search", PUBLIC, lambda f: Request(f"/insatser/?q={WORDS}", None)),
]
