"""What the reception must act on, for the start page (`lots.core.todo`): the reports whose next
statutory deadline is near or passed (violence first among those due the same day), and the
queue with its figures."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.core import todo
from lots.intake import deadlines
from lots.intake.models import ConcernReport
from lots.intake.policies import is_reception
from lots.intake.selectors import queue_counts, violence_first
from lots.organisations.actor import Actor


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    """The reception's reports with a deadline within the start page's "soon", the earliest first
    and, among those due the same day, the ones about violence first (one statement; the policy
    judges the rows)."""
    if not is_reception(actor):
        return []
    soon = today + dt.timedelta(days=todo.SOON_DAYS)
    reports = list(
        policy.with_grounds(
            actor, ConcernReport.objects.filter(receiving_agency_id=actor.agency_id, next_deadline_on__lte=soon)
        )
        .select_related("child")
        .annotate(_violence_first=violence_first())
        .order_by("next_deadline_on", "_violence_first", "pk")[:limit]
    )
    policy.log_access(actor, Action.LIST, reports, detail="todo")
    return [
        todo.Item(
            text=_("Concern report: %(step)s") % {"step": deadlines.RULES[report.next_deadline_rule].label}
            if report.next_deadline_rule in deadlines.RULES
            else _("Concern report"),
            url=reverse("intake:report", args=[report.pk]),
            due=report.next_deadline_on,
            child_id=report.child_id,
        )
        for report in reports
    ]


def work(actor: Actor, today: dt.date) -> list[todo.Work]:
    if not is_reception(actor):
        return []
    counts = queue_counts(actor, today=today)
    return [
        todo.Work(
            text=_("The reception's queue"),
            url=reverse("intake:queue"),
            count=sum(counts.values()),
            overdue=counts[deadlines.Status.OVERDUE.value],
        )
    ]
