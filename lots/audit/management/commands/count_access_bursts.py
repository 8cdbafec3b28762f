from django.core.management.base import BaseCommand

from lots.audit import bursts


class Command(BaseCommand):
    help = (
        "Count the staff who opened many persons within an hour, for every hour that has ended since "
        "the last count (the flagged report reads these counts; run it every hour from cron or the task worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=31, help="At most this many days in one run (default 31).")

    def handle(self, *args, days: int, **options):
        counted = bursts.count_bursts(max_days=days)
        if counted is None:
            self.stdout.write("The access log is empty: nothing to count.")
        else:
            self.stdout.write(self.style.SUCCESS(f"The access log is counted until {counted:%Y-%m-%d %H:%M} UTC."))
