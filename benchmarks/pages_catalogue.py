"""The catalogue's pages: the staff search and the public search, for a need in plain words."""

from __future__ import annotations

from urllib.parse import quote

from benchmarks.pages import PUBLIC, SEARCH, Page, Request

WORDS = quote("föräldrastöd")


def choose(fixture: dict) -> None:
    """Nothing to pick: the staff search runs as the foundation's caseworker."""


PAGES = [
    Page(
        "catalogue_search",
        "Catalogue search (staff)",
        SEARCH,
        lambda f: Request(f"/katalog/?q={WORDS}", f["caseworker"]),
    ),
    Page("public_search", "Public catalogue search", PUBLIC, lambda f: Request(f"/insatser/?q={WORDS}", None)),
]
