"""Enrolling a second factor (TOTP), only from a one-time link an administrator issues.

Whoever holds a password cannot enrol an authenticator by themselves: the sign-in's code step
offers no enrolment. An administrator issues a link for a named member of staff; it is shown
once, stored as the SHA-256 of its secret, works only for that person, once, until it expires.
The person opens it, signs in with their password and enrols; an earlier authenticator of theirs
is replaced (a lost phone). Issuing and using a link are audit rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.audit import services as audit
from lots.audit.models import Action
from lots.organisations.actor import Actor
from lots.organisations.models import User
from lots.security.models import EnrolmentLink

#: How long an enrolment link works after it is issued.
LINK_VALID_FOR = dt.timedelta(hours=72)
_RECORD_TYPE = "security.enrolmentlink"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_issue(*, user: User, issued_by: User) -> None:
    """The rule for issuing a link: for an active colleague, never for oneself (no one renews
    their own second factor; another administrator does)."""
    if user.pk == issued_by.pk:
        raise ValidationError({"user": _("You cannot issue a link for yourself. Another administrator does that.")})
    if not user.is_active:
        raise ValidationError({"user": _("The account is not active.")})


@transaction.atomic
def issue_link(*, user: User, actor: Actor) -> tuple[EnrolmentLink, str]:
    """A new link for the user; the second value is its secret, to show once. Earlier unused
    links of the user stop working."""
    check_issue(user=user, issued_by=actor.user)
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=user, token_hash=_digest(token), issued_by=actor.user, issued_at=now, expires_at=now + LINK_VALID_FOR
    )
    audit.record(
        actor,
        [
            audit.Access(
                action=Action.CREATE, record_type=_RECORD_TYPE, record_id=str(link.pk), detail=f"for user {user.pk}"
            )
        ],
    )
    return link, token


def open_link(*, token: str, user: User) -> EnrolmentLink | None:
    """The link, if it works for this user now; unknown, used, expired or someone else's all
    give None."""
    link = EnrolmentLink.objects.filter(token_hash=_digest(token)).first()
    if link is None or link.user_id != user.pk or link.used_at or link.expires_at <= timezone.now():
        return None
    return link


def device_for(*, link: EnrolmentLink) -> TOTPDevice:
    """The authenticator being enrolled through the link (made when the link is first opened)."""
    device = TOTPDevice.objects.filter(user_id=link.user_id, confirmed=False).first()
    return device or TOTPDevice.objects.create(user_id=link.user_id, name="Lots", confirmed=False)


@transaction.atomic
def enrol(*, request, link: EnrolmentLink, code: str) -> bool:
    """Confirm the new authenticator with its first good code: the link is used up, earlier
    authenticators of the user are removed, and the session counts as verified."""
    link = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
    code = (code or "").strip().replace(" ", "")
    if link.used_at or link.user_id != request.user.pk or not code.isdigit():
        return False
    device = device_for(link=link)
    if not device.verify_token(code):
        return False
    replaced, _kinds = TOTPDevice.objects.filter(user_id=link.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    otp_login(request, device)
    audit.record(
        Actor(user=request.user, membership=None),
        [
            audit.Access(
                action=Action.CHANGE,
                record_type=_RECORD_TYPE,
                record_id=str(link.pk),
                detail=f"used; authenticator enrolled, {replaced} replaced",
            )
        ],
    )
    return True
