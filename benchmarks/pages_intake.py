"""The intake app's pages: the reception queue and one concern report as reception sees it."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import LIST, ONE, Page, Request
from lots.intake.models import OPEN_REPORT_STATUSES, ConcernReport
from lots.organisations.models import Membership
from lots.organisations.roles import Role


def choose(fixture: dict) -> None:
    """A social worker at the reception that receives the most reports, and its newest open report."""
    busiest = (
        ConcernReport.objects.values("receiving_unit_id", "receiving_agency_id")
        .annotate(reports=Count("pk"))
        .order_by("-reports", "receiving_unit_id")
        .first()
    )
    if busiest is None:
        raise RuntimeError("the data set has no concern reports: generate it with the intake step")
    worker = (
        Membership.objects.filter(unit_id=busiest["receiving_unit_id"], role=Role.SOCIAL_WORKER_INTAKE)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    report = (
        ConcernReport.objects.filter(
            receiving_agency_id=busiest["receiving_agency_id"], status__in=OPEN_REPORT_STATUSES
        )
        .order_by("-received_at", "pk")
        .first()
    )
    fixture.update(reception=worker.user.username, report_id=report.pk, agency_reports=busiest["reports"])


PAGES = [
    Page("reception_queue", "Reception queue", LIST, lambda f: Request("/ingang/mottagning/", f["reception"])),
    Page(
        "concern_report",
        "A concern report (reception)",
        ONE,
        lambda f: Request(f"/ingang/mottagning/{f['report_id']}/", f["reception"]),
        30,
        80,
    ),
]
