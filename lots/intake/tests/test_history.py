"""The histories of reports and requests read as Swedish sentences: every kind of event, no
internal name ("reporter", a deadline's key) and no untranslated word."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from lots.intake.history import REPORT_SENTENCES, REQUEST_SENTENCES, report_sentence, request_sentence
from lots.intake.models import ReportEvent, ReportStatus, RequestEvent
from lots.organisations.models import Unit

ENGLISH = ("the", "reporter", "family", "report", "request", "was", "feedback", "meeting", "note", "reason")


def _check(swedish: str, english: str) -> None:
    assert swedish != english, "translated"
    assert not re.search(r"[a-z]+_[a-z]+", swedish), f"an internal name: {swedish}"
    for word in ENGLISH:
        assert not re.search(rf"\b{word}\b", swedish), f"untranslated {word!r}: {swedish}"


def _note(kind: str) -> str:
    return {ReportEvent.Kind.MEETING_OFFERED: "reporter", ReportEvent.Kind.REMINDED: "decision"}.get(kind, "Skäl")


@pytest.mark.parametrize("kind", list(ReportEvent.Kind))
def test_every_report_event_reads_as_a_swedish_sentence(kind):
    status = ReportStatus.INVESTIGATION_OPENED if kind == ReportEvent.Kind.DECIDED else ""
    event = ReportEvent(kind=kind, note=_note(kind), to_status=status)
    assert kind in REPORT_SENTENCES
    with translation.override("sv"):
        swedish = report_sentence(event)
    with translation.override("en"):
        english = report_sentence(event)
    _check(swedish, english)


@pytest.mark.parametrize("kind", list(RequestEvent.Kind))
def test_every_request_event_reads_as_a_swedish_sentence(kind):
    event = RequestEvent(kind=kind, unit=Unit(name="Familjestödet"), note="")
    assert kind in REQUEST_SENTENCES
    with translation.override("sv"):
        swedish = request_sentence(event)
    with translation.override("en"):
        english = request_sentence(event)
    _check(swedish, english)


def test_whom_a_meeting_was_offered_is_said_in_swedish():
    with translation.override("sv"):
        assert report_sentence(ReportEvent(kind=ReportEvent.Kind.MEETING_OFFERED, note="family")) == (
            "Lots erbjöd barnet och vårdnadshavarna ett möte."
        )
        assert "anmälaren" in report_sentence(ReportEvent(kind=ReportEvent.Kind.MEETING_OFFERED, note="reporter"))
