from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lots.security import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded documents into a new directory, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("target", help="A new (or empty) directory for the backup.")

    def handle(self, *args, target, **options):
        try:
            manifest = backup.backup(Path(target))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"Backed up {rows} rows in {len(manifest['rows'])} tables to {target}."))
