"""The access policy's grounds written as SQL.

Building each ground from querysets, and compiling them, was most of what the policy cost a
page: a SIP list's grounds were 11 000 characters of SQL and 5 ms of Django's work per read.
Here each ground writes its own SQL from compiled column references, and `Grounds` composes one
model's grounds for one actor into the three places a read needs them: the ground's name, the
id of what grants it (both for the access log) and the filter. Only table names and compiled
column references are written into the SQL; every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from functools import cached_property

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import models
from django.db.models import BooleanField, CharField, Expression, ExpressionWrapper, F, IntegerField
from django.utils.translation import gettext_lazy as _

from lots.access.models import (
    ASSIGNMENT_TERM,
    BREAK_GLASS_TERM,
    CONSENT_TERM,
    Assignment,
    BreakGlass,
    Consent,
    ConsentAgency,
)
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit
from lots.people.models import Child

#: Output fields shared by every condition, as Django's own expressions keep theirs on the class.
_BOOLEAN, _INTEGER, _TEXT = BooleanField(), IntegerField(), CharField()


class Ground(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment")
    UNIT_MANAGER = "unit_manager", _("Manager of the unit")
    BREAK_GLASS = "break_glass", _("Break the glass")
    CONSENT = "consent", _("Consent")
    EMERGENCY = "emergency", _("Break the glass (necessary care)")


class RowCondition(Expression):
    """One ground's SQL about the record's row.

    A subclass writes it in `sql(connection, refs)`, from the record's column references compiled
    as (sql, params), and returns its own (sql, params). Used alone in a queryset (an app's extra
    ground, `knows_child`), it names its `refs` as ORM paths and Django compiles them; `Grounds`
    calls `sql()` itself with the references it compiled once for all the model's grounds.
    """

    def __init__(self, refs: tuple[str, ...], *, granting_id: bool = False):
        super().__init__(output_field=_INTEGER if granting_id else _BOOLEAN)
        self.granting_id = granting_id
        self.refs = [F(ref) for ref in refs]

    def get_source_expressions(self):
        return self.refs

    def set_source_expressions(self, exprs):
        self.refs = list(exprs)

    def as_sql(self, compiler, connection):
        """Each subclass writes its SQL in `sql(connection, refs)`; refs arrive compiled."""
        return self.sql(connection, [compiler.compile(ref) for ref in self.refs])


class OwnGround(RowCondition):
    """One need-to-know ground: an active assignment of mine in my agency, an active assignment
    in the unit I manage, or an open break the glass of mine in my agency; EXISTS (…), or the id
    of the row that grants it. When each row holds is its model's `Term` (access/models.py)."""

    def __init__(self, kind: str, child_ref: str, actor: Actor, now: dt.datetime, *, granting_id: bool = False):
        super().__init__((child_ref,), granting_id=granting_id)
        self.kind, self.now = kind, now
        self.user_id, self.agency_id, self.unit_id = actor.user.pk, actor.agency_id, actor.unit_id

    def sql(self, connection, refs):
        ((child_sql, child_params),) = refs
        now = connection.ops.adapt_datetimefield_value(self.now)
        assignment, unit, glass = (m._meta.db_table for m in (Assignment, Unit, BreakGlass))
        if self.kind == Ground.ASSIGNMENT:
            # The unit's agency as a scalar subquery, not a join: in the plan PostgreSQL keeps for
            # a prepared statement, a join walked the agency's units for every row (91 on average
            # at national scale, where an agency has hundreds) instead of looking up the one unit.
            source, term = f"{assignment} lots_nk", ASSIGNMENT_TERM
            agency = f"(SELECT lots_nk_unit.agency_id FROM {unit} lots_nk_unit WHERE lots_nk_unit.id = lots_nk.unit_id)"  # noqa: S608 (a table name)
            where, params = f"lots_nk.user_id = %s AND {agency} = %s", [self.user_id, self.agency_id]
        elif self.kind == Ground.UNIT_MANAGER:
            source, term = f"{assignment} lots_nk", ASSIGNMENT_TERM
            where, params = "lots_nk.unit_id = %s", [self.unit_id]
        else:
            source, term = f"{glass} lots_nk", BREAK_GLASS_TERM
            where, params = "lots_nk.user_id = %s AND lots_nk.agency_id = %s", [self.user_id, self.agency_id]
        held, held_params = term.sql("lots_nk", now)
        body = f"FROM {source} WHERE lots_nk.child_id = {child_sql} AND {where} AND {held}"
        params = [*child_params, *params, *held_params]
        if self.granting_id:  # the lowest id: an aggregate needs no sort for every row
            return f"(SELECT MIN(lots_nk.id) {body})", params
        return f"EXISTS(SELECT 1 {body})", params


