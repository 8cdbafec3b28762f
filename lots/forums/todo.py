"""What a person must do for the collaboration forums, for the start page (`lots.core.todo`): the
open action items they own, from the meetings of the forums they belong to, by their due date.

An action item has an owner, a person (a member of the forum), never a unit: a unit's other staff
have nothing to do here. Action items are not person data (a forum discusses cases without names,
`lots.forums.policies`), so reading them writes nothing to the access log. The item names the
forum, not the action's own words: those are on the meeting's page.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.core import todo
from lots.forums.selectors import my_open_actions
from lots.organisations.actor import Actor


def items(actor: Actor, today: dt.date, limit: int) -> list[todo.Item]:
    """At most `limit` items, in one statement."""
    if actor.membership is None or limit <= 0:
        return []
    return [
        todo.Item(
            text=_("Action item from %(forum)s") % {"forum": action.meeting.forum.name},
            url=reverse("forums:meeting", args=[action.meeting_id]),
            due=action.due_on,
        )
        for action in my_open_actions(actor)[:limit]
    ]
