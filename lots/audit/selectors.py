"""Log review for auditors: every read of the log is itself logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from lots.audit import services
from lots.audit.bursts import MANY_PERSONS_PER_HOUR, persons_per_hour
from lots.audit.models import AccessBurst, Action, AuditEntry, BurstsCountedUntil, Flag, Review
from lots.organisations.models import Agency, User
from lots.organisations.roles import Role

MAX_ROWS = 500
#: Rows of a search shown at a time; "Show older accesses" continues after the last one shown.
PAGE_SIZE = 50


def auditable_entries(actor) -> QuerySet[AuditEntry]:
    """An auditor reviews the access made in the agencies of their own principal."""
    if actor.role != Role.AUDITOR:
        raise PermissionDenied(_("Only log auditors review the access log."))
    # The agencies as a list of ids (one small query): given the subquery, PostgreSQL expected the
    # principal's rows everywhere and walked the whole country's month of flagged rows in time
    # order for the 500 newest (0.7 s at 2 200 000 children).
    agencies = list(
        Agency.objects.filter(principal_id=actor.membership.unit.agency.principal_id).values_list("pk", flat=True)
    )
    return AuditEntry.objects.filter(agency_id__in=agencies)


def naming_child(child_id: int) -> Q:
    """The rows about a child: its own, and those of the lists and searches that showed it. On
    PostgreSQL `shown @> [{"child": id}]` through the GIN index of audit.0008; SQLite, which has
    no containment on JSON, looks through each candidate row's `shown` with json_each."""
    if connection.vendor == "postgresql":
        return Q(child_id=child_id) | Q(shown__contains=[{"child": child_id}])
    listed = RawSQL(
        "EXISTS (SELECT 1 FROM json_each(audit_auditentry.shown) WHERE json_extract(value, '$.child') = %s)",
        [child_id],
        output_field=BooleanField(),
    )
    return Q(child_id=child_id) | Q(listed)


def _log_review(actor, detail: str) -> None:
    services.record(
        actor,
        [
            services.Access(
                action=Action.LOG_REVIEW,
                record_type="audit.auditentry",
                record_id="",
                detail=detail,
            )
        ],
    )


def _reviewed(actor, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """Each row with whether it is reviewed, and whether it is the reviewer's own (not theirs to review)."""
    return entries.annotate(
        reviewed=Exists(Review.objects.filter(entry_id=OuterRef("pk"))),
        own=ExpressionWrapper(services.own_entries(actor.user.pk), output_field=BooleanField()),
    )


@dataclass(frozen=True)
class SearchPage:
    entries: list[AuditEntry]
    has_older: bool


def search(
    actor,
    *,
    child_id: int | None = None,
    user_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    older_than: tuple[dt.datetime, int] | None = None,
) -> SearchPage:
    """The newest PAGE_SIZE matching accesses, or those after (older than) the row given as
    (time, id): pages follow each other by position, so rows written meanwhile do not shift them."""
    entries = auditable_entries(actor)
    if child_id is not None:
        entries = entries.filter(naming_child(child_id))
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    if since is not None:
        entries = entries.filter(at__gte=since)
    if until is not None:
        entries = entries.filter(at__lt=until)
    if older_than is not None:
        at, pk = older_than
        entries = entries.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    _log_review(
        actor,
        f"search child={child_id} user={user_id} since={since:%Y-%m-%d}"
        if since
        else f"search child={child_id} user={user_id}",
    )
    rows = list(_reviewed(actor, entries).order_by("-at", "-pk")[: PAGE_SIZE + 1])
    return SearchPage(entries=rows[:PAGE_SIZE], has_older=len(rows) > PAGE_SIZE)


@dataclass(frozen=True)
class BurstOfAccess:
    user_id: int | None  # as the log holds it (a row without a user is a system's)
    username: str
    hour: dt.datetime
    persons: int


def flagged(actor, *, since: dt.datetime, until: dt.datetime) -> tuple[list[AuditEntry], list[BurstOfAccess]]:
    """Flagged rows (break the glass, protected identity, same surname, outside hours, denied)
    and staff who opened many persons within one hour."""
    entries = auditable_entries(actor).filter(at__gte=since, at__lt=until)
    rows = list(_reviewed(actor, entries.filter(flags__gt=0)).order_by("-at", "-pk")[:MAX_ROWS])
    _log_review(actor, f"flagged report {since:%Y-%m-%d}–{until:%Y-%m-%d}")
    return rows, _bursts(actor, entries, since=since, until=until)


def _bursts(actor, entries: QuerySet[AuditEntry], *, since: dt.datetime, until: dt.datetime) -> list[BurstOfAccess]:
    """The hours already counted (`bursts.count_bursts`) are read from their counts; the rest of
    the period's `entries`, at least the current hour, is counted from the log here."""
    principal_id = actor.membership.unit.agency.principal_id
    counted_until = BurstsCountedUntil.objects.values_list("until", flat=True).first()
    split = min(max(since, counted_until), until) if counted_until else since
    bursts = [
        BurstOfAccess(user_id=b.user_id, username=b.username, hour=b.hour, persons=b.persons)
        for b in AccessBurst.objects.filter(principal_id=principal_id, hour__gte=since, hour__lt=split)
    ]
    live = persons_per_hour(entries.filter(at__gte=split), lambda _agency: principal_id)
    bursts += [
        BurstOfAccess(user_id=user_id, username=username, hour=hour, persons=len(children))
        for (_principal, user_id, hour), (username, children) in live.items()
        if len(children) >= MANY_PERSONS_PER_HOUR
    ]
    return sorted(bursts, key=lambda b: (b.hour, b.user_id or 0), reverse=True)


def flag_labels(flags: int) -> list[str]:
    return [str(flag.label) for flag in Flag if flags & flag.value]


@dataclass(frozen=True)
class ReadByStaff:
    at: dt.datetime
    agency: str
    role: str
    name: str = ""  # only where the agency's rules let families see staff names


def staff_reads_about_child(child_id: int, *, limit: int = 50) -> list[ReadByStaff]:
    """Who in which agency has read a child's data, newest first, for the family view: agency,
    role and date; the reader's name only where the agency lets families see its staff's names
    (`Agency.names_staff_to_families`, off by default). Only staff acting in an agency; the
    family's own reads are not listed."""
    entries = list(
        AuditEntry.objects.filter(naming_child(child_id), agency_id__isnull=False)
        .exclude(action=Action.DENIED)
        .order_by("-at")
        .values_list("at", "agency_id", "role", "user_id")[:limit]
    )
    agencies = {
        pk: (name, naming)
        for pk, name, naming in Agency.objects.filter(pk__in={a for _, a, _, _ in entries}).values_list(
            "pk", "name", "names_staff_to_families"
        )
    }
    named = {u for _, a, _, u in entries if agencies.get(a or 0, ("", False))[1] and u}
    people = {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=named).only("first_name", "last_name")}
    roles = dict(Role.choices)
    return [
        ReadByStaff(
            at=at,
            agency=agencies.get(agency_id or 0, ("", False))[0],
            role=str(roles.get(role, role)),
            name=people.get(user_id or 0, "") if agencies.get(agency_id or 0, ("", False))[1] else "",
        )
        for at, agency_id, role, user_id in entries
    ]
