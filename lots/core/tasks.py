"""Background tasks that are retried, then reported: never silently lost.

`@reliable_task()` is `django_tasks.task` with a safety net: when the function raises, the task
is enqueued again (with a growing delay) until LOTS_TASK_ATTEMPTS tries are used; the last
failure is written to the log and handed to the reporter that `report_failures_to()` was given
(the security app's: a `TaskFailure` row notified to the operators, LOTS_OPERATORS, see
`lots.security.failures`). Each try is its own row in the database backend, failures included, so the
history of a task can be read there too. The error is recorded by its type only: arguments and
messages may carry person data.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("lots.tasks")

#: Told of a task that failed for good: (task_path, attempts, error). Set once at start-up by the
#: app that keeps the failures (SecurityConfig.ready()); the ground does not know that app.
_reporter: Callable[..., None] | None = None


def report_failures_to(reporter: Callable[..., None]) -> None:
    global _reporter
    _reporter = reporter


def report_failure(*, task_path: str, attempts: int, error: BaseException) -> None:
    """A task failed for good: logged here, kept and told by the reporter."""
    logger.error("Task %s failed for good after %s tries: %s", task_path, attempts, type(error).__name__)
    if _reporter is not None:
        _reporter(task_path=task_path, attempts=attempts, error=error)


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
