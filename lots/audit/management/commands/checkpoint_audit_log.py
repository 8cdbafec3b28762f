from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lots.audit import anchor, tasks


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of the access log's chains (each chain's last row and its count) to "
        "LOTS_ANCHOR_FILE. Run it every 15 minutes from cron, or queue it for the task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the checkpoint for the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            tasks.write_checkpoint.enqueue()
            self.stdout.write("Queued a checkpoint of the access log.")
            return
        try:
            checkpoint = anchor.write_checkpoint()
        except anchor.AnchorError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint written to {settings.LOTS_ANCHOR_FILE}: {checkpoint['rows']} rows "
                f"in {len(checkpoint['chains'])} chains."
            )
        )
