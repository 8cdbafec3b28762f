"""The indicators of deviations, school attendance and family coordination, counted on a small
world of 2025 (read on 1 June 2026): the values, what is left out, and small counts suppressed
by the follow-up's one rule."""

from __future__ import annotations

import datetime as dt

import pytest

from lots.attendance.models import Level, Signal
from lots.deviations.models import DeviationEvent, Kind, Status
from lots.deviations.tests.factories import DeviationFactory
from lots.families.models import Engagement, Occasion, OutcomeRating
from lots.families.tests.factories import ReferralFactory
from lots.followup import registry, tables
from lots.followup.registry import Scope
from lots.followup.tests.conftest import TODAY, YEAR, at
from lots.organisations.tests.factories import UnitFactory
from lots.people.tests.factories import ChildFactory

D = dt.date


def _suppressed(key: str, agency) -> tables.Table:
    """The indicator's table for one agency, as every page draws it."""
    tree = tables.Tree(leaf_of={agency.pk: agency.pk}, parent={agency.pk: tables.TOTAL}, labels={agency.pk: "A"})
    tallies = registry.get(key).compute(Scope(YEAR, [agency.pk], today=TODAY))
    return tables.build(registry.get(key), tallies, tree)


# Deviations ------------------------------------------------------------------------------------


@pytest.fixture
def deviations(world):
    school = {"reporting_agency": world.school, "reported_by": world.kim}
    made = {
        "open": DeviationFactory(reported_at=at(2025, 2, 1), kind=Kind.MISSED_SIP, **school),
        "kept": DeviationFactory(
            reported_at=at(2025, 3, 1),
            kind=Kind.NO_FEEDBACK,
            closed=True,
            closed_at=at(2025, 3, 20),
            handling_due_on=D(2025, 3, 31),
            raised_at=at(2025, 3, 10),
            **school,
        ),
        "late": DeviationFactory(
            reported_at=at(2025, 4, 1),
            kind=Kind.MISSED_SIP,
            closed=True,
            closed_at=at(2025, 5, 2),
            handling_due_on=D(2025, 5, 1),
            **school,
        ),
        "confirmed": DeviationFactory(
            reported_at=at(2025, 6, 1),
            kind=Kind.NO_OWNER,
            reporting_agency=world.school,
            proposed=True,
            status=Status.OPEN,
            handling_due_on=D(2025, 7, 1),
        ),
        "proposed": DeviationFactory(reported_at=at(2025, 6, 2), reporting_agency=world.school, proposed=True),
        "dismissed": DeviationFactory(reported_at=at(2025, 6, 3), reporting_agency=world.school, dismissed=True),
        "2024": DeviationFactory(reported_at=at(2024, 12, 31, 23, 30), **school),  # Swedish time: 2024
        "bup": DeviationFactory(reported_at=at(2025, 2, 1), reporting_agency=world.bup),
    }
    DeviationEvent.objects.create(deviation=made["confirmed"], kind=DeviationEvent.Kind.CONFIRMED, at=at(2025, 6, 2))
    DeviationEvent.objects.create(deviation=made["dismissed"], kind=DeviationEvent.Kind.DISMISSED, at=at(2025, 6, 4))
    return made


def test_deviations_by_kind_and_status_leave_proposals_out(world, deviations, count):
    assert count("deviations.by_kind", [world.school])["by"] == {"missed_sip": 2, "no_feedback": 1, "no_owner": 1}
    assert count("deviations.by_status", [world.school])["by"] == {Status.OPEN: 2, Status.CLOSED: 2}
    assert count("deviations.by_kind", [world.school, world.bup])["n"] == 5


def test_deviations_closed_within_the_handling_days(world, deviations, count):
    found = count("deviations.closed_in_time", [world.school])
    assert (found["n"], found["of"]) == (1, 2)


def test_proposals_confirmed_and_dismissed_and_raised(world, deviations, count):
    assert count("deviations.proposals", [world.school])["by"] == {"confirmed": 1, "dismissed": 1}
    assert count("deviations.raised", [world.school])["n"] == 1
    assert count("deviations.raised", [world.bup])["n"] == 0


def test_deviations_with_a_unit_chosen_count_the_units_own(world, deviations, count):
    DeviationFactory(reported_at=at(2025, 2, 1), reporting_agency=world.school, reporting_unit=world.school_unit)
    assert count("deviations.by_kind", [world.school], unit_id=world.school_unit.pk)["n"] == 1


def test_small_deviation_counts_are_suppressed(world, deviations):
    table = _suppressed("deviations.by_kind", world.school)
    assert table.headline is None and table.total.total.text.startswith("<")
    for n in range(6):
        DeviationFactory(reported_at=at(2025, 8, 1 + n), reporting_agency=world.school)
    assert _suppressed("deviations.by_kind", world.school).headline == 10


# School attendance -----------------------------------------------------------------------------


def _signal(world, child, level, raised_on, **fields):
    return Signal.objects.create(
        child=child,
        agency=world.school,
        unit=world.school_unit,
        level=level,
        term_start=D(raised_on.year, 1 if raised_on.month < 7 else 8, 1),
        raised_on=raised_on,
        percent=fields.pop("percent", 31),
        **fields,
    )


