"""The allowed status changes, as tables. One service per change; history is appended."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.families.models import EngagementStatus, ReferralStatus

REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.RECEIVED: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.WAITING, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    # A place frees: the team takes the family from the waiting list.
    ReferralStatus.WAITING: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.STARTED, ReferralStatus.WITHDRAWN}),
}

#: Referrals the team still holds (its members see the family's children while they do).
OPEN_REFERRAL = frozenset({ReferralStatus.RECEIVED, ReferralStatus.WAITING, ReferralStatus.ACCEPTED})

ENGAGEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    EngagementStatus.ACTIVE: frozenset({EngagementStatus.ENDED}),
}


def allowed(table: dict[str, frozenset[str]], current: str, new: str) -> bool:
    return new in table.get(current, frozenset())


def require(table: dict[str, frozenset[str]], current: str, new: str, shown: str) -> None:
    """Refuse a change the table does not allow; `shown`: the current status as the page says it."""
    if not allowed(table, current, new):
        raise ValidationError(_("That step is not possible now: the status is %(status)s.") % {"status": shown})
