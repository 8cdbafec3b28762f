"""iCalendar invitations (RFC 5545, with the iTIP methods of RFC 5546).

An event keeps one UID for its whole life; each change raises SEQUENCE, so a calendar that
imports the new file replaces the old event, and METHOD:CANCEL removes it. The caller decides
what the event may say: this module adds nothing about a person (no name of a child, no
address of a protected person) beyond the fields it is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT_ID = "-//Lots//Lots//SV"


@dataclass(frozen=True)
class Party:
    """An organiser or attendee: a member of staff, named by their work e-mail."""

    name: str
    email: str

    def address(self, **params) -> vCalAddress | None:
        if not self.email:
            return None
        address = vCalAddress(f"mailto:{self.email}")
        address.params["CN"] = vText(self.name)
        for key, value in params.items():
            address.params[key] = vText(value)
        return address


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    start: dt.datetime
    end: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer: Party | None = None
    attendee: Party | None = None
    cancelled: bool = False


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("calendar times must be aware")
    return moment.astimezone(dt.UTC)


def invitation(event: CalendarEvent, *, now: dt.datetime | None = None) -> bytes:
    """One VEVENT in a VCALENDAR with METHOD:REQUEST, or METHOD:CANCEL for a cancelled event."""
    if event.end <= event.start:
        raise ValueError("an event must end after it starts")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if event.cancelled else "REQUEST")
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", _utc(now or dt.datetime.now(dt.UTC)))
    vevent.add("dtstart", _utc(event.start))
    vevent.add("dtend", _utc(event.end))
    vevent.add("summary", event.summary)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    vevent.add("class", "CONFIDENTIAL")
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.organizer and (organizer := event.organizer.address()):
        vevent.add("organizer", organizer)
    if event.attendee and (
        attendee := event.attendee.address(ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE")
    ):
        vevent.add("attendee", attendee)
    calendar.add_component(vevent)
    return calendar.to_ical()
