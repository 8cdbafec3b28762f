from django.core.management.base import BaseCommand

from lots.audit import partitions


class Command(BaseCommand):
    help = (
        "Create the access log's monthly partitions for this month and the months ahead "
        "(PostgreSQL; idempotent, run it daily from cron or the task worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=3, help="How many months ahead (default 3).")

    def handle(self, *args, months: int, **options):
        if not partitions.is_partitioned():
            self.stdout.write("The access log is not partitioned here (SQLite): nothing to do.")
            return
        created = partitions.ensure_ahead(months=months)
        for name in created:
            self.stdout.write(f"Created {name}.")
        self.stdout.write(self.style.SUCCESS(f"{len(partitions.existing_partitions())} partitions in place."))
