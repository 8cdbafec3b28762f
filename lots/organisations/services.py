from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations.models import Membership

#: The session's record of the membership the user acts in (read by
#: `lots.security.membership.ActingMembershipMiddleware`) and of whether a role requires a code.
SESSION_KEY = "lots_membership_id"
OTP_SESSION_KEY = "lots_otp_required"


def choose_membership(*, request, membership_id: int) -> Membership:
    """Act in another of one's own memberships from the next request on."""
    chosen = next((m for m in request.memberships if m.pk == membership_id), None)
    if chosen is None:
        raise ValidationError(_("You do not hold that role."))
    request.session[SESSION_KEY] = chosen.pk
    return chosen


def verify_one_time_code(*, request, code: str) -> bool:
    """Check a code against the user's confirmed authenticators. An unconfirmed one (being
    enrolled through an administrator's link) is never confirmed here."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return False
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(code):
                otp_login(request, device)
                return True
    return False


#: Checks another app registers (access: a leaver's open assignments) that may refuse ending a
#: membership: each returns the reasons in words, or nothing. The admin asks them too.
MEMBERSHIP_END_GUARDS: list = []


def membership_end_problems(membership: Membership, last_day) -> list[str]:
    return [problem for guard in MEMBERSHIP_END_GUARDS for problem in guard(membership, last_day)]


@transaction.atomic
def end_membership(*, membership: Membership, last_day) -> Membership:
    """The membership's last day. Called by access's `end_membership`, which has checked who
    ends it and that no child is left without an owner."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if last_day < membership.valid_from:
        raise ValidationError({"last_day": _("The last day cannot be before the membership began.")})
    membership.valid_until = last_day
    membership.save(update_fields=["valid_until"])
    return membership
