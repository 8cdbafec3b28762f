"""The daily deadline scan: reminders before a deadline, overdue items raised to the manager.

Idempotent: each notification carries a dedupe key naming the report, the step and its due
day, so running the scan twice (or every hour) tells no one twice. History rows are appended
only when a notification was actually created.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lots.intake.models import ConcernReport, HelpRequest, ReportEvent, RequestEvent, RequestStatus
from lots.intake.services.reports import reception_staff
from lots.intake.services.requests import unit_staff
from lots.notifications.services import notify


@dataclass
class ScanResult:
    reminded: int = 0
    escalated: int = 0
    requests_escalated: int = 0


@transaction.atomic
def scan_deadlines(*, today: dt.date | None = None) -> ScanResult:
    today = today or timezone.localdate()
    result = ScanResult()
    horizon = today + dt.timedelta(days=settings.LOTS_INTAKE_REMINDER_DAYS)
    staff_cache: dict[tuple[int, bool], list] = {}

    def staff(unit_id: int, managers_only: bool):
        key = (unit_id, managers_only)
        if key not in staff_cache:
            staff_cache[key] = reception_staff(unit_id, managers_only=managers_only)
        return staff_cache[key]

    due = ConcernReport.objects.filter(next_deadline_on__isnull=False, next_deadline_on__lte=horizon).only(
        "pk", "receiving_unit_id", "next_deadline_on", "next_deadline_rule"
    )
    events = []
    for report in due.iterator(chunk_size=500):
        assert report.next_deadline_on is not None  # `due` takes only reports with a deadline
        overdue = report.next_deadline_on < today
        step = f"report-{report.pk}-{report.next_deadline_rule}-{report.next_deadline_on:%Y%m%d}"
        created = notify(
            recipients=staff(report.receiving_unit_id, overdue),
            kind="intake.deadline_overdue" if overdue else "intake.deadline_near",
            url=reverse("intake:report", args=[report.pk]),
            dedupe_key=f"{step}-{'overdue' if overdue else 'near'}",
        )
        if created:
            kind = ReportEvent.Kind.ESCALATED if overdue else ReportEvent.Kind.REMINDED
            events.append(ReportEvent(report_id=report.pk, kind=kind, note=report.next_deadline_rule))
            if overdue:
                result.escalated += 1
            else:
                result.reminded += 1
    ReportEvent.objects.bulk_create(events)

    late = HelpRequest.objects.filter(
        status=RequestStatus.FORWARDED, accept_due_on__lt=today, escalated_at__isnull=True
    ).select_related("entry_point")
    for request in late:
        notify(
            recipients=unit_staff(request.entry_point.unit_id, managers_only=True),
            kind="intake.request_unowned",
            url=reverse("intake:request", args=[request.pk]),
            dedupe_key=f"request-{request.pk}-unowned-{request.accept_due_on:%Y%m%d}",
        )
        request.escalated_at = timezone.now()
        request.save(update_fields=["escalated_at"])
        RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.ESCALATED)
        result.requests_escalated += 1
    return result
