from django.core.management.base import BaseCommand

from lots.forums import services, tasks


class Command(BaseCommand):
    help = "Tell the owners of overdue action items from forum meetings (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the scan for the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            tasks.daily_forums_scan.enqueue()
            self.stdout.write("Queued the forums scan.")
            return
        self.stdout.write(f"Overdue action items reminded: {services.remind_overdue_actions()}.")
