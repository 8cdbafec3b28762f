import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations.roles import Role
from lots.organisations.tests.factories import (
    MembershipFactory,
    RoleRequirementFactory,
    UnitFactory,
)
from lots.organisations.validators import normalise_organisation_number

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_role_that_requires_a_one_time_code_is_sent_to_enrol_then_to_verify(world, client):
    RoleRequirementFactory(role=Role.KURATOR, requires_otp=True)
    client.force_login(world.kim)
    response = client.get(reverse("people:my_children"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    enrol = client.get(response["Location"])
    assert "data:image/svg+xml" in enrol.content.decode()
    device = TOTPDevice.objects.get(user=world.kim)
    assert not device.confirmed
    ok = client.post(reverse("otp_verify"), {"code": current_code(device), "next": "/barn/"})
    assert ok.status_code == 302 and ok["Location"] == "/barn/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("people:my_children")).status_code == 200


def test_a_wrong_code_is_refused_and_further_tries_are_throttled(world, client):
    RoleRequirementFactory(role=Role.KURATOR, requires_otp=True)
    client.force_login(world.kim)
    client.get(reverse("otp_verify"))
    device = TOTPDevice.objects.get(user=world.kim)
    wrong = client.post(reverse("otp_verify"), {"code": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    right_too_soon = client.post(reverse("otp_verify"), {"code": current_code(device)})
    assert right_too_soon.status_code == 200, "django-otp throttles guessing after a failure"
    assert client.get(reverse("people:my_children")).status_code == 302


def test_roles_without_the_requirement_pass_straight_through(world, client):
    RoleRequirementFactory(role=Role.AUDITOR, requires_otp=True)
    client.force_login(world.kim)
    assert client.get(reverse("people:my_children")).status_code == 200


def test_the_next_address_after_the_code_stays_on_this_site(world, client):
    RoleRequirementFactory(role=Role.KURATOR, requires_otp=True)
    client.force_login(world.kim)
    client.get(reverse("otp_verify"))
    device = TOTPDevice.objects.get(user=world.kim)
    response = client.post(reverse("otp_verify"), {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_user_acts_in_one_membership_at_a_time_and_can_switch(world, client):
    other_unit = UnitFactory(agency=world.bup, name="BUP Annanstad")
    second = MembershipFactory(user=world.kim, unit=other_unit, role=Role.BUP_CLINICIAN)
    client.force_login(world.kim)
    assert client.get(reverse("people:child", args=[world.elin.pk])).status_code == 200
    client.post(reverse("choose_membership"), {"membership": second.pk, "next": "/barn/"})
    assert client.get(reverse("people:child", args=[world.elin.pk])).status_code == 404, "BUP: no assignment"


def test_one_cannot_switch_to_someone_elses_membership(world, client):
    client.force_login(world.kim)
    ritas = world.membership(world.rita)
    client.post(reverse("choose_membership"), {"membership": ritas.pk})
    assert client.get(reverse("people:child", args=[world.elin.pk])).context["acting_membership"] != ritas


def test_sessions_end_after_inactivity_and_sign_out_ends_them(world, client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(world.kim)
    client.post(reverse("logout"))
    assert client.get(reverse("people:my_children")).status_code == 302


def test_the_session_key_changes_at_sign_in(world, client):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    client.post(reverse("login"), {"username": world.kim.username, "password": "correct-horse-battery"})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert client.get(reverse("people:my_children")).status_code == 200


@pytest.mark.parametrize(("value", "normalised"), [("212000-0142", "212000-0142"), ("2120000142", "212000-0142")])
def test_organisation_numbers_are_checked_and_normalised(value, normalised):
    assert normalise_organisation_number(value) == normalised


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("212000-0143", "Kontrollsiffran"),
        ("2120", "tio siffror"),
        ("201000-0002", "tredje siffran"),
    ],
)
def test_wrong_organisation_numbers_are_refused_in_swedish(value, words):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(value)
    assert words in error.value.messages[0]


def test_an_administrator_manages_organisations_in_the_admin(client):
    from django.contrib.auth.models import Permission

    from lots.organisations.tests.factories import UserFactory

    admin = UserFactory(is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="organisations"))
    client.force_login(admin)
    for model in ("principal", "agency", "unit", "user", "membership", "rolerequirement"):
        assert client.get(reverse(f"admin:organisations_{model}_changelist")).status_code == 200
    assert client.get("/admin/people/child/").status_code == 404, "person data is not in the admin"
