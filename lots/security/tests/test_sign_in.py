"""Guessing is throttled, sessions are fixed to nothing, end after inactivity and everywhere at once."""

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from lots.organisations.models import User
from lots.organisations.tests.factories import TEST_PASSWORD
from lots.organisations.tests.second_factor import give_the_code
from lots.security.models import UserSession

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=TEST_PASSWORD, **extra):
    """The password; when it is right, the one-time code too (the answer is the password's)."""
    response = client.post(reverse("login"), {"username": username, "password": password}, **extra)
    if response.status_code == 302:
        give_the_code(client, User.objects.get(username=username))
    return response


def test_five_wrong_passwords_lock_the_account_with_a_swedish_message(world, client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert sign_in(client, "kim", "wrong-password").status_code == 200
    locked = sign_in(client, "kim", "wrong-password")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Kontot är låst" in text and "15 minuter" in text
    right_but_locked = sign_in(Client(), "kim")
    assert right_but_locked.status_code == 429, "even the right password waits for the lock to end"
    assert "_auth_user_id" not in Client().session


def test_the_lock_is_per_account_not_per_address(world, client):
    for _ in range(5):
        sign_in(client, "kim", "wrong-password")
    assert sign_in(client, "mona").status_code == 302, "a colleague on the same address still signs in"


def test_the_lock_ends_after_the_cool_off(world, client, settings):
    import datetime as dt

    import time_machine

    for _ in range(5):
        sign_in(client, "kim", "wrong-password")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=16)):
        assert sign_in(Client(), "kim").status_code == 302


def test_a_good_sign_in_resets_the_count(world, client):
    for _ in range(4):
        sign_in(client, "kim", "wrong-password")
    assert sign_in(client, "kim").status_code == 302
    assert not AccessAttempt.objects.filter(username="kim", failures_since_start__gt=0).exists()


def test_the_session_key_changes_at_sign_in_and_is_recorded(world, client):
    client.get(reverse("login"))
    before = client.cookies["csrftoken"].value
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    sign_in(client, "kim")
    key = client.cookies["sessionid"].value
    assert key != "attacker-chosen-session-key"
    assert UserSession.objects.get(session_key=key).user == world.kim
    assert client.cookies["csrftoken"].value != before, "the CSRF token is rotated at sign-in too"


def test_a_session_expires_after_the_idle_time_on_the_server(world, client, settings):
    import datetime as dt

    import time_machine

    sign_in(client, "kim")
    assert client.get(reverse("people:my_children")).status_code == 200
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(session_key=key).expire_date
    later = expiry + dt.timedelta(seconds=1)
    with time_machine.travel(later):
        response = client.get(reverse("people:my_children"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_activity_keeps_the_session_alive(world, client):
    import datetime as dt

    import time_machine

    sign_in(client, "kim")
    start = dt.datetime.now(tz=dt.UTC)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + dt.timedelta(minutes=minutes)):
            assert client.get(reverse("people:my_children")).status_code == 200


def test_the_session_is_renewed_once_a_minute_not_written_on_every_request(world, client):
    import datetime as dt

    import time_machine

    from lots.core.testing import queries_of

    sign_in(client, "kim")
    url = reverse("people:my_children")
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start + dt.timedelta(seconds=5)):
        client.get(url)
    key = client.cookies["sessionid"].value
    first = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(start + dt.timedelta(seconds=30)):
        quiet = queries_of(lambda: client.get(url))
    assert not any('UPDATE "django_session"' in sql for sql in quiet)
    with time_machine.travel(start + dt.timedelta(seconds=70)):
        client.get(url)
    assert Session.objects.get(session_key=key).expire_date > first


def test_sign_out_everywhere_ends_every_session_of_the_user_and_no_one_elses(world):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, "kim")
    sign_in(phone, "kim")
    sign_in(colleague, "mona")
    page = laptop.get(reverse("my_sessions"))
    assert page.status_code == 200 and page.content.decode().count("<tr>") == 3
    response = laptop.post(reverse("sign_out_everywhere"))
    assert response.status_code == 302
    for client in (laptop, phone):
        assert client.get(reverse("people:my_children")).status_code == 302
    assert colleague.get(reverse("people:my_children")).status_code == 200
    assert not UserSession.objects.filter(user=world.kim).exists()


def test_an_administrator_signs_a_user_out_everywhere(world, client):
    from django.contrib.auth.models import Permission

    from lots.organisations.tests.factories import UserFactory

    victim = Client()
    sign_in(victim, "kim")
    admin = UserFactory(is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(codename__in=["view_usersession", "change_usersession"]))
    client.force_login(admin)
    rows = UserSession.objects.filter(user=world.kim).values_list("pk", flat=True)
    client.post(
        reverse("admin:security_usersession_changelist"),
        {"action": "sign_out_everywhere", "_selected_action": list(rows)},
    )
    assert victim.get(reverse("people:my_children")).status_code == 302


