"""Daily work: remind the lead before a plan's follow-up date, and again when it has passed."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lots.core.tasks import reliable_task
from lots.notifications.services import notify
from lots.plans.agreements import region_id_of
from lots.plans.models import RegionalAgreement, Sip
from lots.plans.services._common import sip_url
from lots.plans.workflow import ESTABLISHED_STATUSES

DEFAULT_REMINDER_DAYS = 7


def remind_leads(today: dt.date | None = None) -> int:
    """Notify each lead whose plan is due for follow-up within the region's reminder period, or
    overdue. Each reminder is sent once per follow-up date (its dedupe key names the date)."""
    today = today or timezone.localdate()
    days_by_region = dict(RegionalAgreement.objects.values_list("region_id", "reminder_days_before_follow_up"))
    horizon = today + dt.timedelta(days=max([DEFAULT_REMINDER_DAYS, *days_by_region.values()]))
    sent = 0
    due = (
        Sip.objects.filter(status__in=ESTABLISHED_STATUSES, follow_up_on__lte=horizon, lead_user__isnull=False)
        .select_related("lead_user", "lead_principal")
        .order_by("pk")
    )
    for sip in due.iterator(chunk_size=500):
        days = days_by_region.get(region_id_of(sip.lead_principal), DEFAULT_REMINDER_DAYS)
        if sip.follow_up_on < today:
            kind, key = "plans.follow_up_overdue", f"sip-{sip.pk}-overdue-{sip.follow_up_on}"
        elif sip.follow_up_on <= today + dt.timedelta(days=days):
            kind, key = "plans.follow_up_due", f"sip-{sip.pk}-due-{sip.follow_up_on}"
        else:
            continue
        sent += len(notify(recipients=[sip.lead_user], kind=kind, url=sip_url(sip), dedupe_key=key))
    return sent


@reliable_task()
def send_follow_up_reminders() -> int:
    return remind_leads()
