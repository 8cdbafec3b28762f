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
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.actor import Actor
from lots.access.models import Assignment, BreakGlass, Consent, ConsentAgency, ProtectedClearance
from lots.access.secrecy import EMERGENCY_CROSSINGS, InformationKind, Purpose
from lots.audit import services as audit
from lots.organisations.models import Agency, Unit
from lots.people.models import Child


class Ground(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment")
    UNIT_MANAGER = "unit_manager", _("Manager of the unit")
    BREAK_GLASS = "break_glass", _("Break the glass")
    CONSENT = "consent", _("Consent")
    EMERGENCY = "emergency", _("Break the glass (necessary care)")


#: Grounds under which the viewer knows the child personally: a protected child is named to them.
NAMING_GROUNDS = frozenset({Ground.ASSIGNMENT, Ground.UNIT_MANAGER, Ground.BREAK_GLASS})
#: Grounds that allow changing a record; consent lets information cross, never edits.
CHANGE_GROUNDS = frozenset({Ground.ASSIGNMENT, Ground.UNIT_MANAGER, Ground.BREAK_GLASS})


@dataclass(frozen=True)
class ExtraGround:
    """A ground an app adds for its own records, e.g. "reception sees reports sent to it".

    `condition(actor)` returns a Q on the record model, or None where it does not apply.
    """

    kind: str
    condition: Callable[[Actor], Q | None]
    allows_change: bool = False


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


def _active(now: dt.datetime, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": now}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": now}))


def _need_to_know(actor: Actor, child_ref: str, now: dt.datetime) -> list[tuple[str, Expression, Expression]]:
    """Own-domain grounds for the child at `child_ref`, each with the id of what grants it."""
    kinds = [Ground.ASSIGNMENT, *([Ground.UNIT_MANAGER] if actor.manages_unit else []), Ground.BREAK_GLASS]
    return [
        (kind, _OwnGround(kind, child_ref, actor, now), _OwnGround(kind, child_ref, actor, now, granting_id=True))
        for kind in kinds
    ]


class RowCondition(Expression):
    """SQL about the record's row, written out directly instead of built from querysets: building
    and compiling the grounds' subqueries as querysets was most of what the policy cost a page,
    and every condition of every model repeats them.

    `refs` are ORM paths from the record; a subclass's `sql(connection, refs)` gets them compiled,
    in order, as (sql, params), and returns its own (sql, params).
    Only table names and compiled column references are written into the SQL; values are params.
    """

    def __init__(self, refs: tuple[str, ...], *, granting_id: bool = False):
        super().__init__(output_field=IntegerField() if granting_id else BooleanField())
        self.granting_id = granting_id
        self.refs = [F(ref) for ref in refs]

    def get_source_expressions(self):
        return self.refs

    def set_source_expressions(self, exprs):
        self.refs = list(exprs)

    def as_sql(self, compiler, connection):
        """Each subclass writes its SQL in `sql(connection, refs)`; refs arrive compiled."""
        return self.sql(connection, [compiler.compile(ref) for ref in self.refs])


