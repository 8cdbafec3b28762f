"""Daily work, run by the task worker: it calls the services."""

from lots.core.tasks import reliable_task
from lots.forums import services


@reliable_task()
def daily_forums_scan() -> dict:
    """Run once a day (`manage.py forums_daily`, or enqueue it; see docs/forums.md)."""
    return {"reminded": services.remind_overdue_actions()}
