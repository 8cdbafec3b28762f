"""Keeps a signed-in session alive while it is used, without a write on every request."""

from __future__ import annotations

import time

from django.conf import settings

RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """Renews the session's server-side expiry at most once a `SESSION_RENEW_SECONDS`.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request, one write per
    page view under load. Renewing once a minute keeps the idle timeout (it ends at most that
    much earlier than the configured idle time) at a fraction of the writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.session_key:
            now = int(time.time())
            if now - session.get(RENEWED_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now
        return response
