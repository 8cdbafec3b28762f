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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.api.models import ApiClient, ApiToken
from lots.audit import services as audit
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Principal, User
from lots.organisations.selectors import current_memberships

TOKEN_START = "lots_"  # noqa: S105  (the visible start of every token, not a secret)
#: last_used_at is written at most this often per token, not on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_client(*, principal: Principal, acting_as: User, agencies: list[Agency]) -> None:
    """The rule for whom a client may act as: only for agencies of the principal that owns it, and
    only as a member of staff who holds a current role in one of them. A token then reaches what
    that person may reach there and no more (the access policy judges each call as their own)."""
    if not agencies:
        raise ValidationError({"agencies": _("Choose at least one agency the client acts for.")})
    if any(agency.principal_id != principal.pk for agency in agencies):
        raise ValidationError({"agencies": _("A client acts only for agencies of the principal that owns it.")})
    if not current_memberships(acting_as).filter(unit__agency__in=[a.pk for a in agencies]).exists():
        raise ValidationError(
            {"acting_as": _("The client can act only as someone who works in one of the agencies it acts for.")}
        )


def _log(by: User, action: str, record: ApiToken | ApiClient, detail: str) -> None:
    """An audit row for a change to who may call the API (no person data: ids only)."""
    audit.record(
        Actor(user=by, membership=None),
        [audit.Access(action=action, record_type=record._meta.label_lower, record_id=str(record.pk), detail=detail)],
    )


@transaction.atomic
def issue_token(*, client: ApiClient, created_by: User, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for the client; the second value is the token itself, to show once. Refused
    when the client no longer meets `check_client` (its person has left its agencies)."""
    check_client(principal=client.principal, acting_as=client.acting_as, agencies=list(client.agencies.all()))
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client, prefix=prefix, secret_hash=_digest(secret), created_by=created_by, expires_at=expires_at
    )
    _log(created_by, Action.CREATE, token, f"client {client.pk} acting as user {client.acting_as_id}")
    return token, f"{TOKEN_START}{prefix}_{secret}"


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _log(by, Action.CHANGE, token, f"revoked; client {token.client_id}")
    return token


@transaction.atomic
def revoke_client(*, client: ApiClient, by: User) -> ApiClient:
    """The client and every token it holds stop working at once."""
    now = timezone.now()
    client.active, client.revoked_at = False, client.revoked_at or now
    client.save(update_fields=["active", "revoked_at"])
    revoked = client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    _log(by, Action.CHANGE, client, f"revoked with {revoked} tokens")
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
    client may act for, of the principal that owns the client; None when there is none (the call
    is then refused)."""
    allowed = client.agencies.filter(principal_id=client.principal_id).values("pk")
    return current_memberships(client.acting_as).filter(unit__agency__in=allowed).first()
