from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations.middleware import SESSION_KEY
from lots.organisations.models import Membership, User


def choose_membership(*, request, membership_id: int) -> Membership:
    """Act in another of one's own memberships from the next request on."""
    chosen = next((m for m in request.memberships if m.pk == membership_id), None)
    if chosen is None:
        raise ValidationError(_("You do not hold that role."))
    request.session[SESSION_KEY] = chosen.pk
    return chosen


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator device; an earlier unconfirmed one is replaced."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Lots", confirmed=False)


def verify_one_time_code(*, request, code: str) -> bool:
    """Check a code against the user's devices; confirm a device on its first good code."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return False
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=request.user).order_by("-confirmed"):
            if device.verify_token(code):
                if not device.confirmed:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                otp_login(request, device)
                return True
    return False
