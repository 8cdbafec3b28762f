"""The experience indicators (the two questions to children and guardians) against hand-counted
answers of 2025 (read on 1 June 2026), and small counts suppressed by the follow-up's one rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lots.followup import registry, tables
from lots.followup.registry import Scope
from lots.followup.tests.conftest import TODAY, YEAR
from lots.plans.models import ClosingReason, ExperienceAnswer, Status
from lots.plans.tests.factories import SipFactory, SipMeetingFactory

D = dt.date
LISTENED, KNOWS = "sip.experience_listened_to", "sip.experience_knows_whom_to_call"


def _answer(world, sip, day, listened, knows, *, meeting=None, **fields):
    occasion = {"occasion": "meeting", "meeting": meeting} if meeting else {"occasion": "closing"}
    return ExperienceAnswer.objects.create(
        sip=sip,
        respondent=fields.get("respondent", "child"),
        channel=fields.get("channel", "paper"),
        listened_to=listened,
        knows_whom_to_call=knows,
        answered_on=day,
        entered_by=world.kim,
        **occasion,
    )


@pytest.fixture
def answers(world):
    school = SipFactory(requesting_agency=world.school, status=Status.ESTABLISHED)
    closed = SipFactory(
        requesting_agency=world.school,
        status=Status.CLOSED,
        ended_on=D(2025, 6, 1),
        closing_reason=ClosingReason.GOALS_MET,
    )
    bup = SipFactory(requesting_agency=world.bup, status=Status.ESTABLISHED)
    meeting = SipMeetingFactory(sip=school, held=True)
    other_meeting = SipMeetingFactory(sip=bup, held=True)
    # The school's plans, in 2025:          listened to   knows whom to call
    _answer(world, school, D(2025, 3, 20), "yes", "yes", meeting=meeting)  # yes       yes
    _answer(world, school, D(2025, 3, 20), "partly", "no", meeting=meeting)  # not yes  not yes
    _answer(world, school, D(2025, 3, 21), "no", "none", meeting=meeting)  # not yes  (left out)
    _answer(world, school, D(2025, 5, 2), "none", "yes", meeting=meeting)  # (left out) yes
    _answer(world, closed, D(2025, 6, 2), "yes", "yes", respondent="guardian", channel="family_view")  # yes yes
    # Outside the year: never counted in 2025.
    _answer(world, school, D(2024, 12, 31), "yes", "yes", meeting=meeting)
    _answer(world, school, D(2026, 1, 1), "yes", "yes", meeting=meeting)
    # Another agency's plan: counted for BUP only.
    _answer(world, bup, D(2025, 3, 2), "no", "no", meeting=other_meeting)
    return {"school": school, "meeting": meeting}


def test_the_share_answering_yes_by_the_plans_agency(world, answers, count):
    assert (count(LISTENED, [world.school])["n"], count(LISTENED, [world.school])["of"]) == (2, 4)
    assert (count(KNOWS, [world.school])["n"], count(KNOWS, [world.school])["of"]) == (3, 4)
    both = count(LISTENED, [world.school, world.bup])
    assert (both["n"], both["of"]) == (2, 5)


def test_a_unit_counts_the_answers_of_the_plans_it_takes_part_in(world, answers, count):
    from lots.plans.tests.factories import SipParticipantFactory

    SipParticipantFactory(
        sip=answers["school"], user=world.kim, unit=world.school_unit, agency=world.school, role_text="Kurator"
    )
    found = count(LISTENED, [world.school], unit_id=world.school_unit.pk)
    assert (found["n"], found["of"]) == (1, 3), "the open plan's three answers, not the closed plan's"


def _table(key: str, agency) -> tables.Table:
    tree = tables.Tree(leaf_of={agency.pk: agency.pk}, parent={agency.pk: tables.TOTAL}, labels={agency.pk: "A"})
    return tables.build(registry.get(key), registry.get(key).compute(Scope(YEAR, [agency.pk], today=TODAY)), tree)


def test_small_counts_are_suppressed_and_larger_ones_shown(world, answers):
    table = _table(LISTENED, world.school)
    assert table.headline is None and table.total.total.text.startswith("<")
    for n in range(8):
        yes = n < 5
        _answer(world, answers["school"], D(2025, 9, 1 + n), "yes" if yes else "no", "yes", meeting=answers["meeting"])
    assert _table(LISTENED, world.school).headline == 58  # 7 of 12


def test_each_has_a_definition_a_person_can_read(world):
    with translation.override("sv"):
        for key, question in ((LISTENED, "”Kände du dig lyssnad på?”"), (KNOWS, "”Vet du vem du ska ringa?”")):
            indicator = registry.get(key)
            assert indicator.kind is registry.Kind.SHARE
            assert question in str(indicator.definition.counted)
            assert str(indicator.definition.dated) == "Dagen då svaren gavs."
            assert str(indicator.definition.excluded).startswith("De som inte svarade på frågan.")
