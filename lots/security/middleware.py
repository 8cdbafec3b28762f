"""Keeps a signed-in session alive while it is used, without a write on every request, and ends
it for good `SESSION_MAX_HOURS` after sign-in however active it is."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

from lots.security.sessions import SIGNED_IN_KEY, forget

RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """Renews the session's server-side expiry at most once a `SESSION_RENEW_SECONDS`, and ends a
    session that has lasted `SESSION_MAX_HOURS` (before authentication reads it, so the request
    is already anonymous and is sent to the sign-in page).

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request, one write per
    page view under load. Renewing once a minute keeps the idle timeout (it ends at most that
    much earlier than the configured idle time) at a fraction of the writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        now = int(time.time())
        if session is not None:
            signed_in_at = session.get(SIGNED_IN_KEY)
            if signed_in_at is not None and now - signed_in_at >= settings.SESSION_MAX_HOURS * 3600:
                forget(session.session_key)
                session.flush()
        response = self.get_response(request)
        if session is not None and not session.is_empty() and session.session_key:
            if SESSION_KEY in session and SIGNED_IN_KEY not in session:
                session[SIGNED_IN_KEY] = now  # signed in by a way that did not record it
            if now - session.get(RENEWED_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now
        return response
