"""A family that comes directly: the public page, without an account; recorded as the family's
own request, checked with Swedish messages, limited per address, and nothing shown back but a
receipt; the team sees it, calls back and marks it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.core.testing import main_of
from lots.families.models import SelfReferral
from lots.families.services import self_referrals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _body(of, **overrides):
    return {
        "team": of.unit.pk,
        "name": "Amina <Hassan>",
        "phone": "070-123 45 67",
        "email": "",
        "needs": "Fyra barn, tretton kontakter. Vi orkar inte hålla ordning på allt.",
        "members_with_needs": "3",
        "agencies_involved": "6",
        **overrides,
    }


def test_a_family_asks_for_help_and_gets_only_a_receipt(team, client, django_assert_max_num_queries):
    url = reverse("families_public:self_referral")
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(24):
        response = client.post(url, _body(team))
    assert response.status_code == 302 and response.url == reverse("families_public:receipt")
    made = SelfReferral.objects.get()
    assert made.name == "Amina <Hassan>" and made.team == team.unit and made.handled_at is None
    page = main_of(client.get(response.url))
    assert made.receipt in page and "Amina" not in page and "tretton" not in page
    assert client.get(response.url).status_code == 302  # the receipt is shown once
    assert AuditEntry.objects.filter(record_type="families.selfreferral", action="create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": ""}, "phone", "Ange ett telefonnummer eller en e-postadress"),
        ({"email": "inte-en-adress"}, "email", "Skriv e-postadressen i sin helhet"),
        ({"needs": "  "}, "needs", "Fältet måste fyllas i."),
        ({"members_with_needs": "30"}, "members_with_needs", "20"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(team, client, overrides, field, message):
    response = client.post(reverse("families_public:self_referral"), _body(team, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SelfReferral.objects.exists()


def test_an_address_is_limited_per_hour(team, client):
    url = reverse("families_public:self_referral")
    for _ in range(self_referrals.PER_ADDRESS_PER_HOUR):
        client.post(url, _body(team, phone=""))  # refused ones count too
    response = client.post(url, _body(team))
    assert response.status_code == 429
    assert "Det har skickats för många förfrågningar härifrån" in response.content.decode()
    assert not SelfReferral.objects.exists()


def test_the_team_sees_it_escaped_and_marks_it_called_back(team, client, signed_in):
    self_referrals.refer_own_family(
        team_id=team.unit.pk, name="Amina <Hassan>", phone="070-1234567", email="", needs="Hjälp.",
        members_with_needs=3, agencies_involved=6,
    )  # fmt: skip
    fia = signed_in(team.fia)
    page = main_of(fia.get(reverse("families:team")))
    assert "Amina &lt;Hassan&gt;" in page
    made = SelfReferral.objects.get()
    response = fia.post(reverse("families:team"), {"action": "called_back", "self_referral": made.pk})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.handled_at is not None
    assert "Amina" not in main_of(fia.get(reverse("families:team")))


def test_staff_outside_the_team_see_no_self_referrals(world, team, signed_in):
    self_referrals.refer_own_family(
        team_id=team.unit.pk, name="Amina Hassan", phone="070-1234567", email="", needs="Hjälp.",
        members_with_needs=3, agencies_involved=6,
    )  # fmt: skip
    assert "Amina" not in main_of(signed_in(world.kim).get(reverse("families:team")))


def _one_waiting(team) -> SelfReferral:
    return self_referrals.refer_own_family(
        team_id=team.unit.pk, name="Amina Hassan", phone="070-1234567", email="", needs="Hjälp.",
        members_with_needs=3, agencies_involved=6,
    )  # fmt: skip


def _logged_reads(made) -> int:
    return AuditEntry.objects.filter(record_type="families.selfreferral", record_id=str(made.pk), action="list").count()


def test_marking_it_called_back_logs_a_change_and_no_read(team, signed_in):
    made = _one_waiting(team)
    fia = signed_in(team.fia)
    fia.post(reverse("families:team"), {"action": "called_back", "self_referral": made.pk})
    assert _logged_reads(made) == 0, "marking it reads it only to change it (logged as a change)"
    assert AuditEntry.objects.filter(record_id=str(made.pk), action="change", detail="called back").count() == 1
    fia.get(reverse("families:team"))
    assert _logged_reads(made) == 0, "called back, it is no longer shown"
    other = _one_waiting(team)
    fia.get(reverse("families:team"))
    assert _logged_reads(other) == 1


def test_marking_a_request_outside_the_team_changes_nothing_and_says_so(world, team, signed_in):
    made = _one_waiting(team)
    other = signed_in(world.kim)
    response = other.post(reverse("families:team"), {"action": "called_back", "self_referral": made.pk}, follow=True)
    assert "Den förfrågan finns inte i teamets lista." in response.content.decode()
    for bad in ("", "x"):
        signed_in(team.fia).post(reverse("families:team"), {"action": "called_back", "self_referral": bad})
    made.refresh_from_db()
    assert made.handled_at is None