class ConsentGround(RowCondition):
    """The consent ground: an active consent for the child, for the record's purpose (and the
    very plan, where the purpose names one), covering its kind of information, that lets the
    record's agency share and the actor's agency receive; or the newest such consent's id."""

    def __init__(
        self,
        purpose: str,
        kind: int,
        actor: Actor,
        now: dt.datetime,
        *,
        granting_id: bool = False,
        refs: tuple[str, ...] = (),
    ):
        """`Grounds` compiles its refs itself: the child, the record's agency and, optionally, the
        plan the record is about. Used alone (a test), `refs` names them as ORM paths."""
        super().__init__(refs, granting_id=granting_id)
        self.now, self.agency_id, self.purpose, self.kind = now, actor.agency_id, purpose, kind

    def sql(self, connection, refs):
        (child_sql, child_params), (agency_sql, agency_params), *reference = refs
        now = connection.ops.adapt_datetimefield_value(self.now)
        consent, consent_agency = Consent._meta.db_table, ConsentAgency._meta.db_table
        held, held_params = CONSENT_TERM.sql("lots_c", now)
        body = (
            f"FROM {consent} lots_c "
            f"INNER JOIN {consent_agency} lots_cs ON (lots_cs.consent_id = lots_c.id AND lots_cs.agency_id = "
            f"{agency_sql} AND lots_cs.shares) "
            f"INNER JOIN {consent_agency} lots_cr ON (lots_cr.consent_id = lots_c.id AND lots_cr.agency_id = %s "
            "AND lots_cr.receives) "
            f"WHERE lots_c.child_id = {child_sql} AND lots_c.purpose = %s AND (lots_c.information_kinds & %s) > 0 "
            f"AND {held}"
        )
        params = [*agency_params, self.agency_id, *child_params, self.purpose, self.kind, *held_params]
        for reference_sql, reference_params in reference:
            body += f" AND lots_c.reference_id = {reference_sql}"
            params += reference_params
        if self.granting_id:
            return f"(SELECT lots_c.id {body} ORDER BY lots_c.created_at DESC, lots_c.id DESC LIMIT 1)", params
        return f"EXISTS(SELECT 1 {body})", params


class EmergencyCrossing(RowCondition):
    """The record's agency is of a kind that necessary care lets cross to the actor's, and the
    child is under 18: as SQL, so that the record's query needs no joins for it."""

    def __init__(self, kinds: tuple[str, ...], born_after: dt.date):
        """Only `Grounds` uses it, with the child and the record's agency as compiled refs."""
        super().__init__(())
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


class Shared(Expression):
    """An expression that a query names several times (a model's column references and extra
    conditions appear in `_ground`, in `_ground_id` and in the WHERE clause) but that is resolved
    once per query and compiled to SQL once per compiler. The SQL is the same; only Django's work
    is saved."""

    def __init__(self, inner, output_field=None):
        super().__init__(output_field=output_field or _BOOLEAN)
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
        resolved.token = next(_TOKENS)
        self._resolved = (query, resolved)
        return resolved

    def relabeled_clone(self, change_map):
        clone = super().relabeled_clone(change_map)
        if change_map:  # other aliases: other SQL
            clone.token = next(_TOKENS)
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


