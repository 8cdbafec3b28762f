"""Tasks that failed for good are kept for the operators and told to them; tasks of dead workers
are run again. The retrying itself is the ground's (`lots.core.tasks.reliable_task`), which hands
each final failure to `keep_failure` (registered in SecurityConfig.ready())."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lots.core.tasks import report_failure
from lots.notifications.services import notify
from lots.organisations.models import User
from lots.security.models import TaskFailure

logger = logging.getLogger("lots.tasks")


def keep_failure(*, task_path: str, attempts: int, error: BaseException) -> None:
    """Keep the failure for the operators and tell them, in a transaction of its own."""
    with transaction.atomic():
        failure = TaskFailure.objects.create(
            task_path=task_path[:200], attempts=attempts, error=type(error).__name__[:300]
        )
        operators = User.objects.filter(username__in=settings.LOTS_OPERATORS, is_active=True)
        notify(
            recipients=operators,
            kind="security.task_failed",
            url=f"/admin/security/taskfailure/{failure.pk}/change/",
            dedupe_key=f"task-failure-{failure.pk}",
        )


class WorkerLost(Exception):
    """The worker running a task died (kill -9, a crash, a lost machine) before it finished."""


def recover_stalled(*, older_than: dt.timedelta | None = None) -> tuple[int, int]:
    """Tasks left RUNNING by a worker that died are run again, or reported once their tries are
    used up. Run by `manage.py recover_tasks` when a worker starts and from cron. Returns
    (requeued, reported). Tasks must be safe to run twice (notifications have dedupe keys)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    older_than = older_than or dt.timedelta(seconds=settings.LOTS_TASK_STALLED_SECONDS)
    requeued = reported = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - older_than
        )
        for row in stalled:
            if len(row.worker_ids) < settings.LOTS_TASK_ATTEMPTS:
                row.status = TaskResultStatus.READY
                row.run_after = timezone.now()
                row.save(update_fields=["status", "run_after"])
                requeued += 1
            else:
                row.set_failed(WorkerLost(f"worker {row.worker_ids[-1] if row.worker_ids else '?'} died"))
                report_failure(task_path=row.task_path, attempts=len(row.worker_ids), error=WorkerLost())
                reported += 1
    if requeued or reported:
        logger.warning("Recovered tasks of dead workers: %s run again, %s reported", requeued, reported)
    return requeued, reported
