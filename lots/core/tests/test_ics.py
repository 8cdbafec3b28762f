import datetime as dt

import pytest
from icalendar import Calendar

from lots.core.ics import CalendarEvent, Party, invitation

START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def event(**overrides) -> CalendarEvent:
    values = dict(
        uid="sip-meeting-1f2e@lots",
        sequence=0,
        start=START,
        end=START + dt.timedelta(hours=1, minutes=30),
        summary="SIP-möte",
        description="Se kallelsen i Lots.",
        location="Rådhusgatan 1, rum Ek",
        url="https://lots.example.se/sip/7/moten/3/",
        organizer=Party(name="Sam Socialsson", email="sam@example.invalid"),
        attendee=Party(name="Bo Bupsson", email="bo@example.invalid"),
    )
    values.update(overrides)
    return CalendarEvent(**values)


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


def test_a_request_carries_uid_sequence_and_times_in_utc():
    calendar, vevent = parse(invitation(event()))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]) == "sip-meeting-1f2e@lots"
    assert int(vevent["SEQUENCE"]) == 0
    assert vevent.decoded("DTSTART") == dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == dt.timedelta(minutes=90)
    assert str(vevent["SUMMARY"]) == "SIP-möte"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["ORGANIZER"]) == "mailto:sam@example.invalid"
    assert vevent["ATTENDEE"].params["CN"] == "Bo Bupsson"


def test_an_update_keeps_the_uid_and_raises_the_sequence():
    first = parse(invitation(event()))[1]
    moved = parse(
        invitation(event(sequence=1, start=START + dt.timedelta(days=1), end=START + dt.timedelta(days=1, hours=1)))
    )[1]
    assert first["UID"] == moved["UID"]
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])


def test_a_cancellation_uses_method_cancel():
    calendar, vevent = parse(invitation(event(sequence=2, cancelled=True)))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) == 2


def test_optional_fields_are_left_out_when_empty():
    _, vevent = parse(invitation(event(location="", description="", url="", organizer=None, attendee=None)))
    for name in ("LOCATION", "DESCRIPTION", "URL", "ORGANIZER", "ATTENDEE"):
        assert name not in vevent


def test_bad_times_are_refused():
    with pytest.raises(ValueError, match="end after"):
        invitation(event(end=START))
    with pytest.raises(ValueError, match="aware"):
        invitation(event(start=dt.datetime(2026, 3, 10, 9), end=dt.datetime(2026, 3, 10, 10)))
