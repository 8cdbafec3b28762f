from django.core.management.base import BaseCommand

from lots.routines import tasks
from lots.routines.services import daily


class Command(BaseCommand):
    help = "Remind staff of unread routines and raise overdue or unheld journey steps (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the scan for the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            tasks.daily_routines_scan.enqueue()
            self.stdout.write("Queued the routines scan.")
            return
        raised = daily.raise_unowned()
        reminded = daily.remind_readers()
        self.stdout.write(
            f"Reminders: {reminded}; raised to managers: {raised.to_managers}; "
            f"raised to the steering group: {raised.to_steering_group}."
        )
