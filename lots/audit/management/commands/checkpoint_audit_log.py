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
        parser.add_argument(
            "--restored",
            action="store_true",
            help="After a restore by hand (not restore_lots): accept the log as it is now and check from here on. "
            "The rows the earlier checkpoints name after the restored backup are lost; say so in the incident record.",
        )

    def handle(self, *args, enqueue: bool = False, restored: bool = False, **options):
        if restored:
            checkpoint = anchor.write_checkpoint(kind="restore", restored_from="by hand")
            self.stdout.write(f"Restore line written: the checks start again from {checkpoint['rows']} rows.")
            return
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
