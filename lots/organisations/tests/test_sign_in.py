import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations.roles import SECOND_FACTOR_ROLES, Role
from lots.organisations.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    RoleRequirementFactory,
    UnitFactory,
    UserFactory,
)
from lots.organisations.tests.second_factor import current_code, enrolled_device, give_the_code
from lots.organisations.validators import normalise_organisation_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_that_reads_case_data_needs_a_second_factor(world, client, role):
    """Casework, managers, log auditors and administrators: a password alone reaches nothing."""
    user = UserFactory(username="person")
    MembershipFactory(user=user, unit=world.school_unit, role=role)
    client.post(reverse("login"), {"username": "person", "password": TEST_PASSWORD})
    response = client.get(reverse("people:my_children"))
    sent_to_the_code = response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    assert sent_to_the_code == (role != Role.STEERING_GROUP_MEMBER)
    assert (role in SECOND_FACTOR_ROLES) == (role != Role.STEERING_GROUP_MEMBER)


def test_an_administrator_may_require_it_of_the_steering_group_too(world, client):
    RoleRequirementFactory(role=Role.STEERING_GROUP_MEMBER, requires_otp=True)
    user = UserFactory(username="styr")
    MembershipFactory(user=user, unit=world.school_unit, role=Role.STEERING_GROUP_MEMBER)
    client.post(reverse("login"), {"username": "styr", "password": TEST_PASSWORD})
    assert client.get(reverse("people:my_children"))["Location"].startswith(reverse("otp_verify"))


def test_the_admin_needs_the_second_factor_whatever_the_roles(client):
    UserFactory(username="drift", is_staff=True)
    client.post(reverse("login"), {"username": "drift", "password": TEST_PASSWORD})
    assert client.get("/admin/")["Location"].startswith(reverse("otp_verify"))


def test_whoever_holds_the_password_cannot_enrol_an_authenticator(world, client):
    """Kim has no authenticator yet: the code step offers none to set up, and takes no code."""
    client.post(reverse("login"), {"username": "kim", "password": TEST_PASSWORD})
    response = client.get(reverse("people:my_children"))
    assert response["Location"].startswith(reverse("otp_verify"))
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" not in page and 'name="code"' not in page
    assert "Be en administratör om en aktiveringslänk" in page
    assert client.post(reverse("otp_verify"), {"code": "123456"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.kim).exists()
    assert client.get(reverse("people:my_children")).status_code == 302


def test_an_unconfirmed_authenticator_is_not_confirmed_by_the_code_step(world, client):
    """One being enrolled through a link only counts once the link's page confirmed it."""
    device = TOTPDevice.objects.create(user=world.kim, name="half", confirmed=False)
    client.post(reverse("login"), {"username": "kim", "password": TEST_PASSWORD})
    client.post(reverse("otp_verify"), {"code": current_code(device)})
    device.refresh_from_db()
    assert not device.confirmed and client.get(reverse("people:my_children")).status_code == 302


def test_with_an_authenticator_the_code_lets_one_in(world, client):
    client.post(reverse("login"), {"username": "kim", "password": TEST_PASSWORD})
    ok = give_the_code(client, world.kim, next_url="/barn/")
    assert ok.status_code == 302 and ok["Location"] == "/barn/"
    assert client.get(reverse("people:my_children")).status_code == 200


def test_a_wrong_code_is_refused_and_further_tries_are_throttled(world, client):
    device = enrolled_device(world.kim)
    client.post(reverse("login"), {"username": "kim", "password": TEST_PASSWORD})
    wrong = client.post(reverse("otp_verify"), {"code": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    right_too_soon = client.post(reverse("otp_verify"), {"code": current_code(device)})
    assert right_too_soon.status_code == 200, "django-otp throttles guessing after a failure"
    assert client.get(reverse("people:my_children")).status_code == 302


def test_the_next_address_after_the_code_stays_on_this_site(world, client):
    client.post(reverse("login"), {"username": "kim", "password": TEST_PASSWORD})
    response = give_the_code(client, world.kim, next_url="https://evil.example/")
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
    client.post(reverse("login"), {"username": world.kim.username, "password": TEST_PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    give_the_code(client, world.kim)
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