class _OwnGround(RowCondition):
    """One need-to-know ground: an active assignment of mine in my agency, an active assignment
    in the unit I manage, or an open break the glass of mine in my agency; EXISTS (…), or the id
    of the row that grants it."""

    def __init__(self, kind: str, child_ref: str, actor: Actor, now: dt.datetime, *, granting_id: bool = False):
        super().__init__((child_ref,), granting_id=granting_id)
        self.kind, self.now = kind, now
        self.user_id, self.agency_id, self.unit_id = actor.user.pk, actor.agency_id, actor.unit_id

    def sql(self, connection, refs):
        ((child_sql, child_params),) = refs
        now = connection.ops.adapt_datetimefield_value(self.now)
        assignment, unit, glass = (m._meta.db_table for m in (Assignment, Unit, BreakGlass))
        if self.kind == Ground.ASSIGNMENT:
            source = f"{assignment} lots_nk INNER JOIN {unit} lots_nk_unit ON (lots_nk.unit_id = lots_nk_unit.id)"
            where = "lots_nk.user_id = %s AND lots_nk_unit.agency_id = %s"
            params, start, end = [self.user_id, self.agency_id], "starts_at", "ends_at"
        elif self.kind == Ground.UNIT_MANAGER:
            source, where, params, start, end = (
                assignment + " lots_nk",
                "lots_nk.unit_id = %s",
                [self.unit_id],
                "starts_at",
                "ends_at",
            )
        else:
            source, where = glass + " lots_nk", "lots_nk.user_id = %s AND lots_nk.agency_id = %s"
            params, start, end = [self.user_id, self.agency_id], "started_at", "expires_at"
        body = (
            f"FROM {source} WHERE lots_nk.child_id = {child_sql} AND {where} AND lots_nk.{start} <= %s "
            f"AND (lots_nk.{end} IS NULL OR lots_nk.{end} > %s)"
        )
        params = [*child_params, *params, now, now]
        if self.granting_id:
            return f"(SELECT lots_nk.id {body} ORDER BY lots_nk.id LIMIT 1)", params
        return f"EXISTS(SELECT 1 {body})", params


class _ConsentGround(RowCondition):
    """The consent ground: an active consent for the child, for the record's purpose (and the
    very plan, where the purpose names one), covering its kind of information, that lets the
    record's agency share and the actor's agency receive; or the newest such consent's id."""

    def __init__(
        self, refs: tuple[str, ...], purpose: str, kind: int, actor: Actor, now: dt.datetime, *, granting_id=False
    ):
        """`refs`: ORM paths to the child, the record's agency and, optionally, the plan it is about."""
        super().__init__(refs, granting_id=granting_id)
        self.now, self.agency_id, self.purpose, self.kind = now, actor.agency_id, purpose, kind

    def sql(self, connection, refs):
        (child_sql, child_params), (agency_sql, agency_params), *reference = refs
        now = connection.ops.adapt_datetimefield_value(self.now)
        consent, consent_agency = Consent._meta.db_table, ConsentAgency._meta.db_table
        body = (
            f"FROM {consent} lots_c "
            f"INNER JOIN {consent_agency} lots_cs ON (lots_cs.consent_id = lots_c.id AND lots_cs.agency_id = "
            f"{agency_sql} AND lots_cs.shares) "
            f"INNER JOIN {consent_agency} lots_cr ON (lots_cr.consent_id = lots_c.id AND lots_cr.agency_id = %s "
            "AND lots_cr.receives) "
            f"WHERE lots_c.child_id = {child_sql} AND lots_c.purpose = %s AND (lots_c.information_kinds & %s) > 0 "
            "AND lots_c.effective_at IS NOT NULL AND lots_c.effective_at <= %s AND lots_c.withdrawn_at IS NULL "
            "AND (lots_c.valid_until IS NULL OR lots_c.valid_until > %s)"
        )
        params = [*agency_params, self.agency_id, *child_params, self.purpose, self.kind, now, now]
        for reference_sql, reference_params in reference:
            body += f" AND lots_c.reference_id = {reference_sql}"
            params += reference_params
        if self.granting_id:
            return f"(SELECT lots_c.id {body} ORDER BY lots_c.created_at DESC, lots_c.id DESC LIMIT 1)", params
        return f"EXISTS(SELECT 1 {body})", params


