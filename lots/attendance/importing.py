"""Importing absence files: from the page, the command or the drop folder; all or nothing.

A file is checked row by row (`layout.parse`), the pupils it names are looked up among the
school's own (`people.selectors.school_pupils_by_number`), and the rows are staged and judged in
the database (`staging`). Any wrong row, unknown pupil or repeated lesson refuses the file whole,
each reported by its row number; nothing is created, no pupil either. A dry run stops there and
says what would happen. Importing the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.attendance import layout, staging, terms
from lots.attendance.models import AbsenceImport
from lots.audit import services as audit
from lots.audit.models import Action
from lots.core import spreadsheets
from lots.core.spreadsheets import RowError
from lots.core.tasks import reliable_task
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role
from lots.people import selectors as people_selectors

#: Who imports a school's absence: its head teacher and the school agency's administrators.
IMPORT_ROLES = frozenset({Role.REKTOR, Role.ADMINISTRATOR})

logger = logging.getLogger("lots.attendance")

Progress = Callable[[int, int], None]  # (rows done, rows in all)
#: Rows read between two reports of progress.
PROGRESS_EVERY = 50_000


def may_import(actor: Actor) -> bool:
    return actor.membership is not None and actor.agency_kind == Agency.Kind.SCHOOL and actor.role in IMPORT_ROLES


def start(
    *,
    actor: Actor,
    data: bytes,
    dry_run: bool,
    source: str = AbsenceImport.Source.UPLOAD,
    now: bool = False,
    progress: Progress | None = None,
) -> AbsenceImport:
    """Keep the file for the actor's school and import it now (a small file, or `now`: the
    command, which shows its own progress) or queue it for the task worker."""
    if not may_import(actor):
        raise PermissionDenied(_("Only a school's head teacher and administrators import absence."))
    if len(data) > settings.LOTS_ATTENDANCE_MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is too large: at most %(mb)s MB.") % {"mb": settings.LOTS_ATTENDANCE_MAX_BYTES >> 20}}
        )
    kind = layout.file_kind(data)
    job = AbsenceImport.objects.create(
        unit=actor.membership.unit,  # type: ignore[union-attr]  (may_import: a membership)
        uploaded_by=actor.user,
        membership=actor.membership,
        source=source,
        file_kind=kind,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
    )
    if now or spreadsheets.unpacked_size(data, kind) <= settings.LOTS_IMPORT_INLINE_BYTES:
        process(job, progress=progress)
    else:
        transaction.on_commit(lambda: run_absence_import.enqueue(job.pk))
    return job


def confirm(*, actor: Actor, preview: AbsenceImport) -> AbsenceImport:
    """Run for real the file of a clean preview."""
    if preview.uploaded_by_id != actor.user.pk or not preview.dry_run or preview.status != AbsenceImport.Status.DONE:
        raise PermissionDenied
    return start(actor=actor, data=bytes(preview.content), dry_run=False, source=preview.source)


def _rows_in(data: bytes, kind: str) -> int:
    return max(data.count(b"\n") - 1, 0) if kind == spreadsheets.CSV else 0


def process(job: AbsenceImport, *, progress: Progress | None = None) -> AbsenceImport:
    """Read, check and import the file of `job`, all or nothing, and record what happened.

    Progress is written to the job as the rows are read (outside the import's transaction, so
    that the page polling it sees it) and given to `progress`."""
    data, unit = bytes(job.content), Unit.objects.select_related("agency").get(pk=job.unit_id)
    total = job.rows_total = _rows_in(data, job.file_kind)
    AbsenceImport.objects.filter(pk=job.pk).update(status=AbsenceImport.Status.RUNNING, rows_total=total)

    def read(done: int) -> None:
        AbsenceImport.objects.filter(pk=job.pk).update(rows_done=done, rows_total=max(total, done))
        if progress is not None:
            progress(done, max(total, done))

    try:
        parsed = layout.parse(data, job.file_kind, progress=read, every=PROGRESS_EVERY)
        errors, error_count = list(parsed.errors), parsed.error_count
        own_code = unit.school_unit_code
        if parsed.school_codes - {own_code}:
            errors.insert(0, RowError(0, _("the file names another school's unit code")))
            error_count += 1
        if not error_count:
            with transaction.atomic():
                numbers = {row[1] for row in parsed.rows}
                pupils = people_selectors.school_pupils_by_number(unit_id=unit.pk, numbers=numbers)
                staging.stage(parsed.rows, pupils)
                judged = staging.judge(unit_id=unit.pk, limit=layout.MAX_ERRORS)
                errors += [
                    RowError(r, _("the pupil is not one of your school's pupils in Lots")) for r in judged.unknown_rows
                ]
                errors += [
                    RowError(r, _("the same pupil, day and lesson are already on row %(row)d") % {"row": first})
                    for r, first in judged.repeated
                ]
                error_count += judged.unknown_count + judged.repeated_count
                if not error_count:
                    job.added, job.updated, job.unchanged = judged.added, judged.updated, judged.unchanged
                    if not job.dry_run and (judged.added or judged.updated):
                        _log_writes(job, staging.touched(unit_id=unit.pk))
                        staging.write(unit_id=unit.pk, agency_id=unit.agency_id)
                        terms.rebuild(  # the aggregate of the file's pupils, in the same transaction
                            first=min(row[2] for row in parsed.rows),
                            last=max(row[2] for row in parsed.rows),
                            unit_id=unit.pk,
                            children_sql=f"SELECT child_id FROM {staging.PUPILS}",  # noqa: S608 (our table)
                        )
                staging.drop()
                job.rows_done = job.rows_total = len(parsed.rows)
    except ValidationError as error:
        errors, error_count = [], 1
        job.errors = list(error.messages)
    else:
        errors.sort(key=lambda e: e.row)
        job.errors = [str(e) if e.row else e.message for e in errors[: layout.MAX_ERRORS]]
    job.error_count = error_count
    job.status = AbsenceImport.Status.REFUSED if error_count else AbsenceImport.Status.DONE
    job.finished_at = timezone.now()
    if not (job.dry_run and job.status == AbsenceImport.Status.DONE):
        job.content = b""
    if job.status == AbsenceImport.Status.REFUSED:
        job.added = job.updated = job.unchanged = 0
    job.save()
    if job.status == AbsenceImport.Status.DONE and not job.dry_run:
        from lots.attendance import services

        services.raise_signals(unit_ids=[unit.pk])
    return job


def _log_writes(job: AbsenceImport, child_ids: list[int]) -> None:
    """One row in the access log per pupil whose absence the import added or changed, in the
    import's transaction: by the uploader under the ground of the school's import, or by the
    system for the drop folder."""
    actor = Actor(user=job.uploaded_by, membership=job.membership) if job.uploaded_by_id else None
    audit.record(
        actor,
        [
            audit.Access(
                action=Action.CHANGE,
                record_type="attendance.absence",
                record_id=f"import-{job.pk}",
                child_id=child_id,
                ground="school_import",
                detail="absence imported",
                protected_identity=protected,
                child_last_name=last_name,
            )
            for child_id, last_name, protected in people_selectors.children_for_log(child_ids)
        ],
    )


@reliable_task()
def run_absence_import(import_id: int) -> None:
    job = AbsenceImport.objects.get(pk=import_id)
    if job.status == AbsenceImport.Status.QUEUED:
        process(job)


# The drop folder ----------------------------------------------------------------------------------


def read_drop_folder(*, progress: Progress | None = None) -> list[AbsenceImport]:
    """Import every file in the drop folder (`LOTS_ATTENDANCE_DROP_DIR`): one folder per school,
    named by its school unit code, into which the school administration system writes its
    exports. Each file is imported for real, all or nothing, and moved to `imported/` or
    `refused/` beside it (the record of the import says why); a folder whose code is no school's
    in Lots is left alone and logged."""
    root = settings.LOTS_ATTENDANCE_DROP_DIR
    if not root or not root.is_dir():
        return []
    done = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        unit = Unit.objects.filter(school_unit_code=folder.name, agency__kind=Agency.Kind.SCHOOL).first()
        if unit is None:
            logger.warning("Drop folder %s names no school in Lots; its files are left.", folder.name)
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            done.append(_import_dropped(unit, path, progress))
    return done


def _import_dropped(unit: Unit, path, progress: Progress | None) -> AbsenceImport:
    data = path.read_bytes()
    job = AbsenceImport(unit=unit, source=AbsenceImport.Source.DROP_FOLDER, dry_run=False, content=data)
    job.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if len(data) > settings.LOTS_ATTENDANCE_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": settings.LOTS_ATTENDANCE_MAX_BYTES >> 20}
            )
        job.file_kind = layout.file_kind(data)
    except ValidationError as error:
        job.file_kind, job.content, job.status = "", b"", AbsenceImport.Status.REFUSED
        job.errors, job.error_count, job.finished_at = list(error.messages), 1, timezone.now()
        job.save()
    else:
        job.save()
        process(job, progress=progress)
    target = path.parent / ("imported" if job.status == AbsenceImport.Status.DONE else "refused")
    target.mkdir(mode=0o700, exist_ok=True)
    path.rename(target / f"{timezone.now():%Y%m%dT%H%M%S}-{path.name}")
    return job


@reliable_task()
def attendance_daily() -> None:
    """The nightly run: the drop folder, then the reckoning of every school's absence."""
    from lots.attendance import services

    read_drop_folder()
    services.raise_signals()
