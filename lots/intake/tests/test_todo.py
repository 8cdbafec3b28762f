"""The reception's reports on the start page (`lots.intake.todo`): by deadline, and among the
reports due the same day those about violence first (scenario 12: "the reports due today,
violence first")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.core import todo
from lots.intake import deadlines
from lots.intake import todo as intake_todo
from lots.intake.models import ConcernReport, Violence
from lots.intake.tests.factories import ConcernReportFactory
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _report(world, *, days: int, violence: str = Violence.NONE) -> ConcernReport:
    report = ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=ChildFactory(school_unit=world.school_unit),
        violence=violence,
    )
    # the deadline as the deadlines module would have it some days on: set, not recomputed
    ConcernReport.objects.filter(pk=report.pk).update(
        next_deadline_rule=deadlines.DECISION, next_deadline_on=timezone.localdate() + dt.timedelta(days=days)
    )
    return report


def test_the_reports_due_the_same_day_come_violence_first(world):
    calm_today = _report(world, days=0)
    witnessed_today = _report(world, days=0, violence=Violence.WITNESSED)
    overdue = _report(world, days=-1)
    subjected_tomorrow = _report(world, days=1, violence=Violence.SUBJECTED)
    subjected_today = _report(world, days=0, violence=Violence.SUBJECTED)
    items = intake_todo.items(world.actor(world.rut), timezone.localdate(), todo.LIMIT)
    expected = [overdue, witnessed_today, subjected_today, calm_today, subjected_tomorrow]
    assert [i.url for i in items] == [reverse("intake:report", args=[r.pk]) for r in expected]


def test_the_start_page_keeps_the_order_among_the_other_apps_items(world):
    calm = _report(world, days=0)
    violent = _report(world, days=0, violence=Violence.BOTH)
    urls = [i.url for i in todo.collect_items(world.actor(world.rut), timezone.localdate())]
    assert urls.index(reverse("intake:report", args=[violent.pk])) < urls.index(
        reverse("intake:report", args=[calm.pk])
    )