_TOKENS = itertools.count(1)
#: A condition that always holds.
_TRUE = ("1 = 1", [])


def _all(*terms: tuple[str, list]) -> tuple[str, list]:
    return " AND ".join(f"({sql})" for sql, _ in terms), [p for _, params in terms for p in params]


def _any(*terms: tuple[str, list]) -> tuple[str, list]:
    if not terms:
        return "1 = 0", []
    return "(" + " OR ".join(f"({sql})" for sql, _ in terms) + ")", [p for _, params in terms for p in params]


class Grounds:
    """One model's grounds for one actor at one moment, in order of precedence.

    `name()`, `granting_id()` and `visible()` are expressions over the same column references
    and extra conditions, which a query resolves and compiles once (`Shared`).
    """

    def __init__(
        self,
        actor: Actor,
        now: dt.datetime,
        refs: list[str],
        *,
        own_kinds: list[str],
        has_domain: bool = False,
        consent: tuple[str, int] | None = None,
        crossing: tuple[tuple[str, ...], dt.date] | None = None,
        extras: Sequence[tuple[str, object, bool]] = (),
        known: tuple[str | None, int | None] | None = None,
    ):
        """`refs`: ORM paths to the child, then the owning agency and the plan, where the model has
        them; `consent`: (purpose, kind of information); `crossing`: (agency kinds the emergency
        crossing lets in, the birth date after which a child is under 18); `extras`: (ground, Q,
        whether it also needs need to know, `ExtraGround.needs_to_know`);
        `known`: where every row is about one child whose own ground this page has already read,
        that ground and the id of what grants it ((None, None): no own ground holds)."""
        self.agency_id, self.has_domain, self.known = actor.agency_id, has_domain, known
        self.crossing = crossing and EmergencyCrossing(*crossing)
        self.actor, self.now, self.own_kinds = actor, now, own_kinds
        self.consent = consent and tuple(
            ConsentGround(*consent, actor, now, granting_id=granting_id) for granting_id in (False, True)
        )
        self.kinds = [(kind, needs_to_know) for kind, _, needs_to_know in extras]
        self.sources = [Shared(F(ref), _INTEGER) for ref in refs] + [
            Shared(ExpressionWrapper(condition, output_field=_BOOLEAN)) for _, condition, _ in extras
        ]
        self.ref_count = len(refs)

    def name(self) -> Expression:
        return _GroundsExpression(self, "name")

    def granting_id(self) -> Expression:
        return _GroundsExpression(self, "id")

    def visible(self) -> Expression:
        return _GroundsExpression(self, "visible")

    def terms(self, connection, compiled: list) -> list[tuple]:
        """(ground, its condition, the id of what grants it, the guard) as (sql, params), from the
        compiled sources. The granting id is not NULL exactly where the guard and the condition
        both hold, so that the id of the first ground that holds is the first id that is not NULL
        (`_GroundsExpression`). An extra ground has no id and no guard (None); one whose condition
        cannot hold (or that needs need to know where none can hold) is left out."""
        refs, extras = compiled[: self.ref_count], compiled[self.ref_count :]
        own, glass = self._own(connection, refs[:1])
        if not self.has_domain:
            terms = [(kind, exists, granting, _TRUE) for kind, (exists, granting) in own.items()]
        else:
            domain_sql, domain_params = refs[1]
            mine = (f"{domain_sql} = %s", [*domain_params, self.agency_id])
            other = (f"{domain_sql} <> %s", [*domain_params, self.agency_id])
            terms = [(kind, _all(mine, exists), granting, mine) for kind, (exists, granting) in own.items()]
            if self.consent and own:
                ground, granting = self.consent
                guard = _all(other, _any(*(exists for exists, _ in own.values())))
                condition = _all(guard, ground.sql(connection, refs))
                terms.append((Ground.CONSENT, condition, granting.sql(connection, refs), guard))
            if self.crossing and glass:
                glass_exists, glass_id = glass
                guard = _all(other, self.crossing.sql(connection, refs[:2]))
                terms.append((Ground.EMERGENCY, _all(guard, glass_exists), glass_id, guard))
        knows = _any(*(exists for exists, _ in own.values())) if own else None
        for (kind, needs_to_know), extra in zip(self.kinds, extras, strict=True):
            if extra and needs_to_know:
                extra = knows and _all(knows, extra)
            if extra:
                terms.append((kind, extra, None, None))
        return terms

    def _own(self, connection, child_ref: list) -> tuple[dict, tuple | None]:
        """The need-to-know grounds that may hold, in order, each as (condition, granting id), and
        the break the glass among them (the emergency crossing needs it) or None.

        Where the child's own ground is known, the first that holds is a constant and the others
        cannot be reached; only an open break the glass beside an assignment is still asked."""

        def compiled(kind: str) -> tuple[tuple[str, list], tuple[str, list]]:
            return tuple(
                OwnGround(kind, "pk", self.actor, self.now, granting_id=granting_id).sql(connection, child_ref)
                for granting_id in (False, True)
            )

        if self.known is None:
            own = {kind: compiled(kind) for kind in self.own_kinds}
            return own, own[Ground.BREAK_GLASS]
        kind, granting_id = self.known
        if kind not in self.own_kinds:  # no own ground holds, so no break the glass either
            return {}, None
        own = {kind: (_TRUE, ("CAST(%s AS bigint)", [granting_id]))}
        return own, own[kind] if kind == Ground.BREAK_GLASS else compiled(Ground.BREAK_GLASS)


