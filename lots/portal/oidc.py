"""The family's sign-in with e-legitimation through an OpenID Connect identity provider
(decision 0010), on the staff's OIDC code (`security.oidc`): the same verification of the ID token
(signature from the IdP's keys, issuer, audience, expiry, nonce) with state and PKCE, but an IdP,
a client and a callback of its own (LOTS_FAMILY_OIDC_*), and the citizen identified by the
identity number of the verified token's claim, mapped to their family account
(`services.account_for_identity_number`). Off while LOTS_FAMILY_OIDC_ISSUER is empty.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from lots.people.identity import parse_identity_number
from lots.portal import services
from lots.portal.models import FamilyAccount
from lots.security import oidc


class FamilyProvider(oidc.StaffProvider):
    callback = "portal:oidc_callback"

    @classmethod
    def issuer(cls) -> str:
        return settings.LOTS_FAMILY_OIDC_ISSUER

    @classmethod
    def enabled(cls) -> bool:
        return bool(settings.LOTS_FAMILY_OIDC_ISSUER)

    @classmethod
    def own_settings(cls) -> dict:
        return {
            "OIDC_RP_CLIENT_ID": settings.LOTS_FAMILY_OIDC_CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": settings.LOTS_FAMILY_OIDC_CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_RP_SCOPES": "openid",
            "OIDC_AUTHENTICATION_CALLBACK_URL": cls.callback,
            "LOGIN_REDIRECT_URL": "portal:home",
            "LOGIN_REDIRECT_URL_FAILURE": "/familj/logga-in/?idp=misslyckades",
        }


class FamilyOIDCBackend(FamilyProvider, oidc.StaffOIDCBackend):
    """Finds (or makes) the family account of the identity number the IdP vouched for; never a
    member of staff (a family account has no membership, and staff are never matched here)."""

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            number = parse_identity_number(str(payload.get(settings.LOTS_FAMILY_OIDC_CLAIM, ""))).digits
        except ValidationError:
            return None
        account = services.account_for_identity_number(identity_number=number)
        return None if account is None else account.user


class StartView(FamilyProvider, oidc.StartView):
    """To the family's IdP, with state, nonce and a PKCE challenge in the session."""


class CallbackView(FamilyProvider, oidc.CallbackView):
    """Back from the IdP: the family member is signed in to the family view (and nowhere else)."""

    def login_success(self):
        account = FamilyAccount.objects.select_related("user").get(user=self.user)
        services.sign_in(request=self.request, account=account, method="family-oidc")
        return redirect("portal:home")
