"""Sign-in guessing, slowed two ways (django-axes, counted in the database):

- **by account**: `AXES_FAILURE_LIMIT` (5) wrong passwords lock the account for
  `LOTS_LOGIN_LOCKOUT_MINUTES`, from any address;
- **by client address**: `LOTS_LOGIN_CLIENT_FAILURE_LIMIT` (200) failed sign-ins from one address
  within the same minutes, across any accounts, refuse that address (password spraying: one
  guess at each of many accounts never locks an account).

The address limit is high on purpose: the staff of a whole municipality or region may reach Lots
from one address (NAT), and a limit they could reach with ordinary mistyped passwords on a Monday
morning would lock them all out. 200 in 15 minutes is far above that and far below what spraying
a directory needs. The address is the connecting one (`LOTS_TRUSTED_PROXIES` hops back in
X-Forwarded-For behind a proxy), never one the client states.

axes judges both with one number, so the address's count is scaled to the account limit; a good
sign-in clears its own account's count only, so a sprayer cannot clear its address's count by
signing in to an account of its own.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str | None:
    """The address that connected to Lots, or to the outermost of `LOTS_TRUSTED_PROXIES` proxies."""
    proxies = settings.LOTS_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR")


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failures_by_account_and_client(request, credentials=None) -> tuple[int, int]:
    """Failed sign-ins within the cool-off time: of this account, and from this address."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    by_account = _failures(recent.filter(username=get_client_username(request, credentials)))
    by_client = _failures(recent.filter(ip_address=request.axes_ip_address))
    return by_account, by_client


def client_is_over_its_limit(request, credentials=None) -> bool:
    return failures_by_account_and_client(request, credentials)[1] >= settings.LOTS_LOGIN_CLIENT_FAILURE_LIMIT


class SignInAttempts(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        by_account, by_client = failures_by_account_and_client(request, credentials)
        scaled = by_client * settings.AXES_FAILURE_LIMIT // settings.LOTS_LOGIN_CLIENT_FAILURE_LIMIT
        return max(by_account, scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        return AccessAttempt.objects.filter(username=username).delete()[0]
