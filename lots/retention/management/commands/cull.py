from django.core.management.base import BaseCommand

from lots.retention import services


class Command(BaseCommand):
    help = (
        "Culling (gallring): without --confirm, report what has passed its retention period "
        "(a dry run, recorded); with --confirm, cull it and record what was culled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--confirm", action="store_true", help="Cull for real (after reading a dry run).")
        parser.add_argument("--by", default="command", help="Who runs it (recorded).")

    def handle(self, *args, confirm=False, by="command", **options):
        run = services.run(dry_run=not confirm, started_by=by)
        verb = "culled" if confirm else "would cull"
        total = 0
        for record in run.records.order_by("kind", "principal_name"):
            total += record.count
            period = f"{record.years} y {record.days} d"
            who = record.principal_name or "all principals"
            more = f" ({record.remaining} left for the next run)" if record.remaining else ""
            self.stdout.write(f"{record.kind:32} {who:28} {period:>10} {record.action:9} {verb} {record.count}{more}")
        self.stdout.write(self.style.SUCCESS(f"Run {run.pk}: {verb} {total} records in all."))
