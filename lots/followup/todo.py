"""The follow-up as a place of daily work on the start page (`lots.core.todo`): for the steering
group and managers, the way to the overview. Aggregates only, no person data."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.core import todo
from lots.followup.policies import follows_up
from lots.organisations.actor import Actor


def work(actor: Actor, today: dt.date) -> list[todo.Work]:
    if not follows_up(actor):
        return []
    return [todo.Work(text=_("The follow-up: indicators and overview"), url=reverse("followup:dashboard"))]
