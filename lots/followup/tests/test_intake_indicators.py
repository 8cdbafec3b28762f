"""The concern-report and request indicators against hand-counted cases of 2025 (read on 1 June
2026), among them a deadline on Good Friday and a report that arrived late in the evening."""

from __future__ import annotations

import datetime as dt

from lots.followup.tests.conftest import at
from lots.intake import deadlines
from lots.intake.models import ForwardStatus, ReportStatus, RequestEvent
from lots.intake.tests.factories import (
    ConcernReportFactory,
    EntryPointFactory,
    ForwardFactory,
    HelpRequestFactory,
    RequestEventFactory,
)

D = dt.date


def _report(world, received, **fields):
    return ConcernReportFactory(
        receiving_agency=world.social, receiving_unit=world.reception_unit, received_at=received, **fields
    )


def test_received_by_reporter_kind(world, count):
    _report(world, at(2025, 2, 1))
    _report(world, at(2025, 2, 2), reporter_kind="police")
    _report(world, at(2024, 12, 31, 23, 30))  # Swedish time: 2024
    _report(world, at(2026, 1, 1, 0, 30))  # Swedish time: 2026
    assert count("reports.received", [world.social])["by"] == {"school": 1, "police": 1}


def test_protection_assessment_the_same_swedish_day(world, count):
    _report(world, at(2025, 3, 3, 10), protection_assessed_at=at(2025, 3, 3, 16))
    _report(world, at(2025, 12, 30, 23, 30), protection_assessed_at=at(2025, 12, 31, 0, 10))  # the day after
    _report(world, at(2025, 6, 1, 9))  # never assessed: missed
    found = count("reports.protection_same_day", [world.social])
    assert (found["n"], found["of"]) == (1, 3)


def test_decision_within_14_days_with_a_deadline_on_good_friday(world, count):
    # 4 April 2025 + 14 days is Good Friday; Easter Monday follows: the deadline is Tuesday 22 April.
    assert deadlines.rule(deadlines.DECISION).due(D(2025, 4, 4)) == D(2025, 4, 22)
    _report(world, at(2025, 4, 4), decided_at=at(2025, 4, 22, 15), status=ReportStatus.NOT_OPENED)  # kept
    _report(world, at(2025, 3, 3), decided_at=at(2025, 3, 17, 9), status=ReportStatus.NOT_OPENED)  # kept, day 14
    _report(world, at(2025, 5, 5), decided_at=at(2025, 5, 21, 9), status=ReportStatus.NOT_OPENED)  # missed (19th)
    _report(world, at(2025, 11, 3))  # never decided: missed
    found = count("reports.decision_in_time", [world.social])
    assert (found["n"], found["of"]) == (2, 4)
    # Read on 10 November 2025, the report of 3 November is not yet due: not counted.
    found = count("reports.decision_in_time", [world.social], today=D(2025, 11, 10))
    assert (found["n"], found["of"]) == (2, 3)


def test_investigations_by_their_last_day_extensions_included(world, count):
    opened = {"status": ReportStatus.INVESTIGATION_CONCLUDED, "decided_at": at(2025, 1, 10)}
    _report(
        world, at(2025, 1, 5), investigation_due_on=D(2025, 5, 12), investigation_concluded_at=at(2025, 5, 12), **opened
    )
    _report(
        world, at(2025, 1, 5), investigation_due_on=D(2025, 7, 1), investigation_concluded_at=at(2025, 7, 2), **opened
    )
    _report(world, at(2025, 9, 1), investigation_due_on=D(2026, 1, 2), status=ReportStatus.INVESTIGATION_OPENED)
    found = count("reports.investigation_in_time", [world.social])
    assert (found["n"], found["of"]) == (1, 2)  # the one due in 2026 belongs to 2026


def test_feedback_within_the_week(world, count):
    decided = {"status": ReportStatus.NOT_OPENED, "feedback_requested": True}
    _report(world, at(2025, 3, 3), decided_at=at(2025, 3, 17), feedback_given_at=at(2025, 3, 24, 16), **decided)
    _report(world, at(2025, 5, 5), decided_at=at(2025, 5, 12), feedback_given_at=at(2025, 6, 1), **decided)
    # Asked for after the decision: due at once, another rule, not counted here.
    _report(world, at(2025, 5, 5), decided_at=at(2025, 5, 12), feedback_requested_at=at(2025, 5, 20), **decided)
    _report(world, at(2025, 5, 5), decided_at=at(2025, 5, 12), status=ReportStatus.NOT_OPENED, feedback_requested=False)
    found = count("reports.feedback_in_time", [world.social])
    assert (found["n"], found["of"]) == (1, 2)


def test_requests_received_accepted_and_escalated(world, count):
    entry = EntryPointFactory(unit=world.social_unit)
    quick = HelpRequestFactory(entry_point=entry, created_at=at(2025, 2, 3))
    slow = HelpRequestFactory(entry_point=entry, created_at=at(2025, 2, 3))
    HelpRequestFactory(entry_point=entry, created_at=at(2024, 2, 3))
    ForwardFactory(request=quick, unit=world.bup_unit, status=ForwardStatus.DECLINED, answered_at=at(2025, 2, 4))
    ForwardFactory(request=quick, unit=world.school_unit, status=ForwardStatus.ACCEPTED, answered_at=at(2025, 2, 6))
    ForwardFactory(request=slow, unit=world.school_unit, status=ForwardStatus.ACCEPTED, answered_at=at(2025, 3, 3))
    for _n in range(2):
        RequestEventFactory(request=slow, kind=RequestEvent.Kind.ESCALATED, at=at(2025, 2, 20))
    assert count("requests.received", [world.social])["n"] == 2
    assert count("requests.days_to_accept", [world.social])["days"] == {3: 1, 28: 1}
    assert count("requests.escalated", [world.social])["n"] == 1