@pytest.fixture
def signals(world, settings):
    settings.LOTS_ATTENDANCE_INVESTIGATION_DAYS = 14
    saga = world.saga
    _signal(world, world.elin, Level.MENTOR, D(2025, 2, 3))
    _signal(world, world.elin, Level.STUDENT_HEALTH, D(2025, 2, 10))
    _signal(
        world,
        world.elin,
        Level.ROUTINE,
        D(2025, 3, 3),
        journey_id=1,
        decided_at=at(2025, 3, 4),
        investigated_on=D(2025, 3, 17),
    )  # 14 days: in time
    _signal(world, world.elin, Level.MENTOR, D(2025, 9, 1))  # another term, the same pupil
    _signal(world, saga, Level.MENTOR, D(2025, 4, 1))
    _signal(world, saga, Level.ROUTINE, D(2025, 4, 7), investigated_on=D(2025, 4, 30))  # late
    _signal(world, saga, Level.ROUTINE, D(2025, 12, 28))  # due in 2026: not counted in 2025
    _signal(world, saga, Level.MENTOR, D(2024, 12, 20))  # 2024


def test_pupils_over_each_threshold_once_per_pupil(world, signals, count):
    assert count("attendance.pupils_over", [world.school])["by"] == {"mentor": 2, "student_health": 1, "routine": 2}
    assert count("attendance.signals", [world.school])["by"] == {"mentor": 3, "student_health": 1, "routine": 3}
    assert count("attendance.signals", [world.bup])["n"] == 0


def test_routines_proposed_and_started(world, signals, count):
    assert count("attendance.routines", [world.school])["by"] == {"routine": 3, "started": 1}


def test_investigations_on_time_only_those_due_and_passed(world, signals, count):
    found = count("attendance.investigated_in_time", [world.school])
    assert (found["n"], found["of"]) == (1, 2)
    found = count("attendance.investigated_in_time", [world.school], today=D(2025, 3, 10))
    assert (found["n"], found["of"]) == (0, 0)  # nothing due yet


def test_small_attendance_counts_are_suppressed(world, signals):
    assert _suppressed("attendance.pupils_over", world.school).headline is None


# Family coordination ---------------------------------------------------------------------------


@pytest.fixture
def families(world):
    team = UnitFactory(agency=world.social, kind="family_coordination")

    def engagement(received, started, *, ended=None, reason="", ratings=()):
        referral = ReferralFactory(team=team, accepted=True, received_at=received)
        made = Engagement.objects.create(
            referral=referral,
            team=team,
            agency=world.social,
            child=ChildFactory(),
            coordinator=world.rut,
            started_at=started,
            ended_at=ended,
            end_reason=reason,
            status="ended" if ended else "active",
        )
        for occasion, day, control in ratings:
            OutcomeRating.objects.create(
                engagement=made,
                occasion=occasion,
                rated_on=day,
                structure=3,
                control=control,
                economy="stable",
                recorded_by=world.rut,
            )
        return made

    engagement(
        at(2025, 1, 10),
        at(2025, 1, 20),
        ended=at(2025, 11, 1),
        reason="completed",
        ratings=[(Occasion.START, D(2025, 1, 20), 2), (Occasion.END, D(2025, 11, 1), 4)],
    )
    engagement(
        at(2025, 2, 1),
        at(2025, 3, 3),
        ended=at(2025, 10, 1),
        reason="moved",
        ratings=[(Occasion.START, D(2025, 3, 3), 3), (Occasion.END, D(2025, 10, 1), 3)],
    )
    engagement(at(2024, 12, 31, 23, 30), at(2025, 1, 2))  # received the 31st, Swedish time: 2 days
    engagement(
        at(2024, 11, 1),
        at(2024, 12, 1),
        ended=at(2025, 2, 1),
        reason="family_ended",
        ratings=[(Occasion.END, D(2025, 2, 1), 5)],
    )  # no start rating: left out
    return team


def test_family_coordinations_started_and_ended(world, families, count):
    assert count("families.started", [world.social])["n"] == 3
    assert count("families.ended", [world.social])["by"] == {"completed": 1, "moved": 1, "family_ended": 1}
    assert count("families.started", [world.school])["n"] == 0


def test_waiting_from_referral_to_start(world, families, count):
    assert count("families.waiting_days", [world.social])["days"] == {10: 1, 30: 1, 2: 1}


def test_outcome_ratings_without_a_start_rating_are_left_out(world, families, count):
    found = count("families.control_rose", [world.social])
    assert (found["n"], found["of"]) == (1, 2)
    assert count("families.started", [world.social], unit_id=families.pk)["n"] == 3
    assert count("families.started", [world.social], unit_id=world.social_unit.pk)["n"] == 0


def test_small_family_counts_are_suppressed(world, families):
    assert _suppressed("families.started", world.social).headline is None
    assert _suppressed("families.waiting_days", world.social).headline is None
