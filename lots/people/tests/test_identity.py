import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lots.core.luhn import luhn_check_digit, luhn_ok
from lots.people.identity import (
    Kind,
    format_identity_number,
    make_identity_number,
    parse_identity_number,
)

TODAY = dt.date(2026, 11, 23)


def checked(yyyymmdd: str, serial: str = "998") -> str:
    """A twelve-digit number with a correct check digit, whatever the date says."""
    body = yyyymmdd[2:] + serial
    return f"{yyyymmdd}-{serial}{luhn_check_digit(body)}"


def parse(text):
    return parse_identity_number(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "201303209983",
        "20130320-9983",
        "130320-9983",
        "1303209983",
        "  20130320-9983  ",
        "20130320 9983",
        "130320 9983",
        "130320 - 9983",
        "20130320\u00a09983",
        "20130320 -9983",
    ],
)
def test_the_usual_written_forms_of_one_personnummer_normalise_to_twelve_digits(text):
    number = parse(text)
    assert number.digits == "201303209983"
    assert number.kind is Kind.PERSONNUMMER
    assert number.birth_date == dt.date(2013, 3, 20)
    assert str(number) == "20130320-9983"


def test_a_ten_digit_number_is_placed_in_the_latest_century_not_in_the_future():
    born_1990 = make_identity_number(dt.date(1990, 5, 17), 123)
    assert parse(born_1990[2:8] + "-" + born_1990[8:]).birth_date == dt.date(1990, 5, 17)
    born_2026 = make_identity_number(dt.date(2026, 1, 2), 123)
    assert parse(born_2026[2:]).birth_date == dt.date(2026, 1, 2)


def test_the_plus_separator_means_the_person_has_turned_one_hundred():
    born = make_identity_number(dt.date(1921, 4, 3), 456)
    number = parse(f"{born[2:8]}+{born[8:]}")
    assert number.birth_date == dt.date(1921, 4, 3)
    assert number.digits == born
    # Without "+", the same ten digits mean someone born in 2021.
    assert parse(f"{born[2:8]}-{born[8:]}").birth_date == dt.date(2021, 4, 3)


def test_plus_with_twelve_digits_is_refused():
    with pytest.raises(ValidationError) as error:
        parse("19210403+4560")
    assert error.value.code in {"plus_with_century", "shape"}


def test_samordningsnummer_adds_sixty_to_the_day():
    digits = make_identity_number(dt.date(2010, 7, 14), 239, samordning=True)
    assert digits[6:8] == "74"
    number = parse(digits)
    assert number.kind is Kind.SAMORDNINGSNUMMER
    assert number.birth_date == dt.date(2010, 7, 14)
    assert format_identity_number(number.digits) == f"{digits[:8]}-{digits[8:]}"


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("", "empty", "Ange ett personnummer"),
        ("   ", "empty", "Ange ett personnummer"),
        ("20130320-9984", "checksum", "Kontrollsiffran"),
        (checked("20130230"), "date", "finns inte"),
        (checked("20130399"), "date", "finns inte"),
        (checked("20131320"), "date", "finns inte"),
        (checked("20130000"), "date", "finns inte"),
        ("20130320998300", "too_long", "högst 12 siffror"),
        ("20130320-99831234", "too_long", "högst 12 siffror"),
        ("2013O320-9983", "characters", "bara innehålla siffror"),
        ("20130320 9984", "checksum", "Kontrollsiffran"),
        ("130320 9984", "checksum", "Kontrollsiffran"),
        ("2013 0320 9983", "shape", "10 eller 12 siffror"),
        ("20130320  9983 0000", "too_long", "högst 12 siffror"),
        ("20130320_9983", "characters", "bara innehålla siffror"),
        ("20130320\n9983", "characters", "bara innehålla siffror"),
        ("201303209", "shape", "10 eller 12 siffror"),
        ("2013-03209983", "shape", "10 eller 12 siffror"),
    ],
)
def test_wrong_input_is_refused_with_a_swedish_message_saying_what_is_wrong(text, code, words):
    with pytest.raises(ValidationError) as error:
        parse(text)
    assert error.value.code == code
    assert words in error.value.messages[0]


def test_messages_follow_the_interface_language():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse("20130320-9984")
    assert error.value.messages == ["The check digit is wrong: check the number again."]


def test_a_date_in_the_future_is_refused():
    future = make_identity_number(dt.date(2026, 12, 24), 111)
    with pytest.raises(ValidationError) as error:
        parse(future)
    assert error.value.code == "future"


def test_leap_days_exist_only_in_leap_years():
    assert parse(make_identity_number(dt.date(2012, 2, 29), 5)).birth_date == dt.date(2012, 2, 29)
    with pytest.raises(ValidationError) as error:
        parse(checked("20130229"))
    assert error.value.code == "date"


def test_generated_numbers_always_pass_the_check():
    for serial in range(0, 1000, 37):
        digits = make_identity_number(dt.date(2015, 6, 1), serial)
        assert luhn_ok(digits[2:])
        assert parse(digits).digits == digits