class _EmergencyCrossing(RowCondition):
    """The record's agency is of a kind that necessary care lets cross to the actor's, and the
    child is under 18: as SQL, so that the record's query needs no joins for it."""

    def __init__(self, refs: tuple[str, str], kinds: tuple[str, ...], born_after: dt.date):
        super().__init__(refs)
        self.kinds, self.born_after = kinds, born_after

    def sql(self, connection, refs):
        (child_sql, child_params), (agency_sql, agency_params) = refs
        agency, child = Agency._meta.db_table, Child._meta.db_table
        kinds = ", ".join(["%s"] * len(self.kinds))
        sql = (
            f"EXISTS(SELECT 1 FROM {agency} lots_ea INNER JOIN {child} lots_ec ON (lots_ec.id = {child_sql}) "  # noqa: S608
            f"WHERE lots_ea.id = {agency_sql} AND lots_ea.kind IN ({kinds}) AND lots_ec.date_of_birth > %s)"
        )
        born_after = connection.ops.adapt_datefield_value(self.born_after)
        return sql, [*child_params, *agency_params, *self.kinds, born_after]


def knows_child(actor: Actor, child_ref: str) -> Q:
    """Need to know for the child at `child_ref` in the actor's own domain (for extra grounds)."""
    return reduce(or_, (Q(exists) for _, exists, _ in _need_to_know(actor, child_ref, timezone.now())))


def _conditions(actor: Actor, model: type[models.Model]) -> list[tuple[str, Q, object]]:
    """(ground, condition on the model, expression giving the granting record's id)."""
    rp = _REGISTRY.get(model)
    if rp is None or actor.membership is None:
        return []
    now = timezone.now()
    child_ref = rp.child_path("pk")
    conditions: list[tuple[str, Q, object]] = []
    own = _need_to_know(actor, child_ref, now)
    knows_child = reduce(or_, (Q(exists) for _, exists, _ in own))
    same_domain = Q() if rp.domain is None else Q(**{rp.domain_path("pk"): actor.agency_id})
    for ground, exists, granted_by in own:
        conditions.append((ground, same_domain & Q(exists), granted_by))
    if rp.domain is None:
        return conditions + _extra_conditions(actor, rp)
    other_domain = ~Q(**{rp.domain_path("pk"): actor.agency_id})

    if rp.information_kind is not None and rp.purpose is not None:
        refs = (child_ref, rp.domain_path("pk"), *([rp.purpose_reference] if rp.purpose_reference else []))
        consent = {
            "refs": refs,
            "purpose": str(rp.purpose),
            "kind": int(rp.information_kind),
            "actor": actor,
            "now": now,
        }
        conditions.append(
            (
                Ground.CONSENT,
                other_domain & knows_child & Q(_ConsentGround(**consent)),
                _ConsentGround(**consent, granting_id=True),
            )
        )

    crossing_kinds = sorted(
        {kind for pair in EMERGENCY_CROSSINGS if actor.agency_kind in pair for kind in pair} - {actor.agency_kind}
    )
    if crossing_kinds:
        _, glass_exists, glass_id = next(g for g in own if g[0] == Ground.BREAK_GLASS)
        crossing = _EmergencyCrossing(
            (child_ref, rp.domain_path("pk")), tuple(crossing_kinds), _years_before(timezone.localdate(), 18)
        )
        conditions.append((Ground.EMERGENCY, other_domain & Q(glass_exists) & Q(crossing), glass_id))
    return conditions + _extra_conditions(actor, rp)


def _extra_conditions(actor: Actor, rp: RecordPolicy) -> list[tuple[str, Q, object]]:
    conditions = []
    for extra in rp.extra_grounds:
        condition = extra.condition(actor)
        if condition is not None:
            conditions.append((extra.kind, condition, Value(None, output_field=IntegerField())))
    return conditions


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def visible_to(actor: Actor, queryset: models.QuerySet) -> models.QuerySet:
    """Only the rows the actor may see; nothing for a model the policy does not know."""
    conditions = _conditions(actor, queryset.model)
    if not conditions:
        return queryset.none()
    return queryset.filter(reduce(or_, (condition for _, condition, _ in conditions)))


