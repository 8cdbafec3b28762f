"""Reading documents: through the record they are attached to, on its ground, every read logged."""

from __future__ import annotations

from uuid import UUID

from django.db import models

from lots.access import policy
from lots.audit import services as audit
from lots.audit.models import Action
from lots.documents import owners
from lots.documents.models import Document
from lots.organisations.actor import Actor


def attached(actor: Actor, record: models.Model) -> list[Document]:
    """The documents of a record the caller has already read through the policy (`with_grounds`);
    listed on its page, each logged as shown on the record's ground."""
    owner = owners.of(record)
    documents = list(Document.objects.filter(owner_type=owner.label, owner_id=record.pk).select_related("child"))
    policy.log_access(actor, Action.LIST, [policy.Seen.like(document, record) for document in documents])
    return documents


def for_download(actor: Actor, document_id: UUID) -> Document:
    """The document if the actor may see the record it is attached to: the same ground.
    Forbidden and missing are the same 404, and both are logged."""
    row = Document.objects.filter(pk=document_id).values("owner_type", "owner_id").first()
    if row is None:
        audit.note_denied(actor, "documents.document", str(document_id))
        raise policy.Denied("No such document.")
    owner = owners.by_label(row["owner_type"])
    record = policy.get_visible(actor, owner.model._default_manager.all(), pk=row["owner_id"])
    document = Document.objects.select_related("child").get(pk=document_id)
    policy.log_access(actor, Action.EXPORT, [policy.Seen.like(document, record)], detail="downloaded")
    return document
