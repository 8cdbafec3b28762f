"""Daily work, run by the task worker: it calls the services of `services/daily.py`."""

from __future__ import annotations

from lots.core.tasks import reliable_task
from lots.routines.services import daily


@reliable_task()
def daily_routines_scan() -> dict:
    """Run once a day (`manage.py routines_daily`, or enqueue it; see docs/routines.md)."""
    raised = daily.raise_unowned()
    return {"reminded": daily.remind_readers(), "to_managers": raised.to_managers, "steering": raised.to_steering_group}
