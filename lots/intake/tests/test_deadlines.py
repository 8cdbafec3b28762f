"""Every deadline rule, on the days that trip calendars up."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lots.core import calendar
from lots.intake import deadlines
from lots.intake.deadlines import RULES, Status

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def due(key, start):
    return RULES[key].due(start)


def test_every_rule_names_its_law_and_the_old_number():
    for rule in RULES.values():
        assert rule.law and rule.label
        if rule.key != deadlines.REQUEST_ACCEPTANCE:
            assert "2025:400" in rule.law or "HSLF-FS" in rule.law
            assert rule.old_law


def test_protection_assessment_is_due_the_same_day_whatever_day_it_is():
    assert due("protection_assessment", at(2025, 12, 12)) == dt.date(2025, 12, 12)  # a Friday
    assert due("protection_assessment", at(2026, 6, 6)) == dt.date(2026, 6, 6)  # national day, a Saturday
    assert due("protection_assessment", at(2026, 12, 24, 18)) == dt.date(2026, 12, 24)  # julafton
    assert RULES["protection_assessment"].moved_from(at(2026, 6, 6)) is None


def test_a_report_at_2359_local_time_belongs_to_that_day():
    friday_late = at(2026, 3, 27, 23, 59)  # 22:59 UTC
    assert due("protection_assessment", friday_late) == dt.date(2026, 3, 27)
    assert due("decision", friday_late) == dt.date(2026, 4, 10)


def test_across_the_change_to_summer_time_the_local_day_counts_not_the_utc_day():
    after_midnight = at(2026, 3, 30, 0, 30)  # CEST: 22:30 UTC on 29 March
    assert after_midnight.astimezone(dt.UTC).date() == dt.date(2026, 3, 29)
    assert due("protection_assessment", after_midnight) == dt.date(2026, 3, 30)
    assert due("decision", after_midnight) == dt.date(2026, 4, 13)  # 13 April, a Monday
    late_on_the_switch_day = at(2026, 3, 29, 23, 59)  # CEST already: 21:59 UTC
    assert due("protection_assessment", late_on_the_switch_day) == dt.date(2026, 3, 29)


def test_across_the_change_back_to_winter_time():
    late = at(2026, 10, 25, 23, 59)  # CET again: 22:59 UTC
    assert due("protection_assessment", late) == dt.date(2026, 10, 25)
    assert due("decision", late) == dt.date(2026, 11, 9)  # 8 November is a Sunday


def test_a_decision_due_on_a_holiday_moves_to_the_next_working_day():
    friday = at(2025, 12, 12)
    assert due("decision", friday) == dt.date(2025, 12, 29)  # 26 December, annandag jul, then a weekend
    assert RULES["decision"].moved_from(friday) == dt.date(2025, 12, 26)


def test_a_report_on_the_friday_before_a_public_holiday():
    friday_before_national_day = at(2026, 6, 5)
    assert due("protection_assessment", friday_before_national_day) == dt.date(2026, 6, 5)
    assert due("decision", friday_before_national_day) == dt.date(2026, 6, 22)  # 19 June is midsommarafton


def test_a_report_before_easter_keeps_a_working_last_day():
    assert due("decision", at(2026, 4, 2)) == dt.date(2026, 4, 16)


def test_violence_has_the_same_outer_limit_and_its_own_ground():
    assert due("violence_investigation", at(2025, 12, 12)) == due("decision", at(2025, 12, 12))
    assert "HSLF-FS 2022:39" in RULES["violence_investigation"].law
    assert "utan dröjsmål" in deadlines.VIOLENCE_GROUND


def test_an_investigation_opened_on_31_october_ends_with_february_moved_off_the_weekend():
    assert due("investigation", at(2025, 10, 31)) == dt.date(2026, 3, 2)  # 28 February 2026 is a Saturday
    assert RULES["investigation"].moved_from(at(2025, 10, 31)) == dt.date(2026, 2, 28)
    assert due("investigation", at(2027, 10, 31)) == dt.date(2028, 2, 29)  # a leap year, a Tuesday


def test_feedback_within_a_week_of_the_decision_moves_off_julafton():
    assert due("feedback", at(2026, 12, 10)) == dt.date(2026, 12, 17)
    assert due("feedback", at(2026, 12, 17)) == dt.date(2026, 12, 28)


def test_request_acceptance_counts_working_days(settings):
    assert RULES["request_acceptance"].duration == settings.LOTS_INTAKE_ACCEPT_WORKING_DAYS == 3
    assert due("request_acceptance", at(2026, 4, 2)) == dt.date(2026, 4, 9)  # över påsk


def test_statuses():
    day = dt.date(2026, 5, 4)
    assert deadlines.status(day, today=dt.date(2026, 5, 3)) == Status.ON_TIME
    assert deadlines.status(day, today=day) == Status.DUE_TODAY
    assert deadlines.status(day, today=dt.date(2026, 5, 5)) == Status.OVERDUE
    assert deadlines.status(day, done_at=at(2026, 5, 4, 23, 30)) == Status.KEPT
    assert deadlines.status(day, done_at=at(2026, 5, 5, 0, 10)) == Status.MISSED


def test_status_filters_agree_with_statuses():
    today = dt.date(2026, 5, 4)
    assert deadlines.status_q(Status.OVERDUE, today=today).children == [("next_deadline_on__lt", today)]
    assert deadlines.status_q(Status.DUE_TODAY, today=today).children == [("next_deadline_on", today)]
    with pytest.raises(ValueError):
        deadlines.status_q(Status.KEPT, today=today)


def _report(**kwargs):
    values = dict(
        received_at=at(2026, 5, 4, 9),
        violence="none",
        status="received",
        protection_assessed_at=None,
        decided_at=None,
        investigation_due_on=None,
        investigation_concluded_at=None,
        feedback_requested=True,
        feedback_requested_at=None,
        feedback_given_at=None,
    )
    values.update(kwargs)
    return SimpleNamespace(**values)


def test_a_new_report_has_the_protection_assessment_then_the_decision():
    found = deadlines.report_deadlines(_report())
    assert [d.rule.key for d in found] == ["protection_assessment", "decision"]
    assert deadlines.next_open(found).rule.key == "protection_assessment"


def test_a_violence_report_is_opened_without_a_preliminary_assessment():
    found = deadlines.report_deadlines(_report(violence="witnessed", protection_assessed_at=at(2026, 5, 4, 11)))
    assert [d.rule.key for d in found] == ["protection_assessment", "violence_investigation"]
    assert deadlines.next_open(found).rule.key == "violence_investigation"


def test_an_opened_investigation_runs_four_months_from_the_decision_or_to_its_extension():
    opened = _report(
        status="investigation_opened", protection_assessed_at=at(2026, 5, 4, 11), decided_at=at(2026, 5, 6)
    )
    found = deadlines.report_deadlines(opened)
    investigation = next(d for d in found if d.rule.key == "investigation")
    assert investigation.due == dt.date(2026, 9, 7)  # 6 September is a Sunday
    extended = deadlines.report_deadlines(_report(**{**vars(opened), "investigation_due_on": dt.date(2026, 11, 6)}))
    assert next(d for d in extended if d.rule.key == "investigation").due == dt.date(2026, 11, 6)
    assert [d.rule.key for d in found if d.is_open] == ["investigation", "feedback"]


def test_a_finished_report_has_no_open_deadline():
    done = _report(
        status="not_opened",
        protection_assessed_at=at(2026, 5, 4, 11),
        decided_at=at(2026, 5, 8),
        feedback_given_at=at(2026, 5, 9),
    )
    assert deadlines.next_open(deadlines.report_deadlines(done)) is None


moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)
)


@settings(max_examples=300, deadline=None)
@given(moment=moments, key=st.sampled_from([k for k, r in RULES.items() if r.moves_off_non_working_day]))
def test_a_moving_deadline_always_ends_on_a_working_day_never_before_the_count(moment, key):
    rule = RULES[key]
    ends = rule.due(moment)
    assert calendar.is_working_day(ends)
    raw = rule.moved_from(moment) or ends
    assert raw <= ends <= raw + dt.timedelta(days=5)


@settings(max_examples=300, deadline=None)
@given(moment=moments)
def test_the_same_day_rule_is_the_local_day(moment):
    assert due("protection_assessment", moment) == moment.astimezone(STOCKHOLM).date()


def _feedback(**kwargs):
    decided = dict(protection_assessed_at=at(2026, 5, 4, 11), decided_at=at(2026, 5, 8, 15))  # a Friday
    return deadlines.feedback_deadline(_report(**{**decided, **kwargs}))


def test_feedback_asked_in_the_report_is_due_a_week_after_the_decision():
    found = _feedback(status="not_opened")
    assert (found.rule.key, found.due) == ("feedback", dt.date(2026, 5, 15))


def test_feedback_where_an_investigation_is_already_under_way_is_due_at_once():
    found = _feedback(status="already_ongoing")
    assert (found.rule.key, found.due) == ("feedback_at_once", dt.date(2026, 5, 8))
    assert found.rule.law.startswith("SoL (2025:400) 19 kap. 6 §")


def test_feedback_asked_after_the_decision_is_due_the_day_asked_even_a_saturday():
    found = _feedback(status="not_opened", feedback_requested_at=at(2026, 5, 9, 23, 50))
    assert (found.rule.key, found.due) == ("feedback_at_once", dt.date(2026, 5, 9))


def test_feedback_asked_after_filing_but_before_the_decision_is_due_a_week_after_it():
    found = _feedback(status="investigation_opened", feedback_requested_at=at(2026, 5, 5))
    assert (found.rule.key, found.due) == ("feedback", dt.date(2026, 5, 15))
