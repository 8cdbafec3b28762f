from lots.core.tasks import reliable_task
from lots.intake.services import reminders


@reliable_task()
def daily_deadline_scan() -> dict:
    """Run once a day (the `intake_deadlines` command enqueues or runs it; see docs/intake.md)."""
    result = reminders.scan_deadlines()
    return {"reminded": result.reminded, "escalated": result.escalated, "requests_escalated": result.requests_escalated}