def with_grounds(actor: Actor, queryset: models.QuerySet) -> models.QuerySet:
    """Visible rows, each annotated with `_ground` and `_ground_id` for the audit log."""
    conditions = _conditions(actor, queryset.model)
    if not conditions:
        return queryset.annotate(
            _ground=Value(None, output_field=CharField()),
            _ground_id=Value(None, output_field=IntegerField()),
        ).none()
    shared = [
        (
            ground,
            _Shared(ExpressionWrapper(condition, output_field=BooleanField())),
            _Shared(granted_by, IntegerField()),
        )
        for ground, condition, granted_by in conditions
    ]
    return queryset.annotate(
        _ground=Case(*(When(condition, then=Value(str(ground))) for ground, condition, _ in shared)),
        _ground_id=Case(
            *(When(condition, then=granted_by) for _, condition, granted_by in shared),
            output_field=IntegerField(),
        ),
    ).filter(_ground__isnull=False)


class _Shared(Expression):
    """An expression that a query names several times (a ground's condition appears in
    `_ground`, in `_ground_id` and in the WHERE clause) but that is resolved once per query and
    compiled to SQL once per compiler. The SQL is the same; only Django's work is saved, which
    was most of what the policy cost a page (each condition holds several subqueries)."""

    def __init__(self, inner, output_field=None):
        super().__init__(output_field=output_field or BooleanField())
        self.inner = inner
        self.token: int | None = None  # names the resolved expression in a compiler's cache
        self._resolved = None  # (query, resolved copy)

    def get_source_expressions(self):
        return [self.inner]

    def set_source_expressions(self, exprs):
        (self.inner,) = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if self.token is not None:
            return self
        if self._resolved is not None and self._resolved[0] is query:
            return self._resolved[1]
        resolved = self.copy()
        resolved._resolved = None
        resolved.inner = self.inner.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        resolved.token = next(_SHARED_TOKENS)
        self._resolved = (query, resolved)
        return resolved

    def relabeled_clone(self, change_map):
        clone = super().relabeled_clone(change_map)
        if change_map:  # other aliases: other SQL
            clone.token = next(_SHARED_TOKENS)
        return clone

    def as_sql(self, compiler, connection):
        cache = compiler.__dict__.setdefault("_lots_shared_sql", {})
        if self.token in cache:
            sql, params = cache[self.token]
            return sql, list(params)
        sql, params = compiler.compile(self.inner)
        if self.token is not None:
            cache[self.token] = (sql, tuple(params))
        return sql, list(params)


_SHARED_TOKENS = itertools.count(1)


def get_visible(actor: Actor, queryset: models.QuerySet, **lookup) -> models.Model:
    """The one record, with its ground; a 404 (logged as a denied attempt) if not visible."""
    try:
        return with_grounds(actor, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        label = queryset.model._meta.label_lower
        audit.note_denied(actor, label, str(next(iter(lookup.values()), "")))
        raise Denied(f"No {label} matches the given query.") from None


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
        ProtectedClearance.objects.filter(
            user_id=actor.user.pk, child_id__in=list(child_ids), revoked_at__isnull=True
        ).values_list("child_id", flat=True)
    )


def _child_of(obj: models.Model, rp: RecordPolicy):
    target = obj
    for part in rp.child.split("__") if rp.child else []:
        target = getattr(target, part)
    return target


def log_access(actor: Actor, action: str, objects: Iterable[models.Model], *, detail: str = "") -> None:
    """One audit row per record read or changed, with the ground it was seen under.

    Objects come from `with_grounds` (they carry `_ground`), or were just created or changed by
    a service that checked `can()` and passes the ground in `detail`-free form via `_ground`.
    """
    accesses = []
    for obj in objects:
        rp = _REGISTRY[type(obj)]
        child = _child_of(obj, rp)
        accesses.append(
            audit.Access(
                action=action,
                record_type=obj._meta.label_lower,
                record_id=str(obj.pk),
                child_id=child.pk if child is not None else None,
                ground=getattr(obj, "_ground", "") or "",
                ground_id=getattr(obj, "_ground_id", None),
                detail=detail,
                protected_identity=bool(child is not None and child.protected_identity),
                child_last_name=child.last_name if child is not None else "",
            )
        )
    audit.record(actor, accesses)
