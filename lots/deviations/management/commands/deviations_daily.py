from django.core.management.base import BaseCommand

from lots.deviations import signals, tasks


class Command(BaseCommand):
    help = "Propose deviations from Lots' signals and raise deviations whose handling is overdue (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the scan for the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            tasks.daily_deviations_scan.enqueue()
            self.stdout.write("Queued the deviations scan.")
            return
        result = signals.daily_scan()
        self.stdout.write(f"Proposed: {result.proposed}; handling overdue raised: {result.overdue}.")
