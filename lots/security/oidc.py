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
from django.urls import reverse
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


def enabled() -> bool:
    return bool(settings.LOTS_OIDC_ENABLED)


class StaffProvider:
    """Which identity provider a sign-in uses and how it is configured: the staff's, from the
    `OIDC_*` settings. The family view's sign-in (`portal.oidc`) names another one."""

    #: The URL name of the code flow's callback; a backend answers only there.
    callback = "oidc_authentication_callback"

    @classmethod
    def issuer(cls) -> str:
        return settings.LOTS_OIDC_ISSUER

    @classmethod
    def enabled(cls) -> bool:
        return enabled()

    @classmethod
    def own_settings(cls) -> dict:
        """mozilla-django-oidc settings this provider gives itself instead of the project's."""
        return {}

    @classmethod
    def get_settings(cls, attr, *args):
        own = cls.own_settings()
        if attr in own:
            return own[attr]
        if attr in _DISCOVERED and (own or not getattr(settings, attr, None)):
            value = discovery(cls.issuer()).get(_DISCOVERED[attr])
            if value:
                return value
        return import_from_settings(attr, *args)


class StaffOIDCBackend(StaffProvider, oidc_auth.OIDCAuthenticationBackend):
    """Authenticates only its own code flow's callback, only when its IdP is configured."""

    def __init__(self, *args, **kwargs):
        # The endpoints are read (discovery) only when this backend answers, not for every sign-in.
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        if not self.enabled() or request is None or "nonce" not in kwargs:
            return None
        if request.path != reverse(self.callback):
            return None  # another provider's callback (the family view's)
        super().__init__()
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
                issuer=self.issuer(),
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


class _OnlyWhenConfigured(StaffProvider):
    """Both views read the endpoints through discovery and answer 404 while OIDC is off."""

    def dispatch(self, request, *args, **kwargs):
        if not self.enabled():
            raise Http404("Sign-in through an identity provider is not configured.")
        return super().dispatch(request, *args, **kwargs)


class StartView(_OnlyWhenConfigured, oidc_views.OIDCAuthenticationRequestView):
    """Sends the browser to the IdP, with state, nonce and a PKCE challenge in the session."""

    def __init__(self, *args, **kwargs):
        if self.enabled():
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
