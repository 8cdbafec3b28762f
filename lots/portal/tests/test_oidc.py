"""The family's sign-in end to end against the development identity provider, in the same Django:
the browser is the test client, and the family view's back channel (discovery, token, keys) is
routed into the same Django by another test client (`Backchannel`)."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.core import checks
from django.test import Client
from django.urls import reverse

from lots.conf import rsa_private_key_pem
from lots.portal import dev_idp, services
from lots.portal.models import FamilyAccount
from lots.security import oidc
from lots.security.models import UserSession

pytestmark = pytest.mark.django_db

ISSUER = "http://testserver/dev-idp"
_KEY = rsa_private_key_pem()


class _Response:
    def __init__(self, url, response):
        self.url = url
        self.status_code = response.status_code
        self.content = response.content

    @property
    def text(self):
        return self.content.decode()

    def json(self):
        return json.loads(self.content)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}")


class Backchannel:
    """Stands in for `requests` in the relying party; may tamper with the token response."""

    RequestException = requests.RequestException

    def __init__(self):
        self.client = Client()
        self.token_requests: list[dict] = []
        self.tamper = None

    def get(self, url, **kwargs):
        return _Response(url, self.client.get(urlparse(url).path))

    def post(self, url, data=None, **kwargs):
        self.token_requests.append(dict(data))
        response = _Response(url, self.client.post(urlparse(url).path, data))
        if self.tamper and response.status_code == 200:
            body = response.json()
            body["id_token"] = self.tamper(body["id_token"])
            response.content = json.dumps(body).encode()
        return response


@pytest.fixture
def idp(settings, monkeypatch):
    settings.LOTS_DEV_IDP = True
    settings.LOTS_FAMILY_OIDC_ISSUER = ISSUER
    settings.LOTS_FAMILY_OIDC_CLIENT_ID = "lots-familj"
    settings.LOTS_FAMILY_OIDC_CLIENT_SECRET = "a-secret"
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": ISSUER, "OIDC_RSA_PRIVATE_KEY": _KEY}
    dev_idp.register_client(redirect_uri="http://testserver" + reverse("portal:oidc_callback"))
    channel = Backchannel()
    monkeypatch.setattr("mozilla_django_oidc.auth.requests", channel)
    monkeypatch.setattr("lots.security.oidc.requests", channel)
    oidc.discovery.cache_clear()
    yield channel
    oidc.discovery.cache_clear()


def authorize(client, *, change=None):
    """From the family view's sign-in to the IdP's page; `change` alters the request's parameters."""
    start = client.get(reverse("portal:oidc_start"))
    assert start.status_code == 302
    url = urlparse(start["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == ISSUER + "/authorize/"
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert params["code_challenge_method"] == "S256" and params["nonce"] and params["state"]
    params.update(change or {})
    page = client.get(url.path, params)
    assert page.status_code == 200
    return params


def identify(client, params, number):
    """At the IdP: the person gives their identity number; back to the family view with a code."""
    fields = {k: params.get(k, "") for k in ("redirect_uri", "scope", "nonce", "client_id", "state", "response_type")}
    fields |= {k: params[k] for k in ("code_challenge", "code_challenge_method")}
    answer = client.post(urlparse(ISSUER).path + "/authorize/", {**fields, "identity_number": number})
    assert answer.status_code == 302, answer.content.decode()[:500]
    back = urlparse(answer["Location"])
    assert back.path == reverse("portal:oidc_callback")
    return {k: v[0] for k, v in parse_qs(back.query).items()}


def sign_in(client, number, *, change=None):
    params = authorize(client, change=change)
    code = identify(client, params, number)
    return client.get(reverse("portal:oidc_callback"), code)


def signed_in_account(client) -> FamilyAccount | None:
    account_id = client.session.get(services.FAMILY_SESSION_KEY)
    return FamilyAccount.objects.filter(pk=account_id).first()


def test_a_guardian_signs_in_with_the_identity_numbers_claim(world, client, idp):
    response = sign_in(client, world.gun.identity_number)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    account = signed_in_account(client)
    assert account is not None and account.person == world.gun
    assert client.session["_auth_user_id"] == str(account.user_id)
    assert UserSession.objects.filter(user=account.user, method="family-oidc").count() == 1
    assert idp.token_requests[0]["code_verifier"], "PKCE: the verifier goes with the code"
    assert client.get(reverse("portal:home")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, world.gun.identity_number)
    assert signed_in_account(client) == account, "the same account the next time"


def test_a_young_person_signs_in_to_their_own_account(world, client, idp):
    response = sign_in(client, world.elin.identity_number)
    assert response.status_code == 302
    account = signed_in_account(client)
    assert account is not None and account.child == world.elin


def refused(client, response) -> bool:
    return (
        response.status_code == 302
        and "idp=misslyckades" in response["Location"]
        and services.FAMILY_SESSION_KEY not in client.session
        and "_auth_user_id" not in client.session
    )


def test_a_person_lots_does_not_know_is_refused_and_nothing_is_made(world, client, idp):
    accounts = FamilyAccount.objects.count()
    assert refused(client, sign_in(client, "19121212-1212"))
    assert FamilyAccount.objects.count() == accounts
    page = client.get(reverse("portal:sign_in"), {"idp": "misslyckades"})
    assert "kunde vi inte hitta dig" in page.content.decode()


def _flip_signature(token: str) -> str:
    head, body, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[0] ^= 1
    return ".".join([head, body, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])


def _other_person(token: str) -> str:
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["personnummer"] = "191212121212"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return ".".join([head, forged, signature])


@pytest.mark.parametrize("tamper", [_flip_signature, _other_person], ids=["signature", "claims"])
def test_a_tampered_id_token_is_refused(world, client, idp, tamper):
    idp.tamper = tamper
    assert refused(client, sign_in(client, world.gun.identity_number))


def test_an_id_token_for_another_nonce_is_refused(world, client, idp):
    assert refused(client, sign_in(client, world.gun.identity_number, change={"nonce": "another-nonce"}))


def test_an_expired_id_token_is_refused(world, client, idp, settings):
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "ID_TOKEN_EXPIRE_SECONDS": -3600}
    assert refused(client, sign_in(client, world.gun.identity_number))


def test_a_code_with_a_forged_state_is_refused(world, client, idp):
    params = authorize(client)
    code = identify(client, params, world.gun.identity_number)
    assert refused(client, client.get(reverse("portal:oidc_callback"), {**code, "state": "forged"}))


def test_a_code_without_the_pkce_verifier_of_its_challenge_is_refused(world, client, idp):
    params = authorize(client, change={"code_challenge": "A" * 43})
    code = identify(client, params, world.gun.identity_number)
    assert refused(client, client.get(reverse("portal:oidc_callback"), code))


def test_the_staff_sign_in_does_not_answer_the_familys_callback(world, client, idp, settings):
    settings.LOTS_OIDC_ENABLED = True
    settings.LOTS_OIDC_ISSUER = "http://127.0.0.1:1/staff-idp"  # would fail if it were asked
    response = sign_in(client, world.gun.identity_number)
    assert response["Location"] == reverse("portal:home")


def test_the_development_idp_is_404_when_off(client, settings):
    settings.LOTS_DEV_IDP = False
    assert client.get("/dev-idp/.well-known/openid-configuration").status_code == 404
    assert client.post("/dev-idp/token/").status_code == 404


def test_the_development_idp_is_404_in_production_even_when_on(client, settings):
    settings.LOTS_DEV_IDP = True
    settings.SECURE_PRODUCTION = True
    assert client.get("/dev-idp/.well-known/openid-configuration").status_code == 404
    settings.SECURE_PRODUCTION = False
    assert client.get("/dev-idp/.well-known/openid-configuration").status_code == 200


def test_production_settings_refuse_the_development_idp(settings):
    settings.LOTS_DEV_IDP = True
    settings.SECURE_PRODUCTION = True
    errors = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "lots.portal.E001" in {e.id for e in errors}
    settings.LOTS_DEV_IDP = False
    errors = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "lots.portal.E001" not in {e.id for e in errors}
