"""Who calls: a system with a bearer token, or a member of staff in a signed-in session."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from lots.api import services
from lots.api.models import ApiToken
from lots.organisations.actor import Actor


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer lots_…`. The call then acts as the client's user, in a membership
    of an agency the client may act for, so the access policy applies as it does to pages."""

    def authenticate(self, request):
        kind, _sep, presented = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if kind.lower() != "bearer":
            return None
        token = services.token_for(presented.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or has been revoked."))
        request._request.membership = services.membership_for(token.client)
        return token.client.acting_as, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="lots"'


def actor_of(request) -> Actor:
    """The actor of an API call: the user, the membership acted in, and the client if any."""
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return Actor(
        user=request.user,
        membership=getattr(request._request, "membership", None),
        api_client_id=token.client_id if token else None,
    )
