"""Daily work, run by the task worker: it calls `signals.daily_scan`, which calls the services."""

from lots.core.tasks import reliable_task
from lots.deviations import signals


@reliable_task()
def daily_deviations_scan() -> dict:
    """Run once a day (`manage.py deviations_daily`, or enqueue it; see docs/deviations.md)."""
    result = signals.daily_scan()
    return {"proposed": result.proposed, "overdue": result.overdue}
