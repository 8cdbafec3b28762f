"""Import an absence file of the school administration system, as a named member of staff.

    manage.py import_absence franvaro.csv --user rita [--dry-run]

The same checks as the upload page (docs/attendance.md): all or nothing, row-level errors. A
progress bar on standard error shows the rows read, then the writing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lots.attendance import importing
from lots.attendance.models import AbsenceImport
from lots.organisations.actor import Actor
from lots.organisations.models import User
from lots.organisations.selectors import current_memberships

BAR = 30


class Command(BaseCommand):
    help = "Import absence from a CSV or Excel file of the school administration system."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Username of the head teacher or administrator importing.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and say what would happen.")

    def _bar(self, done: int, total: int) -> None:
        share = done / total if total else 0
        filled = int(BAR * share)
        rate = done / max(time.monotonic() - self._started, 1e-6)
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done:>9} / {total} rows read ({rate:,.0f}/s)", ending=""
        )
        self.stderr.flush()

    def handle(self, *args, file: Path, user: str, dry_run: bool, **options):
        translation.activate("sv")
        staff = User.objects.filter(username=user, is_active=True).first()
        actors = [Actor(user=staff, membership=m) for m in current_memberships(staff)] if staff else []
        actor = next((a for a in actors if importing.may_import(a)), None)
        if actor is None:
            raise CommandError("No active school head teacher or administrator with that username.")
        self._started = time.monotonic()
        show = self._bar if sys.stderr.isatty() or options.get("verbosity", 1) > 1 else None
        try:
            job = importing.start(
                actor=actor,
                data=file.read_bytes(),
                dry_run=dry_run,
                source=AbsenceImport.Source.COMMAND,
                now=True,
                progress=show,
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from None
        if show:
            self.stderr.write("")
        job.refresh_from_db()
        for error in job.errors:
            self.stderr.write(error)
        if job.status == AbsenceImport.Status.REFUSED:
            raise CommandError(f"Nothing was imported ({job.error_count} errors).")
        seconds = time.monotonic() - self._started
        verb = ("Would add", "would update") if dry_run else ("Added", "updated")
        self.stdout.write(
            f"{verb[0]} {job.added} rows, {verb[1]} {job.updated}, {job.unchanged} unchanged "
            f"({job.rows_total} rows in {seconds:.1f} s)."
        )
