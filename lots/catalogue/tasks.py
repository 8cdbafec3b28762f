"""The daily review scan: an entry not reviewed for twelve months is flagged to its owners."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lots.catalogue.models import EditorGrant, Intervention
from lots.catalogue.services import review_due_before
from lots.core.tasks import reliable_task
from lots.notifications.services import notify
from lots.organisations.models import Membership, User
from lots.organisations.roles import Role


def owners_by_agency(agency_ids: set[int]) -> dict[int, list[User]]:
    """Each agency's editors (with a current role there), or its principal's administrators
    when it has none."""
    today = timezone.localdate()
    current = Membership.objects.current(today)
    owners: dict[int, list[User]] = {agency_id: [] for agency_id in agency_ids}
    grants = EditorGrant.objects.filter(agency_id__in=agency_ids).select_related("user")
    active_pairs = set(current.filter(unit__agency_id__in=agency_ids).values_list("user_id", "unit__agency_id"))
    for grant in grants:
        if (grant.user_id, grant.agency_id) in active_pairs and grant.user.is_active:
            owners[grant.agency_id].append(grant.user)
    missing = [agency_id for agency_id, users in owners.items() if not users]
    if missing:
        admins = current.filter(role=Role.ADMINISTRATOR).select_related("user", "unit__agency")
        from lots.organisations.models import Agency

        principal_of = dict(Agency.objects.filter(pk__in=missing).values_list("pk", "principal_id"))
        for membership in admins:
            for agency_id in missing:
                if membership.unit.agency.principal_id == principal_of[agency_id] and membership.user.is_active:
                    owners[agency_id].append(membership.user)
    return owners


def flag_due_entries(now: dt.datetime | None = None) -> int:
    """Notify the owners of every offered entry due for review; once per entry and review."""
    due = list(
        Intervention.objects.filter(Q(active=True), reviewed_at__lt=review_due_before(now)).only(
            "pk", "agency_id", "reviewed_at"
        )
    )
    owners = owners_by_agency({entry.agency_id for entry in due})
    sent = 0
    for entry in due:
        created = notify(
            recipients=owners.get(entry.agency_id, []),
            kind="catalogue.review_due",
            url=reverse("catalogue:entry", args=[entry.pk]),
            dedupe_key=f"catalogue.review:{entry.pk}:{entry.reviewed_at:%Y%m%d}",
        )
        sent += len(created)
    return sent


@reliable_task()
def flag_entries_due_for_review() -> int:
    """Run daily (`manage.py catalogue_review_scan`, from cron or a systemd timer)."""
    return flag_due_entries()
