from django.core.management.base import BaseCommand

from lots.attendance import importing, services


class Command(BaseCommand):
    help = "Import the absence files in the drop folder, then raise the signals of early warning (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the run for the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            importing.attendance_daily.enqueue()
            self.stdout.write("Queued the attendance run.")
            return
        jobs = importing.read_drop_folder()
        refused = sum(1 for job in jobs if job.status == job.Status.REFUSED)
        raised = services.raise_signals()
        self.stdout.write(f"Files imported: {len(jobs) - refused}; refused: {refused}; signals raised: {raised}.")
