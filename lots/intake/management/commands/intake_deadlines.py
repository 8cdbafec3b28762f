from django.core.management.base import BaseCommand

from lots.intake import tasks
from lots.intake.services import reminders


class Command(BaseCommand):
    help = "Send reminders before concern-report deadlines and raise overdue items (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the scan for the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            tasks.daily_deadline_scan.enqueue()
            self.stdout.write("Queued the deadline scan.")
            return
        result = reminders.scan_deadlines()
        self.stdout.write(
            f"Reminders: {result.reminded}; overdue raised: {result.escalated}; "
            f"requests raised: {result.requests_escalated}."
        )
