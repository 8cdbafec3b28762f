from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from lots.api.models import ApiToken


class ClientRateThrottle(SimpleRateThrottle):
    """`LOTS_API_RATE` calls per client (a token's client, a member of staff, or an address for
    the public endpoints), counted in the cache shared by the app servers."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.LOTS_API_RATE

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"client-{request.auth.client_id}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return f"lots-api-rate-{ident}"
