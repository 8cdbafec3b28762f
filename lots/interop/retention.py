"""Retention of the interop app's records: an import of pupils is a technical record (counts and
row numbers), and a preview's file, until confirmed, holds person data: both go after 30 days."""

from django.utils.translation import gettext_lazy as _

from lots.interop.models import ChildImport
from lots.retention.registry import RetentionKind

KINDS = [
    RetentionKind(
        key="interop.childimport",
        label=_("Imports of pupils from the school administration system"),
        model=ChildImport,
        counts_from="uploaded_at",
        days=30,
        law=_("Technical: the pupils themselves are in Lots; the import's record is kept a month."),
    ),
]
