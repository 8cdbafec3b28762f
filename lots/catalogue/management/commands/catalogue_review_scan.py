from django.core.management.base import BaseCommand

from lots.catalogue.tasks import flag_entries_due_for_review


class Command(BaseCommand):
    help = "Queue the daily scan that flags catalogue entries not reviewed for twelve months to their owners."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the scan here instead of queueing it.")

    def handle(self, *args, now: bool, **options):
        if now:
            sent = flag_entries_due_for_review.call()
            self.stdout.write(f"{sent} notifications.")
        else:
            flag_entries_due_for_review.enqueue()
            self.stdout.write("The review scan is queued.")
