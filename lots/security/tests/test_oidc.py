"""Sign-in through an identity provider, against a real OpenID Connect peer on a loopback port."""

from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from lots.organisations.tests.second_factor import give_the_code
from lots.security import oidc
from lots.security.models import ExternalIdentity, UserSession
from lots.security.tests.idp import IdentityProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp(settings):
    provider = IdentityProvider().start()
    oidc.discovery.cache_clear()
    settings.LOTS_OIDC_ISSUER = provider.issuer
    settings.LOTS_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.LOTS_OIDC_MATCH_CLAIM = "sub"
    settings.LOTS_OIDC_USERNAME_CLAIM = ""
    yield provider
    provider.stop()
    oidc.discovery.cache_clear()


def sign_in_through(client, idp, claims, *, next_url="/barn/"):
    """Play the browser: start at Lots, 'authenticate' at the IdP, come back with the code."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url})
    assert start.status_code == 302
    request = urlparse(start["Location"])
    assert f"{request.scheme}://{request.netloc}" == idp.issuer
    params = {k: v[0] for k, v in parse_qs(request.query).items()}
    assert params["response_type"] == "code" and params["code_challenge_method"] == "S256"
    code = idp.issue_code(claims=claims, nonce=params["nonce"], code_challenge=params["code_challenge"])
    return client.get(reverse("oidc_authentication_callback"), {"code": code, "state": params["state"]})


def link(world, user, subject):
    return ExternalIdentity.objects.create(user=user, issuer=oidc.settings.LOTS_OIDC_ISSUER, subject=subject)


def test_a_linked_member_of_staff_signs_in_with_a_signed_id_token(world, client, idp):
    link(world, world.kim, "hsa-SE2321000016-K1M")
    before = client.cookies.get("sessionid")
    response = sign_in_through(client, idp, {"sub": "hsa-SE2321000016-K1M"})
    assert response.status_code == 302 and response["Location"] == "/barn/"
    assert client.session["_auth_user_id"] == str(world.kim.pk)
    assert client.cookies["sessionid"].value != (before.value if before else None), "a new session key"
    code_step = client.get(reverse("people:my_children"))
    assert code_step["Location"].startswith(reverse("otp_verify")), "the IdP's sign-in is not the second factor"
    give_the_code(client, world.kim)
    assert client.get(reverse("people:my_children")).status_code == 200
    assert UserSession.objects.filter(user=world.kim, method="oidc").count() == 1
    assert idp.token_requests[0]["code_verifier"], "PKCE"
    assert ExternalIdentity.objects.get(user=world.kim).last_used_at is not None


def test_an_unknown_identity_is_refused_and_no_user_is_created(world, client, idp):
    from lots.organisations.models import User

    users = User.objects.count()
    response = sign_in_through(client, idp, {"sub": "hsa-nobody", "preferred_username": "kim", "email": "x@y.se"})
    assert response.status_code == 302 and "idp=" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users
    page = client.get(response["Location"])
    assert "inte kopplad till ett konto i Lots" in page.content.decode()


def test_a_user_name_claim_links_an_existing_user_once_when_configured(world, client, idp, settings):
    settings.LOTS_OIDC_USERNAME_CLAIM = "preferred_username"
    sign_in_through(client, idp, {"sub": "sub-kim-1", "preferred_username": "KIM"})
    assert client.session["_auth_user_id"] == str(world.kim.pk)
    assert ExternalIdentity.objects.get(subject="sub-kim-1").user == world.kim


def test_an_inactive_user_is_refused(world, client, idp):
    link(world, world.kim, "sub-kim")
    world.kim.is_active = False
    world.kim.save()
    sign_in_through(client, idp, {"sub": "sub-kim"})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "tamper",
    [
        {"aud": "another-client"},
        {"iss": "http://127.0.0.1:1/"},
        {"exp": 1_000_000_000},
        {"nonce": "replayed"},
        {"sign_with": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
    ],
    ids=["audience", "issuer", "expired", "nonce", "foreign-key"],
)
def test_tokens_that_do_not_verify_are_refused(world, client, idp, tamper):
    link(world, world.kim, "sub-kim")
    idp.tamper = tamper
    response = sign_in_through(client, idp, {"sub": "sub-kim"})
    assert response.status_code == 302 and "idp=" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_code_cannot_be_used_with_a_forged_state(world, client, idp):
    link(world, world.kim, "sub-kim")
    client.get(reverse("oidc_authentication_init"))
    code = idp.issue_code(claims={"sub": "sub-kim"}, nonce="n")
    response = client.get(reverse("oidc_authentication_callback"), {"code": code, "state": "forged"})
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_the_idp_gives_no_roles_and_changes_nothing_on_the_user(world, client, idp):
    link(world, world.kim, "sub-kim")
    memberships = list(world.kim.memberships.values_list("pk", flat=True))
    sign_in_through(client, idp, {"sub": "sub-kim", "roles": ["admin"], "is_superuser": True, "given_name": "X"})
    world.kim.refresh_from_db()
    assert not world.kim.is_superuser and not world.kim.is_staff and world.kim.first_name == "Kim"
    assert list(world.kim.memberships.values_list("pk", flat=True)) == memberships


def test_sign_in_through_the_idp_is_off_when_not_configured(world, client, settings):
    settings.LOTS_OIDC_ENABLED = False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": "s"}).status_code == 404
    assert "idp/" not in client.get(reverse("login")).content.decode()


def test_the_sign_in_page_offers_the_idp_when_configured(world, client, idp, settings):
    settings.LOTS_OIDC_LABEL = "SITHS-kort"
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med SITHS-kort" in page and reverse("oidc_authentication_init") in page
