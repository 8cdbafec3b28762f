"""Tokens: stored hashed, refused when revoked, expired, of the wrong scope or agency; every
call logged under the client's identity."""

import hashlib

import pytest
from django.urls import reverse

from lots.api import services
from lots.api.models import ApiToken, Scope
from lots.api.tests.factories import ApiClientFactory
from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _get(client, headers, url):
    headers = {k: v for k, v in headers.items() if k != "token"}
    return client.get(url, **headers)


def test_a_token_is_stored_only_as_a_hash_and_shown_once(world):
    api_client = ApiClientFactory(acting_as=world.kim)
    token, presented = services.issue_token(client=api_client, created_by=world.ada)
    secret = presented.split("_", 2)[2]
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    assert services.token_for(presented) == token
    assert services.token_for(presented[:-1] + ("A" if presented[-1] != "A" else "B")) is None


def test_a_valid_token_reads_as_the_acting_member_of_staff(world, client, bearer):
    response = _get(client, bearer(world.kim), reverse("api:child", args=[world.elin.pk]))
    assert response.status_code == 200
    assert response.json()["first_name"] == "Elin"


@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_a_revoked_or_expired_token_is_refused(world, client, bearer, state):
    response = _get(client, bearer(world.kim, **{state: True}), reverse("api:children"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/problem+json"


def test_a_revoked_client_stops_at_once(world, client, bearer):
    headers = bearer(world.kim)
    assert _get(client, headers, reverse("api:children")).status_code == 200
    services.revoke_client(client=headers["token"].client, by=world.ada)
    assert _get(client, headers, reverse("api:children")).status_code == 401


def test_garbage_and_missing_tokens_are_refused(world, client):
    assert client.get(reverse("api:children"), HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    assert client.get(reverse("api:children")).status_code == 401


def test_a_read_token_may_not_write(world, client, bearer):
    headers = bearer(world.mona, scope=Scope.READ)
    headers.pop("token")
    response = client.post(reverse("api:concern_reports"), {}, content_type="application/json", **headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "Den här token får bara läsa, inte ändra."


def test_a_read_token_may_search_by_post(world, client, bearer):
    headers = bearer(world.kim, scope=Scope.READ)
    headers.pop("token")
    response = client.post(reverse("api:child_search"), {"query": "Elin"}, content_type="application/json", **headers)
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [world.elin.pk]


def test_a_client_acts_only_for_its_agencies(world, client, bearer):
    """Kim's membership is at the school; a client allowed only social services acts in no role."""
    response = _get(client, bearer(world.kim, agencies=[world.social]), reverse("api:child", args=[world.elin.pk]))
    assert response.status_code == 403


def test_every_call_is_logged_under_the_client(world, client, bearer):
    headers = bearer(world.kim)
    api_client_id = headers["token"].client_id
    _get(client, headers, reverse("api:child", args=[world.elin.pk]))
    _get(client, headers, reverse("api:children"))
    rows = list(AuditEntry.objects.filter(child_id=world.elin.pk).order_by("pk"))
    assert [(r.action, r.api_client_id, r.user_id) for r in rows] == [
        ("view", api_client_id, world.kim.pk),
        ("list", api_client_id, world.kim.pk),
    ]
    assert rows[0].agency_id == world.school.pk


def test_a_denied_read_is_logged_under_the_client(world, client, bearer):
    headers = bearer(world.berit)
    response = _get(client, headers, reverse("api:child", args=[world.elin.pk]))
    assert response.status_code == 404
    denied = AuditEntry.objects.get(action="denied")
    assert denied.api_client_id == headers["token"].client_id


def test_a_staff_session_may_read_and_needs_csrf_to_write(world, signed_in):
    from django.test import Client

    client = signed_in(world.kim)
    assert client.get(reverse("api:child", args=[world.elin.pk])).status_code == 200
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.kim)
    response = strict.post(reverse("api:child_search"), {"query": "Elin"}, content_type="application/json")
    assert response.status_code == 403
