"""The start page, "Att göra": what this person must act on across the apps (each app contributes
through `lots.core.todo`), the places of their daily work, and what is new."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from lots.access import policy
from lots.access.presentation import PersonView
from lots.children.selectors import children_as_seen
from lots.core import todo
from lots.notifications.models import Notification
from lots.organisations.actor import Actor

#: The newest unread notifications shown under "New"; the inbox has the rest.
NEW_NOTIFICATIONS = 10


@dataclass(frozen=True)
class Row:
    item: todo.Item
    child: PersonView | None

    @property
    def due(self):
        return self.item.due


@login_required
def start(request):
    actor = Actor.from_request(request)
    today = timezone.localdate()
    with policy.one_page(actor):  # every app's reads and the names: one append to the log
        items = todo.collect_items(actor, today) if actor.membership else []
        work = todo.collect_work(actor, today) if actor.membership else []
        # each app logged the records it gave, which name their children: named, not logged again
        named = children_as_seen(actor, [i.child_id for i in items if i.child_id]) if items else {}
    rows = [Row(item, named.get(item.child_id) if item.child_id else None) for item in items]
    groups = todo.group(rows, today)
    notifications = list(Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:NEW_NOTIFICATIONS])
    context = {
        "today": today,
        "work": work,
        "groups": groups,
        "notifications": notifications,
    }
    return render(request, "children/todo.html", context)
