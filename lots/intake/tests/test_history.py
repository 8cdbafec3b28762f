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


def _note(kind: str) -> str:
    return {ReportEvent.Kind.MEETING_OFFERED: "reporter", ReportEvent.Kind.REMINDED: "decision"}.get(kind, "Skäl")


def _report_event(kind: str) -> ReportEvent:
    status = ReportStatus.INVESTIGATION_OPENED if kind == ReportEvent.Kind.DECIDED else ""
    return ReportEvent(kind=kind, note=_note(kind), to_status=status)


def _request_event(kind: str) -> RequestEvent:
    return RequestEvent(kind=kind, unit=Unit(name="Familjestödet"), note="")


CASES = [(report_sentence, _report_event(kind)) for kind in ReportEvent.Kind] + [
    (request_sentence, _request_event(kind)) for kind in RequestEvent.Kind
]


def test_every_kind_has_a_sentence():
    assert set(REPORT_SENTENCES) == set(ReportEvent.Kind) and set(REQUEST_SENTENCES) == set(RequestEvent.Kind)


@pytest.mark.parametrize(("render", "event"), CASES, ids=[f"{type(e).__name__}-{e.kind}" for _r, e in CASES])
def test_every_event_reads_as_a_swedish_sentence(render, event):
    with translation.override("sv"):
        swedish = render(event)
    with translation.override("en"):
        english = render(event)
    assert swedish != english, "translated"
    assert not re.search(r"[a-z]+_[a-z]+", swedish), f"an internal name: {swedish}"
    for word in ENGLISH:
        assert not re.search(rf"\b{word}\b", swedish), f"untranslated {word!r}: {swedish}"


def test_whom_a_meeting_was_offered_is_said_in_swedish():
    with translation.override("sv"):
        assert report_sentence(ReportEvent(kind=ReportEvent.Kind.MEETING_OFFERED, note="family")) == (
            "Lots erbjöd barnet och vårdnadshavarna ett möte."
        )
        assert "anmälaren" in report_sentence(ReportEvent(kind=ReportEvent.Kind.MEETING_OFFERED, note="reporter"))
