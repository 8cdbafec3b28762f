"""Reads of children and their people. Every read goes through the access policy and is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from lots.access import policy
from lots.access.models import Assignment, BreakGlass
from lots.access.presentation import PersonView, present_children, present_related
from lots.audit.models import Action
from lots.core.db import json_rows
from lots.organisations.actor import Actor
from lots.organisations.models import Unit, User
from lots.people.identity import parse_identity_number
from lots.people.models import Child, Household, RelatedPerson, Relationship

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PAGE_SIZE = 50
MAX_SEARCH_RESULTS = 50


def _reachable_child_ids(actor: Actor) -> list[int]:
    """The children the actor could know in their own domain: the driving set for searches, so
    the policy's per-row checks run over a few rows, never over every child in the country.

    Read as a list of ids first (one small query): given the subqueries inline, PostgreSQL
    would walk the whole name index of `people_child` to serve ORDER BY … LIMIT."""
    agency_id = actor.agency_id
    if agency_id is None:  # no agency, no domain: no child to know in one
        return []
    assigned = Assignment.objects.active().filter(user_id=actor.user.pk, unit__agency_id=agency_id)
    if actor.manages_unit:
        assigned = Assignment.objects.active().filter(
            Q(user_id=actor.user.pk, unit__agency_id=agency_id) | Q(unit_id=actor.unit_id)
        )
    glass = BreakGlass.objects.filter(user_id=actor.user.pk, agency_id=agency_id)
    return list(assigned.values_list("child_id", flat=True).union(glass.values_list("child_id", flat=True)))


def assigned_children(actor: Actor) -> QuerySet[Child]:
    """The children assigned to me in the agency I act in, judged by the policy (each row with its
    ground). The caller pages the rows and logs those it shows."""
    assigned = Assignment.objects.active().filter(user_id=actor.user.pk, unit__agency_id=actor.agency_id)
    return policy.with_grounds(actor, Child.objects.filter(pk__in=assigned.values("child_id"))).select_related(
        "school_unit"
    )


def my_children(actor: Actor, *, page_number: int | str = 1) -> tuple[Page, list[PersonView]]:
    """ "Mina barn": the children assigned to me in the agency I act in."""
    children = assigned_children(actor).order_by("last_name", "first_name", "pk")
    page = Paginator(children, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    policy.log_access(actor, Action.LIST, rows, detail="my_children")
    return page, present_children(actor, rows)


@dataclass(frozen=True)
class HouseholdView:
    """A household of the child: its name and who else lives there, by name."""

    name: str
    adults: list[str] = field(default_factory=list)
    other_children: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChildOverview:
    child: PersonView
    ground: str
    relations: list[tuple[Relationship, PersonView]]
    households: list[HouseholdView]
    team: list[Assignment]


def _households(child: Child) -> list[HouseholdView]:
    """The child's households with their adults and children in one query (the union of the two
    memberships), not three; read as before, through the child already judged by the policy."""
    adults = Household.adults.through.objects.filter(household__children=child).values_list(
        "household_id",
        "household__name",
        Value(True, output_field=BooleanField()),
        "relatedperson_id",
        "relatedperson__first_name",
        "relatedperson__last_name",
    )
    children = Household.children.through.objects.filter(household__children=child).values_list(
        "household_id",
        "household__name",
        Value(False, output_field=BooleanField()),
        "child_id",
        "child__first_name",
        "child__last_name",
    )
    rows = sorted(adults.union(children, all=True), key=lambda r: (r[1], r[0], not r[2], r[5], r[4], r[3]))
    households: dict[int, HouseholdView] = {}
    for household_id, name, is_adult, person_id, first_name, last_name in rows:
        household = households.setdefault(household_id, HouseholdView(name=name))
        if is_adult:
            household.adults.append(f"{first_name} {last_name}")
        elif person_id != child.pk:
            household.other_children.append(f"{first_name} {last_name}")
    return list(households.values())


def _relationship_rows(actor: Actor) -> Subquery:
    """The child's relationships that the policy lets the actor see, each with the whole person,
    read inside the child's own query (one query fewer on the child's page)."""
    person = {f"person_{f.attname}": f"person__{f.attname}" for f in RelatedPerson._meta.concrete_fields}
    return json_rows(policy.visible_to(actor, Relationship.objects.all()), "child_id", id="pk", kind="kind", **person)


def _relationships(child: WithAnnotations[Child, _OverviewRows]) -> list[Relationship]:
    fields = RelatedPerson._meta.concrete_fields
    relationships = [
        Relationship(
            pk=row["id"],
            child=child,
            kind=row["kind"],
            person=RelatedPerson(**{f.attname: _from_json(f, row[f"person_{f.attname}"]) for f in fields}),
        )
        for row in child._relationships or []
    ]
    return sorted(relationships, key=lambda r: (r.kind, r.person.last_name, r.pk))


def _from_json(field, value):
    """A field's value as the database would have given it (JSON has no dates; SQLite no zones)."""
    value = field.to_python(value)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _team_rows(actor: Actor) -> Subquery:
    """Who is assigned to the child in the actor's agency, as the policy lets the actor see them,
    read inside the child's own query (one query fewer on the child's page)."""
    mine = Assignment.objects.active().filter(unit__agency_id=actor.agency_id)
    return json_rows(
        policy.visible_to(actor, mine),
        "child_id",
        id="pk",
        reason="reason",
        first_name="user__first_name",
        last_name="user__last_name",
        unit="unit__name",
    )


