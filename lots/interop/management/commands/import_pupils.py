"""Import a pupil file from the school administration system, as a named member of staff.

    manage.py import_pupils elever.csv --user rita [--dry-run]

The same checks as the upload page (docs/interop.md): all or nothing, row-level errors.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lots.children.services import may_import_children
from lots.interop.imports import run
from lots.organisations.actor import Actor
from lots.organisations.models import User
from lots.organisations.selectors import current_memberships


class Command(BaseCommand):
    help = "Import pupils from a CSV or Excel file of the school administration system."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Username of the head teacher or administrator importing.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and say what would happen.")

    def handle(self, *args, file: Path, user: str, dry_run: bool, **options):
        translation.activate("sv")
        staff = User.objects.filter(username=user, is_active=True).first()
        actors = [Actor(user=staff, membership=m) for m in current_memberships(staff)] if staff else []
        actor = next((a for a in actors if may_import_children(a)), None)
        if actor is None:
            raise CommandError("No active school administrator or head teacher with that username.")
        try:
            job = run.start(actor=actor, data=file.read_bytes(), dry_run=dry_run)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from None
        if job.status == job.Status.QUEUED:
            self.stdout.write(f"Queued as import {job.pk}: the task worker runs it.")
            return
        job.refresh_from_db()
        for error in job.errors:
            self.stderr.write(error)
        if job.errors:
            raise CommandError(f"Nothing was imported ({len(job.errors)} errors).")
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(f"{verb} {job.created}, updated {job.updated}, unchanged {job.unchanged} pupils.")
