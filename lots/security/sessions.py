"""Signed-in sessions per user: recorded at sign-in, ended together by "sign out everywhere".

Inactivity ends a session through Django's own expiry (SESSION_COOKIE_AGE, renewed while in use),
and `SESSION_MAX_HOURS` after sign-in `lots.security.middleware` ends it however active it is;
nothing here runs on ordinary requests, so pages cost no extra query.
"""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from lots.organisations.models import User
from lots.security.models import UserSession

#: When the session was signed in (seconds since the epoch): the absolute lifetime counts from it.
SIGNED_IN_KEY = "_signed_in_at"


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def record_sign_in(*, request: HttpRequest, user: User, method: str) -> UserSession:
    """Called right after `login()` (which has already cycled the session key)."""
    request.session[SIGNED_IN_KEY] = int(time.time())  # the absolute lifetime counts from here
    if request.session.session_key is None:
        request.session.save()
    return UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "method": method,
            "user_agent": request.headers.get("User-Agent", "")[:200],
        },
    )[0]


def forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def sign_out_everywhere(*, user: User) -> int:
    """End every session the user has, on every device. Returns how many were ended."""
    store = _store()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def active_sessions(user: User) -> list[UserSession]:
    """The user's sessions that still exist in the session store (the others have expired)."""
    store = _store()
    rows = list(UserSession.objects.filter(user=user).order_by("-signed_in_at"))
    return [row for row in rows if store().exists(row.session_key)]
