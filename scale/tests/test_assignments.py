"""The scale generator's assignments (issue 21): where each came from, why an ended one ended,
and the history of events, as the services write them; the manager's unit list answers on it."""

import datetime as dt

import pytest
from django.db.models import Count

import scale
from lots.access.models import Assignment, AssignmentEvent
from scale.sink import Progress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)


def test_assignments_have_sources_end_reasons_and_a_history():
    scale.build(children=300, seed=7, now=NOW, progress=Progress(enabled=False))
    mentors = Assignment.objects.filter(reason=Assignment.Reason.MENTOR)
    assert set(mentors.values_list("source", flat=True)) == {"import"}
    assert set(mentors.filter(ends_at__isnull=False).values_list("end_reason", flat=True)) == {"source"}
    # The access step's (the SIP step adds its participants' later, as taking part grants them).
    decided = Assignment.objects.exclude(reason="sip_participant")
    assert set(decided.exclude(reason="mentor").values_list("source", flat=True)) == {"manager"}
    assert not Assignment.objects.filter(ends_at__isnull=True).exclude(end_reason="").exists()
    kinds = dict(AssignmentEvent.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds["started"] == decided.count()
    assert kinds["ended"] == decided.filter(ends_at__isnull=False).count()
    event = AssignmentEvent.objects.filter(kind="started").select_related("assignment").first()
    assert event.child_id == event.assignment.child_id and event.at == event.assignment.starts_at
