"""The records documents can be attached to. An app registers its record type with how to find
it through the access policy; a document is then read on the same ground as its record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class Owner:
    slug: str  # in URLs: /dokument/<slug>/<id>/
    label: str  # owner_type stored on the document, e.g. "access.consent"
    model: type[models.Model]
    child: str  # ORM path from the record to the child
    agency: str  # ORM path from the record to its agency (the document's secrecy domain)
    page: str  # URL name of the record's page (one argument: its id)
    max_documents: int = 10
    #: The owning app's rule for whether the record takes a document now: raises ValidationError
    #: with the reason if not (a withdrawn consent). Documents asks it; it never re-derives it.
    require_open: Callable[[models.Model], None] | None = None

    def url(self, owner_id: int) -> str:
        return reverse(self.page, args=[owner_id])


_BY_SLUG: dict[str, Owner] = {}
_BY_LABEL: dict[str, Owner] = {}


def register(owner: Owner) -> None:
    if owner.slug in _BY_SLUG and _BY_SLUG[owner.slug] != owner:
        raise RuntimeError(f"document owner {owner.slug} is already registered")
    _BY_SLUG[owner.slug] = owner
    _BY_LABEL[owner.label] = owner


def by_slug(slug: str) -> Owner | None:
    return _BY_SLUG.get(slug)


def by_label(label: str) -> Owner:
    return _BY_LABEL[label]


def is_owner_type(label: str) -> bool:
    return label in _BY_LABEL


def of(obj: models.Model) -> Owner:
    return by_label(obj._meta.label_lower)


def all_owners() -> list[Owner]:
    return list(_BY_LABEL.values())


def register_foundation() -> None:
    from lots.access.models import Consent
    from lots.access.services import require_consent_takes_changes

    register(
        Owner(
            slug="samtycke",
            label="access.consent",
            model=Consent,
            child="child",
            agency="recorded_in",
            page="access:consent",
            require_open=require_consent_takes_changes,
        )
    )
