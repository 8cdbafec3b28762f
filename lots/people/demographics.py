"""Legal sex and age derived from the identity number (no field of their own): in Python for one
number, and as database expressions for counting many in one grouped statement (the follow-up's
breakdowns by age band and by girls and boys).

The second-to-last digit of a personnummer or samordningsnummer is even for a woman, odd for a
man (folkbokföringslagen 18 §); a samordningsnummer's day is the birth day + 60. A child with a
reserve number only has neither: counted as "unknown", never guessed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, IntegerField, Q, Value, When
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear, Mod, Substr
from django.db.models.lookups import Exact, GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.people.identity import SAMORDNING_DAY_OFFSET, age_on

GIRL, BOY, UNKNOWN = "girl", "boy", "unknown"
SEXES = {GIRL: _("Girls"), BOY: _("Boys"), UNKNOWN: _("No identity number")}
#: (key, youngest, oldest or None): the age bands of the follow-up, by the school forms.
AGE_BANDS = (("0-5", 0, 5), ("6-12", 6, 12), ("13-15", 13, 15), ("16-17", 16, 17), ("18-", 18, None))
AGE_LABELS = {key: (f"{low}–{high} år" if high is not None else f"{low} år –") for key, low, high in AGE_BANDS} | {
    UNKNOWN: _("No identity number")
}


def legal_sex(digits: str) -> str:
    """GIRL or BOY from a 12-digit identity number."""
    return GIRL if int(digits[10]) % 2 == 0 else BOY


def birth_date(digits: str) -> dt.date:
    day = int(digits[6:8])
    if day > SAMORDNING_DAY_OFFSET:
        day -= SAMORDNING_DAY_OFFSET
    return dt.date(int(digits[:4]), int(digits[4:6]), day)


def age_band(digits: str, day: dt.date) -> str:
    age = age_on(birth_date(digits), day)
    return next(key for key, low, high in AGE_BANDS if age >= low and (high is None or age <= high))


def _known(number: str) -> Q:
    return Q(**{f"{number}__isnull": False}) & ~Q(**{number: ""})


def sex_expression(number: str):
    """The legal sex of the identity number at `number` (a field path), in the database."""
    digit = Cast(Substr(number, 11, 1), IntegerField())
    return Case(
        When(~_known(number), then=Value(UNKNOWN)),
        When(Exact(Mod(digit, 2), 0), then=Value(GIRL)),
        default=Value(BOY),
        output_field=CharField(),
    )


def age_band_expression(number: str, moment: str):
    """The age band at the local day of `moment` (a field path) of the identity number at
    `number`, in the database: the whole years between two dates written YYYYMMDD are their
    difference divided by 10 000 (a samordningsnummer's day less 60)."""
    zone = timezone.get_current_timezone()
    day = Cast(  # PostgreSQL's EXTRACT is numeric: whole numbers, so that / divides whole
        ExtractYear(moment, tzinfo=zone) * 10000
        + ExtractMonth(moment, tzinfo=zone) * 100
        + ExtractDay(moment, tzinfo=zone),
        IntegerField(),
    )
    born = Cast(Substr(number, 1, 8), IntegerField())
    offset = Case(
        When(
            GreaterThan(Cast(Substr(number, 7, 2), IntegerField()), SAMORDNING_DAY_OFFSET),
            then=Value(SAMORDNING_DAY_OFFSET),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    age = (day - born + offset) / 10000
    whens = [When(LessThanOrEqual(age, high), then=Value(key)) for key, _low, high in AGE_BANDS if high is not None]
    unknown = When(~_known(number), then=Value(UNKNOWN))
    return Case(unknown, *whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())
