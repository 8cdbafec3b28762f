"""Retention of notifications (LAW.md). Registered in NotificationsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from lots.notifications.models import Notification
from lots.retention.registry import RetentionKind

KINDS = [
    RetentionKind(
        key="notifications.notification",
        label=_("Notifications that have been read"),
        model=Notification,
        counts_from="read_at",
        years=1,
        law=_("Carry no person data; kept a year for support."),
    ),
]
