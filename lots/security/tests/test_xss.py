"""An XSS and injection list against every free-text field and search box of the foundation:
stored as the text it was, shown escaped, never run; SQL is data, never a query."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from lots.access.models import BreakGlass, Consent
from lots.access.tests.factories import ConsentFactory
from lots.audit.models import Review
from lots.people.models import Child

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">länk</a>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "' OR '1'='1' --",
    "'; DROP TABLE people_child; --",
    "Robert'); DELETE FROM audit_auditentry; --",
    "\u202egnp.exe\u202c <b>fet</b> &amp; &lt;",
]


def assert_shown_escaped(html: str, payload: str) -> None:
    if any(ch in payload for ch in "<>\"'&"):
        assert payload not in html, "the payload reached the page unescaped"
    assert escape(payload) in html, "the payload is shown, escaped"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("payload", PAYLOADS)
def test_consent_free_text_is_stored_as_text_and_shown_escaped(world, payload):
    client = signed_in(world.kim)
    response = client.post(
        reverse("access:consent_new", args=[world.elin.pk]),
        {
            "purpose": "named_exchange",
            "purpose_text": payload,
            "agencies": [world.school.pk, world.bup.pk],
            "information_kinds": ["1"],
            "form": "in_meeting",
            "guardians": [world.gun.pk],
            "single_guardian_ground": payload,
            "child_view": payload,
        },
        follow=True,
    )
    consent = Consent.objects.get()
    assert consent.purpose_text == payload.strip() and consent.single_guardian_ground == payload.strip()
    assert consent.parties.get(role="child").view_in_words == payload.strip()
    html = response.content.decode()
    for _ in range(3):
        assert_shown_escaped(html, payload.strip())
    assert Child.objects.count() == 2, "no SQL ran"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_answers_and_withdrawal_names_are_shown_escaped(world, payload):
    consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    client = signed_in(world.kim)
    url = reverse("access:consent", args=[consent.pk])
    client.post(url, {"add_party": "1", "guardian": "", "agrees": "1", "view_in_words": payload})
    page = client.post(url, {"withdraw": "1", "withdrawn_by_name": payload}, follow=True).content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_by_name == payload.strip()
    assert_shown_escaped(page, payload.strip())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_boxes_echo_escaped_and_find_nothing_by_injection(world, payload):
    kim = signed_in(world.kim)
    found = kim.post(reverse("people:search"), {"q": payload}).content.decode()
    assert escape(payload) in found or escape(payload.strip()) in found
    assert "Berg, Elin" not in found, "an injection finds no one"
    ada = signed_in(world.ada)
    review = ada.post(reverse("audit:review"), {"username": payload[:150]}).content.decode()
    if any(ch in payload for ch in "<>\"'&"):
        assert payload[:150].strip() not in review


@pytest.mark.parametrize("payload", PAYLOADS)
def test_break_the_glass_reasons_and_review_comments_are_stored_as_text(world, payload):
    from lots.audit.models import AuditEntry

    tor = signed_in(world.tor)
    reason = f"Akut läge: {payload}"
    tor.post(reverse("access:break_glass"), {"identity_number": world.elin.display_number, "reason": reason})
    assert BreakGlass.objects.get().reason == reason.strip()
    ada = signed_in(world.ada)
    entries = list(AuditEntry.objects.filter(flags__gt=0).values_list("pk", flat=True))
    ada.post(reverse("audit:mark_reviewed"), {"entries": entries, "comment": payload})
    if entries:
        assert Review.objects.filter(comment=payload.strip()).exists() or not payload.strip()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_user_name_on_the_sign_in_page_is_echoed_escaped(world, payload):
    page = Client().post(reverse("login"), {"username": payload, "password": "x"}).content.decode()
    assert_shown_escaped(page, payload.strip())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_uploaded_file_name_never_reaches_the_page_as_markup(world, payload):
    from lots.documents.tests.factories import upload

    consent = ConsentFactory(child=world.elin, recorded_in=world.school)
    client = signed_in(world.kim)
    page = client.post(
        reverse("documents:upload", args=["samtycke", consent.pk]), {"file": upload(f"{payload}.pdf")}, follow=True
    ).content.decode()
    for dangerous in ("<script", "<svg", "<img", "<iframe", "onerror=", "javascript:alert"):
        assert dangerous not in page.split("<main")[1].lower()
