"""Staff sign-in through the municipality's identity provider (OpenID Connect, code flow + PKCE).

Built on mozilla-django-oidc, with what it leaves out for us:
- the endpoints come from the issuer's discovery document (fetched once per process);
- the ID token's issuer, audience, expiry and signature (RS256/ES256 from the IdP's JWKS) are
  all verified, and the verified ID token's claims are the ones used;
- a user is found by a stable claim linked to an existing member of staff (`ExternalIdentity`),
  or once by a matching user name; no user is ever created and no role ever given by the IdP;
- everything is off unless `LOTS_OIDC_ISSUER` is set.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jwt
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from mozilla_django_oidc import auth as oidc_auth
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.utils import import_from_settings

from lots.organisations.models import User
from lots.security import sessions
from lots.security.models import ExternalIdentity

logger = logging.getLogger(__name__)

_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


@lru_cache(maxsize=4)
def discovery(issuer: str) -> dict:
    """The issuer's OpenID configuration; its `issuer` must be the one configured."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ImproperlyConfigured("The identity provider's discovery document names another issuer.")
    return document


def _setting(attr: str, *args):
    if attr in _DISCOVERED and not getattr(settings, attr, None):
        value = discovery(settings.LOTS_OIDC_ISSUER).get(_DISCOVERED[attr])
        if value:
            return value
    return import_from_settings(attr, *args)


def enabled() -> bool:
    return bool(settings.LOTS_OIDC_ENABLED)


class StaffOIDCBackend(oidc_auth.OIDCAuthenticationBackend):
    """Authenticates only the code flow's callback, only when OIDC is configured."""

    def __init__(self, *args, **kwargs):
        if enabled():
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = User

    @staticmethod
    def get_settings(attr, *args):
        return _setting(attr, *args)

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature, algorithm, issuer, audience and expiry; any failure is a refusal."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation("The ID token cannot be read.") from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is signed with another algorithm than agreed.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.LOTS_OIDC_ISSUER,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"The ID token was refused: {type(error).__name__}.") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The claims of the verified ID token: signed by the IdP, no further round trip."""
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(settings.LOTS_OIDC_MATCH_CLAIM))

    def filter_users_by_claims(self, claims):
        subject = str(claims.get(settings.LOTS_OIDC_MATCH_CLAIM, ""))
        linked = User.objects.filter(
            external_identities__issuer=settings.LOTS_OIDC_ISSUER,
            external_identities__subject=subject,
            is_active=True,
        )
        if linked.exists() or not settings.LOTS_OIDC_USERNAME_CLAIM:
            return linked
        username = str(claims.get(settings.LOTS_OIDC_USERNAME_CLAIM, "")).strip()
        if not username:
            return User.objects.none()
        return User.objects.filter(username__iexact=username, is_active=True)

    def create_user(self, claims):
        raise SuspiciousOperation("No member of staff is linked to this identity; Lots never creates users.")

    @transaction.atomic
    def update_user(self, user, claims):
        """Links the identity for good on the first sign-in; changes nothing else on the user."""
        subject = str(claims[settings.LOTS_OIDC_MATCH_CLAIM])
        link, _ = ExternalIdentity.objects.get_or_create(
            issuer=settings.LOTS_OIDC_ISSUER, subject=subject, defaults={"user": user}
        )
        if link.user_id != user.pk:
            raise SuspiciousOperation("The identity is linked to another member of staff.")
        link.last_used_at = timezone.now()
        link.save(update_fields=["last_used_at"])
        return user


class _OnlyWhenConfigured:
    """Both views read the endpoints through discovery and answer 404 while OIDC is off."""

    @staticmethod
    def get_settings(attr, *args):
        return _setting(attr, *args)

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404("Sign-in through an identity provider is not configured.")
        return super().dispatch(request, *args, **kwargs)


class StartView(_OnlyWhenConfigured, oidc_views.OIDCAuthenticationRequestView):
    """Sends the browser to the IdP, with state, nonce and a PKCE challenge in the session."""

    def __init__(self, *args, **kwargs):
        if enabled():
            super().__init__(*args, **kwargs)


class CallbackView(_OnlyWhenConfigured, oidc_views.OIDCAuthenticationCallbackView):
    """Back from the IdP: sign in (a new session key), record the session, or say why not."""

    def get(self, request):
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            # Named in the log by type only: the token and claims may carry person data.
            logger.warning("Sign-in through the identity provider refused: %s", type(error).__name__)
            return self.login_failure()

    def login_success(self):
        response = super().login_success()
        sessions.record_sign_in(request=self.request, user=self.user, method="oidc")
        return response
