"""The flagged report's hourly counts of the generated log, as the hourly task would have made
them: the data set is history, and every hour of it has ended. Runs last, after every step that
appends to the log."""

from __future__ import annotations

from lots.audit import bursts
from lots.audit.models import AccessBurst


def generate(ctx) -> None:
    ctx.progress.start("access bursts", 1)
    bursts.count_bursts(now=ctx.plan.now, max_days=None)
    ctx.progress.advance(AccessBurst.objects.count())
    ctx.progress.finish()
