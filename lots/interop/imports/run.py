"""Running an import of pupils: at once for a small file, as a task for a big one."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.children import mentors
from lots.children import services as children_services
from lots.core import spreadsheets, uploads
from lots.core.tasks import reliable_task
from lots.interop.imports import layout
from lots.interop.models import ChildImport
from lots.organisations.actor import Actor


def start(*, actor: Actor, data: bytes, dry_run: bool) -> ChildImport:
    """Check who imports and what the file is, keep it, and run it now (up to
    `LOTS_IMPORT_INLINE_KB` of content) or queue it for the task worker."""
    if not children_services.may_import_children(actor):
        raise PermissionDenied(_("Only a school's administrators and head teachers import pupils."))
    kind = uploads.kind_of(data, frozenset({uploads.CSV, uploads.XLSX}))
    size = spreadsheets.unpacked_size(data, kind)  # a small .xlsx may unpack to much
    job = ChildImport.objects.create(
        uploaded_by=actor.user, membership=actor.membership, file_kind=kind, content=data, dry_run=dry_run
    )
    if size <= settings.LOTS_IMPORT_INLINE_BYTES:
        process(job)
    else:
        transaction.on_commit(lambda: run_child_import.enqueue(job.pk))
    return job


def confirm(*, actor: Actor, preview: ChildImport) -> ChildImport:
    """Run for real the file a clean preview was made of."""
    return start(actor=actor, data=bytes(preview.content), dry_run=False)


def process(job: ChildImport) -> None:
    """Read the file, check every row, and import all or nothing; record what happened. The file
    is kept after a clean preview (to run it for real) and dropped otherwise."""
    actor = Actor(user=job.uploaded_by, membership=job.membership)
    try:
        with transaction.atomic():
            rows = layout.read_rows(bytes(job.content), job.file_kind)
            found, errors = layout.records(rows)
            if errors:
                job.errors = [str(error) for error in errors]
            else:
                result = children_services.import_children(actor=actor, records=found, dry_run=job.dry_run)
                job.errors = [str(refused) for refused in result.refused]
                job.created, job.updated = result.count("created"), result.count("updated")
                job.unchanged = result.count("unchanged")
                job.outcomes = result.outcomes if job.dry_run else []
                if not job.errors and layout.names_mentors(rows):
                    _sync_mentors(actor, job, layout.mentors(rows, found))
    except _Refused:
        pass  # the rows' errors are on the job; everything the file wrote is rolled back
    except ValidationError as error:
        job.errors = list(error.messages)
    except PermissionDenied as error:
        job.errors = [str(error)]
    job.status = ChildImport.Status.REFUSED if job.errors else ChildImport.Status.DONE
    job.finished_at = timezone.now()
    if not (job.dry_run and job.status == ChildImport.Status.DONE):
        job.content = b""
    job.save()


class _Refused(Exception):
    """A row refused after the pupils were written: the import's transaction is rolled back."""


def _sync_mentors(actor: Actor, job: ChildImport, pupils: list) -> None:
    """The mentor assignments made to agree with the file (lots.children.mentors), in the import's
    transaction: a refused row undoes the pupils written before it too (all or nothing)."""
    synced = mentors.sync_mentors(actor=actor, pupils=pupils, dry_run=job.dry_run)
    if synced.refused:
        job.errors = [str(refused) for refused in synced.refused]
        job.created = job.updated = job.unchanged = 0
        job.outcomes = []
        raise _Refused
    job.assignments = synced.as_counts()


@reliable_task()
def run_child_import(import_id: int) -> None:
    job = ChildImport.objects.select_related("uploaded_by", "membership__unit__agency").get(pk=import_id)
    if job.status == ChildImport.Status.QUEUED:
        process(job)
