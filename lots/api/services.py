"""Making, checking and revoking API tokens.

A token reads `lots_<prefix>_<secret>`. The prefix finds the row; the secret is compared with
its stored SHA-256 in constant time. The secret is 32 random bytes, so a fast hash is enough
(there is nothing to guess), and it is never stored or shown again after `issue_token`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from lots.api.models import ApiClient, ApiToken
from lots.organisations.models import Membership, User
from lots.organisations.selectors import current_memberships

TOKEN_START = "lots_"  # noqa: S105  (the visible start of every token, not a secret)
#: last_used_at is written at most this often per token, not on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(*, client: ApiClient, created_by: User, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for the client; the second value is the token itself, to show once."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client, prefix=prefix, secret_hash=_digest(secret), created_by=created_by, expires_at=expires_at
    )
    return token, f"{TOKEN_START}{prefix}_{secret}"


@transaction.atomic
def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def revoke_client(*, client: ApiClient) -> ApiClient:
    """The client and every token it holds stop working at once."""
    now = timezone.now()
    client.active, client.revoked_at = False, client.revoked_at or now
    client.save(update_fields=["active", "revoked_at"])
    client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    return client


def token_for(presented: str) -> ApiToken | None:
    """The valid token presented, or None: malformed, unknown, wrong secret, revoked, expired,
    or of a revoked client all look the same to the caller."""
    if not presented.startswith(TOKEN_START):
        return None
    prefix, _, secret = presented[len(TOKEN_START) :].partition("_")
    token = (
        ApiToken.objects.select_related("client__acting_as").filter(prefix=prefix).first() if len(prefix) == 8 else None
    )
    stored = token.secret_hash if token else _digest("")
    if not hmac.compare_digest(_digest(secret), stored) or token is None:
        return None
    now = timezone.now()
    if token.revoked_at or (token.expires_at and token.expires_at <= now):
        return None
    if not token.client.active or token.client.revoked_at or not token.client.acting_as.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def membership_for(client: ApiClient) -> Membership | None:
    """The membership the client acts in: the acting user's first current one in an agency the
    client may act for; None when there is none (the call is then refused)."""
    allowed = client.agencies.values("pk")
    return current_memberships(client.acting_as).filter(unit__agency__in=allowed).first()
