"""Reads of deviations: through the access policy, into the access log.

A deviation's named child is shown only as the policy lets the viewer see the child
(`people.selectors.children_as_seen`); others read "a named child". The counts for the
follow-up (`counts`) are aggregates, not person-data reads: no child, no text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from lots.access import policy
from lots.access.presentation import PersonView
from lots.audit.models import Action
from lots.children import selectors as children_selectors
from lots.deviations.models import OPEN_STATUSES, Deviation, DeviationEvent, Party, Status
from lots.deviations.policies import HANDLER, REPORTER, is_handler, is_steering, steering_family
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Principal

PAGE_SIZE = 50


class Tab:
    TO_HANDLE = "att-hantera"
    REPORTED = "mina"
    STEERING = "styrgrupp"


def tabs_for(actor: Actor) -> list[str]:
    tabs = [Tab.TO_HANDLE] if is_handler(actor) else []
    tabs.append(Tab.REPORTED)
    if is_steering(actor):
        tabs.append(Tab.STEERING)
    return tabs


def _parties() -> Prefetch:
    return Prefetch("parties", queryset=Party.objects.select_related("agency__principal").order_by("pk"))


@dataclass
class Row:
    deviation: Deviation
    child: PersonView | None
    #: A child is named whom this viewer may not see.
    child_withheld: bool


def _rows(actor: Actor, deviations: Sequence[Deviation]) -> list[Row]:
    seen = children_selectors.children_as_seen(actor, {d.child_id for d in deviations if d.child_id})
    return [
        Row(
            deviation=d,
            child=seen.get(d.child_id) if d.child_id else None,
            child_withheld=bool(d.child_id and d.child_id not in seen),
        )
        for d in deviations
    ]


def _driving(actor: Actor, tab: str) -> QuerySet[Deviation]:
    """The set a list starts from, one the actor could know, before the policy is applied."""
    if tab == Tab.TO_HANDLE and is_handler(actor):
        return Deviation.objects.filter(parties__handler_unit_id=actor.unit_id)
    if tab == Tab.STEERING and is_steering(actor):
        return Deviation.objects.filter(
            raised_at__isnull=False, parties__agency__principal_id__in=steering_family(actor)
        ).distinct()
    return Deviation.objects.filter(reported_by_id=actor.user.pk)


def deviations_for(actor: Actor, *, tab: str, show: str = "open") -> QuerySet[Deviation]:
    """The deviations of one list the actor may see, ordered (proposals first, then by handling
    date): a manager's queue, the actor's own reports, or what was raised to the steering group.
    `show`: open, closed or all. The caller logs the rows it shows."""
    if actor.membership is None:
        return Deviation.objects.none()
    rows = _driving(actor, tab)
    if show == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif show == "closed":
        rows = rows.filter(status__in=(Status.CLOSED, Status.DISMISSED))
    return (
        policy.with_grounds(actor, rows)
        .select_related("reporting_agency", "child")
        .prefetch_related(_parties())
        .annotate(proposal_first=Q(status=Status.PROPOSED))
        .order_by("-proposal_first", F("handling_due_on").asc(nulls_last=True), "-reported_at", "pk")
    )


def to_act_on(actor: Actor) -> QuerySet[Deviation]:
    """The open deviations a manager's unit must act on now, as the services let it (for the start
    page): Lots' proposals to confirm or dismiss, those where the unit's analysis is still to be
    recorded, and those every agency involved has answered, to close. Annotated `answer_due` (the
    unit's analysis is missing). Ordered as the manager's queue; the caller logs the rows it shows."""
    if not is_handler(actor):
        return Deviation.objects.none()
    unanswered = Party.objects.filter(deviation_id=OuterRef("pk"), responded_at__isnull=True)
    return (
        deviations_for(actor, tab=Tab.TO_HANDLE)
        .prefetch_related(None)
        .annotate(answer_due=Exists(unanswered.filter(handler_unit_id=actor.unit_id)), all_answered=~Exists(unanswered))
        .filter(Q(status=Status.PROPOSED) | (Q(status=Status.OPEN) & (Q(answer_due=True) | Q(all_answered=True))))
    )


def raised_to_my_steering_group(actor: Actor) -> QuerySet[Deviation]:
    """The open deviations raised to the actor's steering group (for the start page; the steering
    group sees them, to take up at its meeting). The caller logs the rows it shows."""
    if not is_steering(actor):
        return Deviation.objects.none()
    return deviations_for(actor, tab=Tab.STEERING).prefetch_related(None)


def as_seen(actor: Actor, deviations: Sequence[Deviation]) -> list[Row]:
    """Rows of a list with each deviation's child as this viewer may see it (or withheld)."""
    return _rows(actor, deviations)


