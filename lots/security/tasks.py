"""Background tasks that are retried, then reported: never silently lost.

`@reliable_task()` is `django_tasks.task` with a safety net: when the function raises, the task
is enqueued again (with a growing delay) until LOTS_TASK_ATTEMPTS tries are used; the last
failure is recorded as a `TaskFailure`, written to the log and notified to the operators
(LOTS_OPERATORS). Each try is its own row in the database backend, failures included, so the
history of a task can be read there too. The error is recorded by its type only: arguments and
messages may carry person data.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("lots.tasks")


def reliable_task(*, attempts: int | None = None, **task_options):
    def decorate(func):
        path = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception as error:
                limit = attempts or settings.LOTS_TASK_ATTEMPTS
                if _attempt < limit:
                    delay = settings.LOTS_TASK_RETRY_SECONDS * 2 ** (_attempt - 1)
                    logger.warning("Task %s failed (try %s of %s); tries again.", path, _attempt, limit)
                    wrapped.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue(
                        *args, _attempt=_attempt + 1, **kwargs
                    )
                else:
                    report_failure(task_path=path, attempts=_attempt, error=error)
                raise

        run.reliable = True  # lots.security.tests: every task in Lots is a reliable one
        wrapped = task(**task_options)(run)
        return wrapped

    return decorate


def report_failure(*, task_path: str, attempts: int, error: BaseException) -> None:
    """Keep the failure for the operators and tell them, in a transaction of its own."""
    from lots.notifications.services import notify
    from lots.organisations.models import User
    from lots.security.models import TaskFailure

    logger.error("Task %s failed for good after %s tries: %s", task_path, attempts, type(error).__name__)
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
