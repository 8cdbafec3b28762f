"""The development identity provider: stands in for e-legitimation (BankID, Freja) on a demo or
development install and in the tests (decision 0010).

Built on django-oauth-toolkit's OpenID Connect provider (code flow, PKCE required, ID tokens signed
RS256 with a key made once into LOTS_VAR_DIR), served at /dev-idp/ in the same process while
LOTS_DEV_IDP is on (LOTS_DEMO or DEBUG); on anything else every page of it is 404, and a production
install (LOTS_PRODUCTION) with it on fails `manage.py check --deploy` (`check_not_in_production`).

Instead of BankID it asks for an identity number and vouches for it, if it is a valid one: the
register decides afterwards whether Lots knows the person (`portal.services`). The codes and
tokens are handed out to one resource owner without sign-in (`OWNER_USERNAME`, inactive, no
password); the number travels in the grant's claims and comes back as the ID token's claim
(LOTS_FAMILY_OIDC_CLAIM) with a subject derived from it.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django import forms
from django.conf import settings
from django.core import checks
from django.http import Http404
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from oauth2_provider import views as provider_views
from oauth2_provider.forms import AllowForm
from oauth2_provider.models import get_application_model
from oauth2_provider.oauth2_validators import OAuth2Validator

from lots.organisations.models import User
from lots.people.identity import parse_identity_number

#: The one resource owner the development IdP hands codes out as.
OWNER_USERNAME = "dev-idp"
_NUMBER = "identity_number"


def register_client(*, redirect_uri: str) -> None:
    """The family view as a client of the development IdP (and its resource owner): made by the
    demo's loader and the tests; the client id and secret are the family view's settings."""
    owner, _made = User.objects.get_or_create(username=OWNER_USERNAME, defaults={"is_active": False})
    if owner.has_usable_password():
        owner.set_unusable_password()
        owner.save(update_fields=["password"])
    Application = get_application_model()
    Application.objects.update_or_create(
        client_id=settings.LOTS_FAMILY_OIDC_CLIENT_ID,
        defaults={
            "name": "Lots – familjevyn",
            "user": owner,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "client_secret": settings.LOTS_FAMILY_OIDC_CLIENT_SECRET,
            "redirect_uris": redirect_uri,
            "algorithm": Application.RS256_ALGORITHM,
        },
    )


class DevValidator(OAuth2Validator):
    """Puts the vouched-for identity number into the ID token, under the family view's claim."""

    @property
    def oidc_claim_scope(self):
        return {**OAuth2Validator.oidc_claim_scope, settings.LOTS_FAMILY_OIDC_CLAIM: "openid"}

    def get_additional_claims(self, request):
        number = (request.claims or {}).get(_NUMBER) if isinstance(request.claims, dict) else None
        if not number:
            return {}
        subject = "dev-" + hashlib.sha256(f"{settings.SECRET_KEY}:{number}".encode()).hexdigest()[:24]
        return {"sub": subject, settings.LOTS_FAMILY_OIDC_CLAIM: number}


class DevSignInForm(AllowForm):
    identity_number = forms.CharField(label=_("Identity number"), max_length=13)

    def clean_identity_number(self) -> str:
        return parse_identity_number(self.cleaned_data["identity_number"]).digits

    def clean(self):
        data = super().clean()
        if data.get(_NUMBER):
            data["claims"] = {_NUMBER: data[_NUMBER]}
            data["allow"] = True
        return data


class AuthorizeView(provider_views.AuthorizationView):
    """Asks for the identity number (instead of BankID) and gives the code for it."""

    form_class = DevSignInForm
    template_name = "portal/dev_idp.html"

    def dispatch(self, request, *args, **kwargs):
        request.user = User.objects.filter(username=OWNER_USERNAME).first()
        if request.user is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def _served(view):
    """Answers only where the development IdP is on, and never on a production install, even one
    whose deploy check was skipped."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.LOTS_DEV_IDP or settings.SECURE_PRODUCTION:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


app_name = "oauth2_provider"  # the name django-oauth-toolkit reverses its endpoints by
urlpatterns = [
    path("authorize/", _served(AuthorizeView.as_view()), name="authorize"),
    path("token/", _served(provider_views.TokenView.as_view()), name="token"),
    re_path(
        r"^\.well-known/openid-configuration$",
        _served(provider_views.ConnectDiscoveryInfoView.as_view()),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", _served(provider_views.JwksInfoView.as_view()), name="jwks-info"),
    path("userinfo/", _served(provider_views.UserInfoView.as_view()), name="user-info"),
]


@checks.register(checks.Tags.security, deploy=True)
def check_not_in_production(app_configs, **kwargs):
    """The development IdP vouches for any identity number: never on a production install."""
    if settings.LOTS_DEV_IDP and settings.SECURE_PRODUCTION:
        return [
            checks.Error(
                "The development identity provider (LOTS_DEV_IDP) is on in production: anyone could sign in "
                "to the family view as anyone.",
                hint="Unset LOTS_DEV_IDP (and DEBUG, LOTS_DEMO) and set LOTS_FAMILY_OIDC_ISSUER to the real IdP.",
                id="lots.portal.E001",
            )
        ]
    return []