def deviation_list(actor: Actor, *, tab: str, show: str = "open", page_number: int | str = 1) -> tuple[Page, list[Row]]:
    """One page of `deviations_for`, logged."""
    page = Paginator(deviations_for(actor, tab=tab, show=show), PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    policy.log_access(actor, Action.LIST, shown)
    return page, _rows(actor, shown)


@dataclass
class DeviationPage:
    deviation: Deviation
    child: PersonView | None
    child_withheld: bool
    parties: list[Party]
    events: list[DeviationEvent]
    my_party: Party | None
    may_reopen: bool
    ground: str
    principals: list[Principal] = field(default_factory=list)

    @property
    def may_handle(self) -> bool:
        return self.my_party is not None

    @property
    def all_answered(self) -> bool:
        return all(p.responded_at for p in self.parties)


def deviation_page(actor: Actor, deviation_id: int) -> DeviationPage:
    """One deviation with its parties and history; a logged 404 unless visible."""
    with policy.one_page(actor):
        deviation = policy.get_visible(
            actor, Deviation.objects.select_related("reporting_agency", "reported_by", "child"), pk=deviation_id
        )
        policy.log_access(actor, Action.VIEW, [deviation])
        parties = list(deviation.parties.select_related("agency__principal", "unit", "handler_unit", "responded_by"))
        events = list(deviation.events.select_related("by", "agency"))
        row = _rows(actor, [deviation])[0]
    ground = deviation._ground
    my_party = None
    if ground in {HANDLER, *policy.CHANGE_GROUNDS} and actor.manages_unit:
        my_party = next((p for p in parties if p.handler_unit_id == actor.unit_id), None)
    principals = {p.agency.principal.pk: p.agency.principal for p in parties}
    return DeviationPage(
        deviation=deviation,
        child=row.child,
        child_withheld=row.child_withheld,
        parties=parties,
        events=events,
        my_party=my_party,
        may_reopen=deviation.status == Status.CLOSED and (my_party is not None or ground == REPORTER),
        ground=ground,
        principals=sorted(principals.values(), key=lambda p: p.name),
    )


def deviation_for_action(actor: Actor, deviation_id: int) -> Deviation:
    """The deviation for a service call (which checks and logs the action); 404 unless visible."""
    return policy.get_visible(actor, Deviation.objects.all(), pk=deviation_id)


def about_child(actor: Actor, child_id: int) -> list[Deviation]:
    """Deviations naming the child that the viewer may see, for the child's page."""
    found = list(
        policy.with_grounds(actor, Deviation.objects.select_related("child"), child_id=child_id)
        .prefetch_related(_parties())
        .order_by("-reported_at", "pk")[:20]
    )
    if found:
        policy.log_access(actor, Action.LIST, found)
    return found


def agencies_for_report(actor: Actor) -> list[Agency]:
    """The agencies a reporter may name: those of the principals sharing the actor's steering group.
    The directory of agencies is not secret."""
    if actor.membership is None:
        return []
    principal = actor.membership.unit.agency.principal
    region_id = principal.pk if principal.kind == Principal.Kind.REGION else (principal.region_id or principal.pk)
    return list(
        Agency.objects.filter(Q(principal_id=region_id) | Q(principal__region_id=region_id))
        .select_related("principal")
        .order_by("principal__name", "name")
    )


# For the forums app ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    """A deviation as a forum's agenda shows it: kind, agencies, date, status and the child's id
    (for the forum to present through the policy). No text: members read that on the deviation's
    page, which the policy opens to the members of a forum that has it on its agenda."""

    pk: int
    kind: str
    status: str
    reported_on: dt.date
    agencies: tuple[str, ...]
    child_id: int | None


def _entries(rows: QuerySet[Deviation]) -> list[AgendaEntry]:
    return [
        AgendaEntry(
            pk=d.pk,
            kind=d.get_kind_display(),
            status=d.get_status_display(),
            reported_on=timezone.localdate(d.reported_at),
            agencies=tuple(p.agency.name for p in d.parties.all()),
            child_id=d.child_id,
        )
        for d in rows.prefetch_related(_parties())
    ]


def raised_to_steering(principal_ids, *, exclude_ids=()) -> list[AgendaEntry]:
    """Open deviations raised to the steering group of these principals: on their way to its next meeting."""
    rows = (
        Deviation.objects.filter(
            status=Status.OPEN, raised_at__isnull=False, parties__agency__principal_id__in=principal_ids
        )
        .exclude(pk__in=list(exclude_ids))
        .distinct()
        .order_by("raised_at", "pk")
    )
    return _entries(rows)


def agenda_entries(deviation_ids) -> dict[int, AgendaEntry]:
    return {e.pk: e for e in _entries(Deviation.objects.filter(pk__in=list(deviation_ids)).order_by("pk"))}


# For the follow-up app ---------------------------------------------------------------------


def counts(
    *,
    by: tuple[str, ...] = ("kind", "status"),
    principal_ids=None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict]:
    """Deviations counted by `by` (any of kind, status, source, agency, principal, reopened), reported
    in [since, until]; proposals not confirmed or dismissed are left out. An aggregate, not a
    person-data read: the follow-up suppresses small cells. Each row has `n`, `closed` and
    `days_to_close` (the sum over the closed ones, for a mean)."""
    fields = {
        "kind": "kind",
        "status": "status",
        "source": "source",
        "agency": "parties__agency_id",
        "principal": "parties__agency__principal_id",
        "reopened": "reopened_count",
    }
    rows = Deviation.objects.exclude(status__in=(Status.PROPOSED, Status.DISMISSED))
    if principal_ids is not None:
        rows = rows.filter(parties__agency__principal_id__in=list(principal_ids))
    if since is not None:
        rows = rows.filter(reported_at__date__gte=since)
    if until is not None:
        rows = rows.filter(reported_at__date__lte=until)
    grouped = rows.values(*[fields[b] for b in by]).annotate(
        n=Count("pk", distinct=True), closed=Count("pk", filter=Q(status=Status.CLOSED), distinct=True)
    )
    result = []
    closing = {
        pk: (closed_at - reported_at).total_seconds() / 86400
        for pk, closed_at, reported_at in rows.filter(status=Status.CLOSED, closed_at__isnull=False)
        .values_list("pk", "closed_at", "reported_at")
        .distinct()
        if closed_at is not None
    }
    by_group: dict[tuple, float] = {}
    if closing:
        for row in rows.filter(pk__in=list(closing)).values("pk", *[fields[b] for b in by]).distinct():
            key = tuple(row[fields[b]] for b in by)
            by_group[key] = by_group.get(key, 0.0) + closing[row["pk"]]
    for row in grouped.order_by(*[fields[b] for b in by]):
        key = tuple(row[fields[b]] for b in by)
        result.append(
            {
                **{b: row[fields[b]] for b in by},
                "n": row["n"],
                "closed": row["closed"],
                "days_to_close": round(by_group.get(key, 0.0), 1),
            }
        )
    return result
