"""Telling staff that something needs them: an inbox row and an e-mail, both without person data."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lots.notifications import kinds, tasks
from lots.notifications.models import Notification
from lots.organisations.models import User

log = logging.getLogger(__name__)


def notify(*, recipients: Iterable[User], kind: str, url: str, dedupe_key: str = "") -> list[Notification]:
    """Notify each recipient once (per `dedupe_key`). The e-mail is sent after the commit by a
    task, so a failing mail server never undoes the action that caused the notification."""
    if not kinds.is_registered(kind):
        raise ValueError(f"unknown notification kind {kind!r}: register it in notifications.kinds")
    if not url.startswith("/"):
        raise ValueError("notifications link inside Lots")
    by_pk = {user.pk: user for user in recipients}
    if not by_pk:
        return []
    with transaction.atomic():
        if dedupe_key:
            already = set(
                Notification.objects.filter(recipient_id__in=by_pk, dedupe_key=dedupe_key).values_list(
                    "recipient_id", flat=True
                )
            )
            by_pk = {pk: user for pk, user in by_pk.items() if pk not in already}
        created = Notification.objects.bulk_create(
            [Notification(recipient=user, kind=kind, url=url, dedupe_key=dedupe_key) for user in by_pk.values()]
        )
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: [tasks.send_notification_email.enqueue(pk) for pk in ids])
    return created


def notify_after_commit(**kwargs) -> None:
    """`notify` once the change is committed; a failure is logged and undoes nothing."""

    def send():
        try:
            notify(**kwargs)
        except Exception:
            log.exception("notification %s could not be created", kwargs.get("kind"))

    transaction.on_commit(send)


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications as read (all of them when no ids are given)."""
    mine = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        mine = mine.filter(pk__in=list(notification_ids))
    return mine.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(Q(recipient=user) & Q(read_at__isnull=True)).count()


def unread_count_expression(user: User) -> Coalesce:
    """The same count as an expression, so that the query every request makes about its user
    (the acting membership) brings it too, instead of one query more on every page."""
    unread = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), 0)
