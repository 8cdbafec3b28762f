"""Log review for auditors: every read of the log is itself logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncHour
from django.utils.translation import gettext as _

from lots.audit import services
from lots.audit.models import Action, AuditEntry, Flag, Review
from lots.organisations.models import Agency
from lots.organisations.roles import Role

MANY_PERSONS_PER_HOUR = 30
MAX_ROWS = 500
#: Rows of a search shown at a time; "Show older accesses" continues after the last one shown.
PAGE_SIZE = 50


def auditable_entries(actor) -> QuerySet[AuditEntry]:
    """An auditor reviews the access made in the agencies of their own principal."""
    if actor.role != Role.AUDITOR:
        raise PermissionDenied(_("Only log auditors review the access log."))
    agencies = Agency.objects.filter(principal_id=actor.membership.unit.agency.principal_id).values("pk")
    return AuditEntry.objects.filter(agency_id__in=agencies)


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


def _reviewed(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    return entries.annotate(reviewed=Exists(Review.objects.filter(entry_id=OuterRef("pk"))))


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
        entries = entries.filter(child_id=child_id)
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
    rows = list(_reviewed(entries).order_by("-at", "-pk")[: PAGE_SIZE + 1])
    return SearchPage(entries=rows[:PAGE_SIZE], has_older=len(rows) > PAGE_SIZE)


@dataclass(frozen=True)
class BurstOfAccess:
    user_id: int
    username: str
    hour: dt.datetime
    persons: int


def flagged(actor, *, since: dt.datetime, until: dt.datetime) -> tuple[list[AuditEntry], list[BurstOfAccess]]:
    """Flagged rows (break the glass, protected identity, same surname, outside hours, denied)
    and staff who opened many persons within one hour."""
    entries = auditable_entries(actor).filter(at__gte=since, at__lt=until)
    rows = list(_reviewed(entries.filter(flags__gt=0)).order_by("-at", "-pk")[:MAX_ROWS])
    bursts = [
        BurstOfAccess(user_id=b["user_id"], username=b["username"], hour=b["hour"], persons=b["persons"])
        for b in entries.filter(child_id__isnull=False)
        .annotate(hour=TruncHour("at"))
        .values("user_id", "username", "hour")
        .annotate(persons=Count("child_id", distinct=True))
        .filter(persons__gte=MANY_PERSONS_PER_HOUR)
        .order_by("-hour")
    ]
    _log_review(actor, f"flagged report {since:%Y-%m-%d}–{until:%Y-%m-%d}")
    return rows, bursts


def flag_labels(flags: int) -> list[str]:
    return [str(flag.label) for flag in Flag if flags & flag.value]