def _team(child: WithAnnotations[Child, _OverviewRows]) -> list[Assignment]:
    team = [
        Assignment(
            pk=row["id"],
            child=child,
            reason=row["reason"],
            user=User(first_name=row["first_name"], last_name=row["last_name"]),
            unit=Unit(name=row["unit"]),
        )
        for row in child._team or []
    ]
    return sorted(team, key=lambda a: (a.unit.name, a.user.last_name, a.pk))


class _OverviewRows(TypedDict):
    """What `child_overview` reads with the child (JSON rows)."""

    _relationships: list[dict[str, Any]] | None
    _team: list[dict[str, Any]] | None


def child_overview(actor: Actor, child_id: int) -> ChildOverview:
    child = policy.get_visible(
        actor,
        Child.objects.select_related("school_unit").annotate(
            _relationships=_relationship_rows(actor), _team=_team_rows(actor)
        ),
        pk=child_id,
    )
    child_view = present_children(actor, [child])[0]
    relationships = _relationships(child)
    people = present_related(actor, child_view, [r.person for r in relationships])
    households = _households(child)
    team = _team(child)
    policy.log_access(actor, Action.VIEW, [child], detail="overview")
    return ChildOverview(
        child=child_view,
        ground=child._ground,
        relations=list(zip(relationships, people, strict=True)),
        households=households,
        team=team,
    )


def find_children(actor: Actor, text: str) -> list[PersonView]:
    """By identity number (exact) or by name, among the children the actor may see."""
    text = (text or "").strip()
    match = _by_number(text)
    if match is not None:
        candidates = Child.objects.filter(match)
    else:
        match = _by_name(text)
        reachable = _reachable_child_ids(actor) if match is not None else None
        if not reachable:
            return []
        candidates = Child.objects.filter(match, pk__in=reachable)
    found = list(
        policy.with_grounds(actor, candidates)
        .select_related("school_unit")
        .order_by("last_name", "first_name", "pk")[:MAX_SEARCH_RESULTS]
    )
    policy.log_access(actor, Action.SEARCH, found)
    return present_children(actor, found)


def _by_number(text: str) -> Q | None:
    """The child with this identity number, if the text is one."""
    try:
        return Q(identity_number=parse_identity_number(text).digits)
    except ValidationError:
        return None


def _by_name(text: str) -> Q | None:
    """Children whose first or last name holds each word (up to four, each of two letters or
    more); None when the text names no one."""
    words = text.split()[:4]
    if not words or any(len(word) < 2 for word in words):
        return None
    # SQLite's LIKE folds only ASCII case: "östberg" finds "Östberg" as written capitalised.
    sqlite = connection.vendor == "sqlite"
    name = Q()
    for word in words:
        either = Q()
        for variant in {word, word.capitalize(), word.lower()} if sqlite else {word}:
            either |= Q(first_name__icontains=variant) | Q(last_name__icontains=variant)
        name &= either
    return name


#: The most children a chooser lists at once; a narrower search finds the rest.
MAX_CHOICES = 20


def choosable_children(actor: Actor, text: str, *, chosen: str = "") -> list[PersonView]:
    """The children a person may choose in a form (those assigned to them, as in "Mina barn")
    that match a name or identity number, and the one already chosen; logged as a search."""
    text = (text or "").strip()
    rows = assigned_children(actor)
    match = Q(pk=int(chosen)) if chosen.isdigit() else Q(pk__in=[])
    by_text = _by_number(text) or _by_name(text)
    if by_text is not None:
        match |= by_text
    found = list(rows.filter(match).order_by("last_name", "first_name", "pk")[:MAX_CHOICES])
    if found:
        policy.log_access(actor, Action.SEARCH, found, detail="choose a child")
    return present_children(actor, found)


def child_view(actor: Actor, child_id: int, *, detail: str = "") -> PersonView:
    """The child as this viewer may see them, for the heading of a page about the child."""
    child = policy.get_visible(actor, Child.objects.select_related("school_unit"), pk=child_id)
    policy.log_access(actor, Action.VIEW, [child], detail=detail)
    return present_children(actor, [child])[0]


def children_as_seen(actor: Actor, child_ids) -> dict[int, PersonView]:
    """The children of a list another app draws (plans, intake), as this actor may see them.

    Only children the actor may see are returned. The calling app logs the rows it shows, which
    name the child, so the children are not logged a second time here.
    """
    children = policy.with_grounds(actor, Child.objects.filter(pk__in=set(child_ids))).select_related("school_unit")
    return {view.pk: view for view in present_children(actor, children)}


def child_ground(actor: Actor, child_id_field: str) -> Subquery:
    """The ground on which the policy lets the actor see the child whose id is in `child_id_field`
    of an outer query (NULL if none): another app reading a record of the child's (a plan) learns
    in the same query how the child may be presented. Nothing about the child is read here."""
    child = policy.with_grounds(actor, Child.objects.filter(pk=OuterRef(child_id_field)))
    # django-stubs does not see the `_ground` that `with_grounds` annotates (a TypeVar's queryset).
    return Subquery(child.values("_ground")[:1])  # type: ignore[misc]


def child_for_action(actor: Actor, child_id: int) -> Child:
    """The child for a service call (which checks and logs the action); 404 unless visible."""
    return policy.get_visible(actor, Child.objects.all(), pk=child_id)
