import datetime as dt

from django.core.management.base import BaseCommand

from lots.security.failures import recover_stalled


class Command(BaseCommand):
    help = "Run again the tasks a dead worker left running (or report them when their tries are used up)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None, help="Seconds (default LOTS_TASK_STALLED_SECONDS).")

    def handle(self, *args, older_than=None, **options):
        requeued, reported = recover_stalled(
            older_than=dt.timedelta(seconds=older_than) if older_than is not None else None
        )
        self.stdout.write(f"{requeued} tasks run again, {reported} reported as failed.")
