"""Attaching and removing documents."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from lots.access import policy
from lots.audit.models import Action
from lots.documents import content, names, owners, store
from lots.documents.models import Document
from lots.organisations.actor import Actor


def _read_limited(upload: UploadedFile, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes: enough to refuse a file that is too large without reading it all."""
    chunks, size = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            break
    return b"".join(chunks)[: max_bytes + 1]


def attach(*, actor: Actor, record: models.Model, upload: UploadedFile) -> Document:
    """Attach an uploaded file to a record the actor may change (a consent: need to know in the
    consent's own agency) and that takes documents now (the owning app's rule: not a withdrawn
    consent). Type and size are checked from the content; the file is stored under a random
    name, then the row is written and logged in one transaction; refused, nothing is kept."""
    owner = owners.of(record)
    ground = policy.can(actor, "change", record)
    if ground is None:
        raise PermissionDenied(_("You may not add documents to this record."))
    if owner.require_open is not None:
        owner.require_open(record)  # before anything is stored
    if Document.objects.filter(owner_type=owner.label, owner_id=record.pk).count() >= owner.max_documents:
        raise ValidationError({"file": _("The record already has as many documents as it can hold.")})
    data = _read_limited(upload, settings.LOTS_DOCUMENT_MAX_BYTES)
    checked = content.check(data, max_bytes=settings.LOTS_DOCUMENT_MAX_BYTES)
    storage_name = store.save(data)
    try:
        with transaction.atomic():
            if owner.require_open is not None:  # closed meanwhile (a withdrawal): the file goes
                owner.require_open(owner.model._default_manager.select_for_update().get(pk=record.pk))
            document = Document.objects.create(
                owner_type=owner.label,
                owner_id=record.pk,
                child_id=_follow(record, owner.child).pk,
                agency_id=_follow(record, owner.agency).pk,
                name=names.sanitise(upload.name or "", extension=checked.extension),
                content_type=checked.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor.user,
            )
            policy.log_access(actor, Action.CREATE, [document], detail="uploaded", ground=ground)
    except BaseException:
        store.remove(storage_name)
        raise
    return document


@transaction.atomic
def remove(*, actor: Actor, document: Document) -> None:
    """Remove a document; the file goes when the transaction commits."""
    record = owners.by_label(document.owner_type).model._default_manager.get(pk=document.owner_id)
    ground = policy.can(actor, "change", record)
    if ground is None:
        raise PermissionDenied(_("You may not remove documents from this record."))
    policy.log_access(actor, Action.DELETE, [document], detail="removed", ground=ground)
    storage_name = document.storage_name
    document.delete()
    transaction.on_commit(lambda: store.remove(storage_name))


def discard_attached(*, owner_type: str, owner_ids: Sequence[int]) -> int:
    """For culling: the documents of records that are being culled, files after the commit."""
    rows = Document.objects.filter(owner_type=owner_type, owner_id__in=list(owner_ids))
    storage_names = list(rows.values_list("storage_name", flat=True))
    rows.delete()

    def remove_files() -> None:
        for name in storage_names:
            store.remove(name)

    transaction.on_commit(remove_files)
    return len(storage_names)


def discard_documents_of(rows: models.QuerySet) -> None:
    """Told by retention before any rows are culled: the documents attached to them go too (only
    records of a registered owner type have any)."""
    label = rows.model._meta.label_lower
    if owners.is_owner_type(label):
        discard_attached(owner_type=label, owner_ids=list(rows.values_list("pk", flat=True)))


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
