"""Retention of the attendance app's records: an import of absence is a technical record (counts
and row numbers), and a preview's file, until confirmed, holds person data: both go after 30
days. The absence itself follows the school's own records; its culling rule is the
municipality's decision (left to the retention rules per principal)."""

from django.utils.translation import gettext_lazy as _

from lots.attendance.models import AbsenceImport
from lots.retention.registry import RetentionKind

KINDS = [
    RetentionKind(
        key="attendance.absenceimport",
        label=_("Imports of absence from the school administration system"),
        model=AbsenceImport,
        counts_from="uploaded_at",
        days=30,
        law=_("Technical: the absence itself is kept in Lots; the import's record is kept a month."),
    ),
]
