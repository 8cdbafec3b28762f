"""The plan's history reads as Swedish sentences: every kind of event, every field a service
records, no internal name and no untranslated word."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from lots.plans.history import FIELD_LABELS, SENTENCES, sentence
from lots.plans.models import EventKind, SipEvent, Status
from lots.plans.tests.factories import elins_sip, lead_by

ALL_FIELDS = sorted(FIELD_LABELS)


def _event(kind: str, **kwargs) -> SipEvent:
    return SipEvent(kind=kind, user=None, **kwargs)


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_kind_of_event_reads_as_a_swedish_sentence(kind):
    event = _event(kind, from_status=Status.MEETING_CALLED, to_status=Status.ESTABLISHED, changed_fields=ALL_FIELDS)
    with translation.override("sv"):
        swedish = sentence(event, "BUP")
    with translation.override("en"):
        english = sentence(event, "BUP")
    assert kind in SENTENCES
    assert swedish != english, "translated"
    assert not re.search(r"[a-z]+_[a-z]+", swedish), f"an internal name: {swedish}"
    for word in ("the", "changed", "lead", "principal", "reporter", "went"):
        assert not re.search(rf"\b{word}\b", swedish), f"untranslated {word!r}: {swedish}"
    assert swedish.endswith(".")


def test_an_unknown_field_is_never_shown_by_its_internal_name():
    with translation.override("sv"):
        text = sentence(_event(EventKind.REVISED, changed_fields=["secret_column"]), "")
    assert "secret_column" not in text and "andra uppgifter" in text


@pytest.mark.django_db
def test_the_history_page_names_the_person_the_agency_and_the_lead_in_one_word(world, signed_in):
    from lots.plans import services

    sip = elins_sip(world, established=True)
    lead_by(sip, sip.sam)
    services.revise_plan(
        actor=world.actor(world.sam), sip=sip, version=sip.version, lead=sip.bo, follow_up_on=sip.follow_up_on
    )
    body = signed_in(world.sam).get(reverse("plans:history", args=[sip.pk])).content.decode()
    assert "Sam Socialsson (Socialtjänst (Testby kommun)) ändrade planen. Ändrat: huvudansvarig." in body
    assert "huvudman" not in body and "lead" not in body
