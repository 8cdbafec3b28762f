"""Swedish identity numbers: personnummer and samordningsnummer (folkbokföringslagen 18, 18 a §§).

Accepted input: 10 or 12 digits, with or without a "-" or "+" before the last four
("+" in the 10-digit form means the person has turned 100), and with or without spaces
around that place ("20100512 1234", "100512 - 1234"): the forms people write. Stored as
12 digits, shown as YYYYMMDD-NNNN. The sex is never derived from the number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.core.luhn import luhn_check_digit, luhn_ok

_SHAPE = re.compile(r"^(?P<date>\d{6}|\d{8}) ?(?P<sep>[-+]?) ?(?P<serial>\d{3})(?P<check>\d)$", re.ASCII)
#: Spaces and tabs (and, after NFKC, the no-break spaces of copied text): read as one space.
#: A line break inside a number is not a way of writing it, and stays refused.
_SPACES = re.compile(r"[ \t]+")
#: Dashes that come with copying from a word processor (en dash, minus sign, …) mean "-".
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d]")
MAX_INPUT_LENGTH = 13
SAMORDNING_DAY_OFFSET = 60


class Kind(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"


@dataclass(frozen=True)
class IdentityNumber:
    digits: str  # the normalised 12-digit form, YYYYMMDDNNNC
    kind: Kind
    birth_date: dt.date

    def __str__(self) -> str:
        return format_identity_number(self.digits)


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years from birth to `day`: the age the law counts (a birthday counts on the day)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def format_identity_number(digits: str) -> str:
    """YYYYMMDD-NNNN from the stored 12-digit form."""
    return f"{digits[:8]}-{digits[8:]}"


def _century_for_short_form(yymmdd: str, plus: bool, today: dt.date) -> int:
    """The century of a 10-digit number: the latest birth year not in the future,
    moved back a hundred years when "+" says the person has turned 100."""
    year_in_century = int(yymmdd[:2])
    century = today.year // 100 * 100
    year = century + year_in_century
    if year > today.year:
        year -= 100
    if plus:
        year -= 100
    return year // 100 * 100


def parse_identity_number(value: str, *, today: dt.date | None = None) -> IdentityNumber:
    """Validate and normalise; every refusal says in Swedish what is wrong."""
    today = today or dt.date.today()
    # Full-width digits become ASCII (NFKC); other scripts' digits are refused below, so that
    # only 0-9 are ever stored (a bug found by the fuzzing in lots/security/tests).
    text = _SPACES.sub(" ", _DASHES.sub("-", unicodedata.normalize("NFKC", value or ""))).strip()
    if not text:
        raise ValidationError(_("Enter an identity number."), code="empty")
    if len(text.replace(" ", "")) > MAX_INPUT_LENGTH:
        raise ValidationError(_("An identity number has at most 12 digits and one separator."), code="too_long")
    if re.search(r"[^0-9+ -]", text):
        raise ValidationError(
            _("An identity number may only contain digits and a -, + or space before the last four."),
            code="characters",
        )
    match = _SHAPE.match(text)
    if not match:
        raise ValidationError(
            _("An identity number has 10 or 12 digits, as YYYYMMDD-NNNN or YYMMDD-NNNN."),
            code="shape",
        )
    date_part, separator = match.group("date"), match.group("sep")
    tail = match.group("serial") + match.group("check")
    if len(date_part) == 8:
        if separator == "+":
            raise ValidationError(
                _("The + separator is only used with 10 digits; with 12 digits use -."),
                code="plus_with_century",
            )
        full_date = date_part
    else:
        century = _century_for_short_form(date_part, separator == "+", today)
        full_date = f"{century + int(date_part[:2]):04d}{date_part[2:]}"

    if not luhn_ok(full_date[2:] + tail):
        raise ValidationError(_("The check digit is wrong: check the number again."), code="checksum")

    day = int(full_date[6:8])
    kind = Kind.PERSONNUMMER
    if day > SAMORDNING_DAY_OFFSET:
        kind = Kind.SAMORDNINGSNUMMER
        day -= SAMORDNING_DAY_OFFSET
    try:
        birth_date = dt.date(int(full_date[:4]), int(full_date[4:6]), day)
    except ValueError:
        raise ValidationError(_("The date in the identity number does not exist."), code="date") from None
    if birth_date > today:
        raise ValidationError(_("The date in the identity number is in the future."), code="future")
    return IdentityNumber(digits=full_date + tail, kind=kind, birth_date=birth_date)


def looks_like_identity_number(value: str) -> bool:
    """Whether a search text is meant as an identity number (six digits or more, and only digits,
    separators and spaces), so that a wrong one is answered with why rather than by a name search."""
    text = unicodedata.normalize("NFKC", value or "")
    return sum(c.isdigit() for c in text) >= 6 and not re.search(r"[^0-9+ -]", _SPACES.sub(" ", _DASHES.sub("-", text)))


def make_identity_number(birth_date: dt.date, serial: int, *, samordning: bool = False) -> str:
    """A valid 12-digit number for a date and a three-digit serial (for demo and test data)."""
    day = birth_date.day + (SAMORDNING_DAY_OFFSET if samordning else 0)
    body = f"{birth_date:%y%m}{day:02d}{serial:03d}"
    return f"{birth_date.year // 100:02d}{body}{luhn_check_digit(body)}"
