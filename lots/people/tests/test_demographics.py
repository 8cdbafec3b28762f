"""Legal sex and age band from the identity number, in Python and in the database alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lots.people import demographics
from lots.people.identity import make_identity_number
from lots.people.models import Child
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2013, 5, 20)


@pytest.mark.parametrize(("serial", "sex"), [(120, demographics.GIRL), (131, demographics.BOY)])
def test_the_second_to_last_digit_gives_the_legal_sex(serial, sex):
    assert demographics.legal_sex(make_identity_number(BORN, serial)) == sex  # 12 -> 2 even; 13 -> 3 odd


def test_a_samordningsnummer_is_born_on_its_day_less_60():
    assert demographics.birth_date(make_identity_number(BORN, 121, samordning=True)) == BORN


@pytest.mark.parametrize(
    ("day", "band"),
    [(dt.date(2025, 5, 19), "6-12"), (dt.date(2026, 5, 20), "13-15"), (dt.date(2031, 5, 20), "18-")],
)
def test_the_age_band_turns_on_the_birthday_in_python_and_in_the_database(day, band):
    for samordning in (False, True):
        digits = make_identity_number(BORN, 240, samordning=samordning)
        assert demographics.age_band(digits, day) == band
        child = ChildFactory(identity_number=digits)
        moment = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 0, 30))  # after midnight here
        found = (
            Child.objects.filter(pk=child.pk)
            .annotate(at=_at(moment))
            .values_list(demographics.age_band_expression("identity_number", "at"), flat=True)
        )
        assert list(found) == [band]
        child.delete()


def _at(moment):
    from django.db.models import DateTimeField, Value

    return Value(moment, output_field=DateTimeField())


def test_a_child_with_a_reserve_number_only_is_unknown_not_guessed():
    child = ChildFactory(unnumbered=True)
    row = Child.objects.filter(pk=child.pk).values_list(demographics.sex_expression("identity_number"), flat=True)
    assert list(row) == [demographics.UNKNOWN]
    girl = ChildFactory(identity_number=make_identity_number(BORN, 120))
    row = Child.objects.filter(pk=girl.pk).values_list(demographics.sex_expression("identity_number"), flat=True)
    assert list(row) == [demographics.GIRL]
