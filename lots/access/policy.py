"""The access policy: the one place that decides who may see which record about a child.

A record is visible to an actor if, and only if, one of these grounds holds:

1. need to know in the actor's own secrecy domain: the record belongs to the actor's agency
   (or is the child's identity) and the actor is assigned to the child in that agency, manages
   the unit holding such an assignment, or has broken the glass for the child;
2. consent: the record belongs to another agency, the actor has need to know for the child in
   their own agency, and an active consent for the child covers the record's purpose and kind
   of information, lets the record's agency share and the actor's agency receive;
3. emergency: the actor broke the glass, and the secrecy map lets that cross from the record's
   agency kind to the actor's for a child under 18;
4. a ground that the record's app registered (say, reception sees the reports sent to it).

Anything else, including a model the policy does not know, is not visible (deny by default).
Selectors filter with `visible_to` / `with_grounds`; the same expressions decide `can()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import (
    CharField,
    Expression,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone

from lots.access.conditions import Ground, Grounds
from lots.access.models import ProtectedClearance
from lots.access.secrecy import InformationKind, Purpose, emergency_partners
from lots.audit import services as audit
from lots.organisations.actor import Actor

#: Grounds under which the viewer knows the child personally: a protected child is named to them.
NAMING_GROUNDS = frozenset({Ground.ASSIGNMENT, Ground.UNIT_MANAGER, Ground.BREAK_GLASS})
#: Grounds that allow changing a record; consent lets information cross, never edits.
CHANGE_GROUNDS = frozenset({Ground.ASSIGNMENT, Ground.UNIT_MANAGER, Ground.BREAK_GLASS})


@dataclass(frozen=True)
class ExtraGround:
    """A ground an app adds for its own records, e.g. "reception sees reports sent to it".

    `condition(actor)` returns a Q (or a boolean expression) on the record model, or None where it
    does not apply.
    `needs_to_know`: the ground holds only where the actor also has need to know for the child
    in their own agency; the policy adds that from the need-to-know grounds it already asks (or,
    where the page knows the child's own ground, as a constant).
    """

    kind: str
    condition: Callable[[Actor], Q | Expression | None]
    allows_change: bool = False
    needs_to_know: bool = False


@dataclass
class RecordPolicy:
    """How the policy judges one model.

    child: ORM path from the record to its Child ("" for the Child itself).
    domain: ORM path to the owning Agency; None for the child's identity, which is seen only
        with need to know.
    """

    child: str
    domain: str | None = None
    information_kind: InformationKind | None = None
    purpose: Purpose | None = None
    purpose_reference: str | None = None
    extra_grounds: list[ExtraGround] = field(default_factory=list)

    def child_path(self, name: str) -> str:
        return f"{self.child}__{name}" if self.child else name

    def domain_path(self, name: str) -> str:
        return f"{self.domain}__{name}"


#: A record model; the policy's filters hand back the queryset's own model.
M = TypeVar("M", bound=models.Model)

_REGISTRY: dict[type[models.Model], RecordPolicy] = {}


class Denied(Http404):
    """Forbidden and missing look the same from outside: a 404."""


def register(model: type[models.Model], record_policy: RecordPolicy) -> None:
    if model in _REGISTRY:
        raise RuntimeError(f"{model.__name__} is already registered with the access policy")
    _REGISTRY[model] = record_policy


def add_ground(model: type[models.Model], ground: ExtraGround) -> None:
    """Another app adds a ground to a registered model (intake: reception sees reported children)."""
    _REGISTRY[model].extra_grounds.append(ground)


def registered_models() -> list[type[models.Model]]:
    return list(_REGISTRY)


def record_policy(model: type[models.Model]) -> RecordPolicy | None:
    return _REGISTRY.get(model)


def _own_kinds(actor: Actor) -> list[str]:
    return [Ground.ASSIGNMENT, *([Ground.UNIT_MANAGER] if actor.manages_unit else []), Ground.BREAK_GLASS]


def _grounds(actor: Actor, model: type[models.Model], known: tuple | None = None) -> Grounds | None:
    """The model's grounds for the actor now, or None where the policy knows no ground for it;
    `known`: the child's own ground, where every row is about that one child (`with_grounds`)."""
    rp = _REGISTRY.get(model)
    if rp is None or actor.membership is None:
        return None
    extras = [
        (extra.kind, condition, extra.needs_to_know)
        for extra in rp.extra_grounds
        if (condition := extra.condition(actor)) is not None
    ]
    if rp.domain is None:
        return Grounds(
            actor, timezone.now(), [rp.child_path("pk")], own_kinds=_own_kinds(actor), extras=extras, known=known
        )
    consent = None
    refs = [rp.child_path("pk"), rp.domain_path("pk")]
    if rp.information_kind is not None and rp.purpose is not None:
        consent = (str(rp.purpose), int(rp.information_kind))
        refs += [rp.purpose_reference] if rp.purpose_reference else []
    crossing_kinds = emergency_partners(actor.agency_kind)
    return Grounds(
        actor,
        timezone.now(),
        refs,
        own_kinds=_own_kinds(actor),
        has_domain=True,
        consent=consent,
        crossing=(tuple(crossing_kinds), _years_before(timezone.localdate(), 18)) if crossing_kinds else None,
        extras=extras,
        known=known,
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def visible_to(actor: Actor, queryset: QuerySet[M]) -> QuerySet[M]:
    """Only the rows the actor may see; nothing for a model the policy does not know."""
    grounds = _grounds(actor, queryset.model)
    if grounds is None:
        return queryset.none()
    return queryset.filter(grounds.visible())


def with_grounds(actor: Actor, queryset: QuerySet[M], *, child_id: int | None = None) -> QuerySet[M]:
    """Visible rows, each annotated with `_ground` and `_ground_id` for the audit log.

    With `child_id`, only the rows about that child; inside `one_page`, after the page has read
    the child itself, the child's own ground is then not asked again in every row's SQL."""
    known = None
    if child_id is not None:
        rp = _REGISTRY.get(queryset.model)
        if rp is not None:
            queryset = queryset.filter(**{rp.child_path("pk"): child_id})
            known = _known_ground(actor, child_id)
    grounds = _grounds(actor, queryset.model, known)
    if grounds is None:
        annotated = queryset.annotate(
            _ground=Value(None, output_field=CharField()),
            _ground_id=Value(None, output_field=IntegerField()),
        ).none()
    else:
        annotated = queryset.annotate(_ground=grounds.name(), _ground_id=grounds.granting_id()).filter(
            _ground__isnull=False
        )
    # django-stubs loses the model of a queryset over a TypeVar through annotate(); it is still M.
    return annotated  # type: ignore[return-value]


def get_visible(actor: Actor, queryset: QuerySet[M], **lookup) -> M:
    """The one record, with its ground; a 404 (logged as a denied attempt) if not visible."""
    try:
        found = with_grounds(actor, queryset).get(**lookup)
    except ObjectDoesNotExist:  # the queryset's model's DoesNotExist
        label = queryset.model._meta.label_lower
        audit.note_denied(actor, label, str(next(iter(lookup.values()), "")))
        raise Denied(f"No {label} matches the given query.") from None
    if _REGISTRY[queryset.model].child == "":  # the child itself: its ground is the actor's own
        _remember_ground(actor, found)
    return found


def can(actor: Actor, action: str, obj: models.Model) -> str | None:
    """The ground on which the actor may do `action` ("view" or "change") to obj, or None."""
    found = with_grounds(actor, type(obj)._default_manager.filter(pk=obj.pk)).values_list("_ground", flat=True)
    ground = next(iter(found), None)
    if ground is None:
        return None
    if action == "view":
        return ground
    if action == "change":
        rp = _REGISTRY[type(obj)]
        changing = CHANGE_GROUNDS | {extra.kind for extra in rp.extra_grounds if extra.allows_change}
        return ground if ground in changing else None
    return None


def cleared_for(actor: Actor, child_ids: Iterable[int]) -> set[int]:
    """The protected children whose location this actor is explicitly cleared to see."""
    return set(
        ProtectedClearance.objects.open()
        .filter(user_id=actor.user.pk, child_id__in=list(child_ids))
        .values_list("child_id", flat=True)
    )


def _child_of(obj: models.Model, rp: RecordPolicy):
    target = obj
    for part in rp.child.split("__") if rp.child else []:
        target = getattr(target, part)
    return target


class Seen(NamedTuple):
    """A record with the ground it is read or changed on, for the log, where the record was not
    itself read through `with_grounds` (which annotates each row with `_ground` and `_ground_id`):
    a plan's content is seen on its author agency's ground, a document on its record's."""

    record: models.Model
    ground: str
    ground_id: int | None = None

    @classmethod
    def like(cls, record: models.Model, judged: models.Model) -> Seen:
        """`record` on the ground `judged` was read on (`judged` came from `with_grounds`)."""
        return cls(record, getattr(judged, "_ground", "") or "", getattr(judged, "_ground_id", None))


def ground_of(obj: models.Model) -> str | None:
    """The ground a row read through `with_grounds` or `get_visible` was seen on (its `_ground`
    annotation), or None for a row not read so."""
    return getattr(obj, "_ground", None)


def log_access(
    actor: Actor | None,
    action: str,
    objects: Iterable[models.Model | Seen],
    *,
    detail: str = "",
    ground: str | None = None,
) -> None:
    """One audit row per record read or changed, with the ground it was seen under; a list or a
    search that shows several records writes one row naming them all (`audit.one_row_per_list`).

    Objects come from `with_grounds` (annotated with `_ground` and `_ground_id`); or were just
    created or changed by a service that checked `can()` and passes the ground in `ground`; or are
    `Seen`, each with its own ground. `actor` None: the system (a scheduled task).
    """
    accesses = []
    for item in objects:
        if isinstance(item, Seen):
            obj, seen_ground, ground_id = item
        else:
            obj, seen_ground, ground_id = item, getattr(item, "_ground", ""), getattr(item, "_ground_id", None)
        rp = _REGISTRY[type(obj)]
        child = _child_of(obj, rp)
        accesses.append(
            audit.Access(
                action=action,
                record_type=obj._meta.label_lower,
                record_id=str(obj.pk),
                child_id=child.pk if child is not None else None,
                ground=(ground if ground is not None else seen_ground) or "",
                ground_id=ground_id,
                detail=detail,
                protected_identity=bool(child is not None and child.protected_identity),
                child_last_name=child.last_name if child is not None else "",
            )
        )
    if action in audit.LISTING:
        accesses = audit.one_row_per_list(actor, accesses)
    page = _page.get()
    if page is not None and page.actor is actor:
        page.accesses.extend(accesses)
    else:
        audit.record(actor, accesses)


@dataclass
class _Page:
    """What `one_page` holds for its actor while it is open."""

    actor: Actor
    accesses: list = field(default_factory=list)
    #: child id → (the actor's own ground for the child, the id of what grants it), or (None, None)
    known: dict[int, tuple[str | None, int | None]] = field(default_factory=dict)


_page: ContextVar[_Page | None] = ContextVar("lots_one_page", default=None)


@contextmanager
def one_page(actor: Actor) -> Iterator[None]:
    """One page's reads for `actor`, at one moment.

    The rows that `log_access` writes inside the block go into the log in one statement at its
    end (a page made of several selectors: one INSERT instead of one per selector). The rows are
    the same, in the same order; they are written even when the block fails, and in the same
    transaction. And once the page has read a child (`get_visible`), its later reads about that
    child (`with_grounds(…, child_id=…)`) take the actor's own ground for the child as read then,
    instead of asking it again in every row of every read; the block ends with the page."""
    if _page.get() is not None:  # an enclosing block writes them
        yield
        return
    page = _Page(actor)
    token = _page.set(page)
    try:
        yield
    finally:
        _page.reset(token)
        audit.record(actor, page.accesses)


def _remember_ground(actor: Actor, child: models.Model) -> None:
    page = _page.get()
    if page is not None and page.actor is actor:
        own = ground_of(child)
        ground = own if own in NAMING_GROUNDS else None
        page.known[child.pk] = (ground, getattr(child, "_ground_id", None) if ground else None)


def _known_ground(actor: Actor, child_id: int) -> tuple[str | None, int | None] | None:
    page = _page.get()
    if page is None or page.actor is not actor:
        return None
    return page.known.get(child_id)
