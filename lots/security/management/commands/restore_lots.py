from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lots.security import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_lots over the current database and documents, then verify "
        "row counts and the access log's chain. Stop the web server and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup directory.")
        parser.add_argument("--yes", action="store_true", help="Confirm that the current data is replaced.")

    def handle(self, *args, source, yes=False, **options):
        if not yes:
            raise CommandError("Restoring replaces everything in the database: add --yes to confirm.")
        try:
            result = backup.restore(Path(source))
        except backup.BackupError as error:
            raise CommandError(f"The restore did not verify: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {result['rows']} rows in {result['tables']} tables, "
                f"{result['audit_rows_verified']} access-log rows in an unbroken chain."
            )
        )
