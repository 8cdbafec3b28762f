"""The kinds of record that are culled, declared by the apps that own them.

Each app declares its kinds in AppConfig.ready():

    registry.register(RetentionKind(
        key="intake.concern_report",
        label=_("Concern reports that led to no investigation"),
        model=ConcernReport,
        counts_from="closed_at",              # the date the period counts from (null: never culled)
        principal="received_by__principal",   # ORM path to the Principal (per-principal rules)
        years=5, law="SoL 16 kap. 1 §",
        action=Action.DELETE,                 # or ANONYMISE with `anonymise=`
    ))

A kind may narrow its rows (`only`), run something before its rows go (`before_cull`, e.g. remove
stored files), or cull in its own way (`cull`, for the access log's monthly partitions). An app that
keeps things belonging to other apps' records (documents attached to a consent) asks to be told
before any rows are culled: `registry.before_any_cull(hook)`, so that retention imports no app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    DELETE = "delete", _("Delete")
    ANONYMISE = "anonymise", _("Anonymise")


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: Promise
    model: type[models.Model]
    counts_from: str
    years: int = 0
    days: int = 0
    law: str = ""
    principal: str | None = None
    only: Q = field(default_factory=Q)
    action: str = Action.DELETE
    anonymise: Callable[[models.QuerySet], int] | None = None
    anonymised: Q | None = None  # rows already anonymised (left out of an anonymising run)
    before_cull: Callable[[models.QuerySet], None] | None = None
    cull: Callable[..., int] | None = None
    note: Promise | str = ""

    def __post_init__(self):
        if self.action == Action.ANONYMISE and self.anonymise is None and self.cull is None:
            raise ValueError(f"retention kind {self.key} anonymises but gives no `anonymise`")

    @property
    def per_principal(self) -> bool:
        return self.principal is not None

    def candidates(self) -> models.QuerySet:
        """Rows that have begun their period (the date is set) and match `only`."""
        return self.model._default_manager.filter(self.only, **{f"{self.counts_from}__isnull": False})


_KINDS: dict[str, RetentionKind] = {}


def register(kind: RetentionKind) -> None:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise RuntimeError(f"retention kind {kind.key} is already registered")
    _KINDS[kind.key] = kind


def register_many(kinds: Iterable[RetentionKind]) -> None:
    for kind in kinds:
        register(kind)


def kinds() -> list[RetentionKind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)


def get(key: str) -> RetentionKind:
    return _KINDS[key]


def choices() -> list[tuple[str, str]]:
    return [(k.key, f"{k.label}") for k in kinds()]


#: Called with the rows of every kind just before they are culled (see the module's docstring).
_BEFORE_ANY_CULL: list[Callable[[models.QuerySet], None]] = []


def before_any_cull(hook: Callable[[models.QuerySet], None]) -> None:
    if hook not in _BEFORE_ANY_CULL:
        _BEFORE_ANY_CULL.append(hook)


def before_any_cull_hooks() -> list[Callable[[models.QuerySet], None]]:
    return list(_BEFORE_ANY_CULL)