def test_sign_out_everywhere_is_a_post(world, client):
    client.force_login(world.kim)
    assert client.get(reverse("sign_out_everywhere")).status_code == 405


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_an_over_long_user_name_is_refused_before_anything_is_looked_up(world, client, length):
    """Found by fuzzing on PostgreSQL: the name reached django-axes' table (varchar 255) and failed."""
    response = sign_in(client, "Å" * length)
    assert response.status_code == 200
    assert "som mest 150 tecken" in response.content.decode()
    assert not AccessAttempt.objects.exists()


# The absolute lifetime and the cookies' names ----------------------------------------------------


def test_a_session_ends_ten_hours_after_sign_in_however_active(world, client, settings):
    import datetime as dt

    import time_machine

    assert settings.SESSION_MAX_HOURS == 10
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        sign_in(client, "kim")
    key = client.cookies["sessionid"].value
    for minutes in range(25, 10 * 60, 25):  # a request every 25 minutes: never idle for 30
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("people:my_children")).status_code == 200, f"{minutes} minutes in"
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=1), tick=False):
        response = client.get(reverse("people:my_children"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists(), "the session is gone from the server"
    assert not UserSession.objects.filter(session_key=key).exists()


def test_signing_in_again_starts_the_lifetime_again(world, client):
    import datetime as dt

    import time_machine

    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        sign_in(client, "kim")
    with time_machine.travel(start + dt.timedelta(hours=9, minutes=50), tick=False):
        sign_in(client, "kim")
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=10), tick=False):
        assert client.get(reverse("people:my_children")).status_code == 200


def test_a_session_signed_in_another_way_gets_the_same_lifetime(world, client):
    import datetime as dt

    import time_machine

    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(world.kim)
        assert client.get(reverse("people:my_children")).status_code == 200
    for minutes in range(25, 10 * 60, 25):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            client.get(reverse("people:my_children"))
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=1), tick=False):
        assert client.get(reverse("people:my_children")).status_code == 302


# Password spraying: one guess at many accounts from one address ----------------------------------


def test_many_failures_from_one_address_across_accounts_refuse_that_address(world, settings):
    settings.LOTS_LOGIN_CLIENT_FAILURE_LIMIT = 12
    sprayer, colleague_elsewhere = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.4")
    statuses = [sign_in(sprayer, f"guess{n}", "Sommar2026!").status_code for n in range(12)]
    assert statuses == [200] * 11 + [429], "no account reached its own limit; the address did"
    refused = sign_in(sprayer, "kim")
    assert refused.status_code == 429, "even a right password from that address waits"
    text = refused.content.decode()
    assert "från ditt nätverk" in text and "15 minuter" in text
    assert sign_in(colleague_elsewhere, "kim").status_code == 302, "other addresses are not affected"


def test_the_address_limit_is_high_by_default_because_staff_share_addresses(world, settings):
    assert settings.LOTS_LOGIN_CLIENT_FAILURE_LIMIT == 200
    office = Client(REMOTE_ADDR="192.0.2.10")
    for n in range(20):  # a busy morning: 20 mistyped passwords of 20 people behind one NAT address
        assert sign_in(office, f"staff{n}", "mistyped").status_code == 200
    assert sign_in(office, "kim").status_code == 302


def test_signing_in_to_an_account_of_ones_own_does_not_clear_the_addresss_count(world, settings):
    settings.LOTS_LOGIN_CLIENT_FAILURE_LIMIT = 6
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        sign_in(sprayer, f"guess{n}", "Sommar2026!")
    assert sign_in(sprayer, "mona").status_code == 302
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "guess9", "Sommar2026!").status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw_not_one_the_client_states(world, settings):
    settings.LOTS_LOGIN_CLIENT_FAILURE_LIMIT = 3
    settings.LOTS_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for n, stated in enumerate(["1.1.1.1", "2.2.2.2", "3.3.3.3"]):
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{stated}, 203.0.113.9")
        last = sign_in(client, f"guess{n}", "x").status_code
    assert last == 429, "rotating the stated address does not help"
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert sign_in(other, "kim").status_code == 302, "the proxy's other clients are not affected"


def test_the_session_admin_never_shows_a_session_key(world, client):
    from django.contrib.auth.models import Permission

    from lots.organisations.tests.factories import UserFactory

    sign_in(Client(), "kim")
    row = UserSession.objects.get(user=world.kim)
    admin = UserFactory(is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(codename__in=["view_usersession", "change_usersession"]))
    client.force_login(admin)
    for url in (
        reverse("admin:security_usersession_changelist"),
        reverse("admin:security_usersession_change", args=[row.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and row.session_key not in page.content.decode()
