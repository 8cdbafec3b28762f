"""A second factor is enrolled only from a one-time link an administrator issues: stored as a
hash, for one person, once, until it expires; issuing and using it are audit rows."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.audit.models import Action, AuditEntry
from lots.organisations.tests import factories
from lots.organisations.tests.factories import TEST_PASSWORD
from lots.organisations.tests.second_factor import current_code, enrolled_device
from lots.security import enrolment
from lots.security.models import EnrolmentLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(world):
    codenames = ["add_enrolmentlink", "view_enrolmentlink", "view_user"]
    return factories.administrator(world.school_unit, Permission.objects.filter(codename__in=codenames))


def _issue(client, administrator, user) -> str:
    """The link an administrator issues in the admin, as the page shows it once."""
    client.force_login(administrator)
    response = client.post(reverse("admin:security_enrolmentlink_add"), {"user": user.pk})
    assert response.status_code == 302
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return re.findall(r"https?://testserver(/konto/aktivera-kod/\S+/)", shown)[-1]


def test_an_administrator_issues_a_link_kept_only_as_a_hash_and_logged(world, client, administrator):
    path = _issue(client, administrator, world.kim)
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = EnrolmentLink.objects.get()
    assert link.user == world.kim and link.issued_by == administrator
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(EnrolmentLink.objects.values().first())
    row = AuditEntry.objects.get(record_type="security.enrolmentlink", action=Action.CREATE)
    assert (row.user_id, row.record_id, row.detail) == (administrator.pk, str(link.pk), f"for user {world.kim.pk}")


def test_the_link_enrols_its_person_after_their_password_once(world, client, administrator):
    path = _issue(client, administrator, world.kim)
    client.logout()
    assert client.get(path)["Location"].startswith(reverse("login"))
    signed_in = client.post(reverse("login") + f"?next={path}", {"username": "kim", "password": TEST_PASSWORD})
    assert signed_in["Location"] == path
    page = client.get(path)
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.kim, confirmed=False)
    wrong = client.post(path, {"code": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    done = client.post(path, {"code": current_code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("people:my_children")).status_code == 200, "the session is verified"
    assert EnrolmentLink.objects.get().used_at is not None
    assert AuditEntry.objects.filter(record_type="security.enrolmentlink", action=Action.CHANGE, user_id=world.kim.pk)
    assert client.get(path).status_code == 404, "a link works once"


def test_a_link_works_for_no_one_else_and_not_after_it_expires(world, client, administrator):
    path = _issue(client, administrator, world.kim)
    client.force_login(world.mona)
    assert client.get(path).status_code == 404
    assert not TOTPDevice.objects.filter(user=world.mona, confirmed=False).exists()
    with time_machine.travel(dt.datetime.now(dt.UTC) + enrolment.LINK_VALID_FOR + dt.timedelta(minutes=1)):
        client.force_login(world.kim)
        assert "Länken fungerar inte" in client.get(path).content.decode()


def test_a_new_link_ends_the_earlier_one_and_enrolling_replaces_a_lost_authenticator(world, client, administrator):
    lost = enrolled_device(world.kim)
    first = _issue(client, administrator, world.kim)
    second = _issue(client, administrator, world.kim)
    client.force_login(world.kim)
    assert client.get(first).status_code == 404
    client.get(second)
    new = TOTPDevice.objects.get(user=world.kim, confirmed=False)
    client.post(second, {"code": current_code(new)})
    assert list(TOTPDevice.objects.filter(user=world.kim)) == [new]
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


def test_no_one_issues_a_link_for_themselves(world, client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("admin:security_enrolmentlink_add"), {"user": administrator.pk})
    assert "Du kan inte utfärda en länk åt dig själv" in response.content.decode()
    assert not EnrolmentLink.objects.exists()