class _GroundsExpression(Expression):
    def __init__(self, grounds: Grounds, output: str):
        field = {"name": _TEXT, "id": _INTEGER, "visible": _BOOLEAN}[output]
        super().__init__(output_field=field)
        self.grounds, self.output, self.sources = grounds, output, list(grounds.sources)

    def get_source_expressions(self):
        return self.sources

    def set_source_expressions(self, exprs):
        self.sources = list(exprs)

    @cached_property
    def identity(self):
        """Django hashes a query's selected expressions; its generic identity inspects the
        constructor's signature for every copy. The same grounds and output are the same SQL."""
        return type(self), id(self.grounds), self.output

    def as_sql(self, compiler, connection):
        """The ground's name is a CASE over the conditions. Its id is the first granting id that
        is not NULL, each behind its guard only: asking the condition again before its id would
        run the same subquery twice for every row (`Grounds.terms`).

        A query names the grounds three times (name, id, filter); their terms are written once
        per compiler."""
        cache = compiler.__dict__.setdefault("_lots_grounds_terms", {})
        key = (id(self.grounds), *(source.token for source in self.sources))  # resolved `Shared`s
        if key not in cache:
            compiled = [_compile_condition(compiler, source) for source in self.sources]
            cache[key] = self.grounds.terms(connection, compiled)
        terms = cache[key]
        if self.output == "visible":
            return _any(*(condition for _, condition, _, _ in terms))
        if self.output == "name":
            if not terms:
                return "NULL", []
            whens, params = [], []
            for kind, (condition, condition_params), _, _ in terms:
                whens.append(f"WHEN {condition} THEN %s")
                params += [*condition_params, str(kind)]
            return f"CASE {' '.join(whens)} ELSE NULL END", params
        ids = [_guarded(guard, granting) for _, _, granting, guard in terms if guard is not None]
        if not ids:
            return "NULL", []
        if len(ids) == 1:
            return ids[0][0], list(ids[0][1])
        return f"COALESCE({', '.join(sql for sql, _ in ids)})", [p for _, params in ids for p in params]


def _guarded(guard: tuple[str, list], granting: tuple[str, list]) -> tuple[str, list]:
    if guard is _TRUE:
        return granting
    return f"CASE WHEN {guard[0]} THEN {granting[0]} END", [*guard[1], *granting[1]]


def _compile_condition(compiler, source) -> tuple[str, list] | None:
    """An extra condition may match nothing (None) or everything (1 = 1) before any SQL is run."""
    try:
        return compiler.compile(source)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "1 = 1", []
