"""The foundation's kinds of record and their default periods (LAW.md; decisions may lengthen them).

The access log itself (audit.AuditEntry) is kept at least five years (HSLF-FS 2016:40 4 kap. 9 §).
Its rows cannot be deleted one by one (the table refuses DELETE and the rows are hash-chained):
it is culled a month at a time by detaching the monthly partitions older than the period, which
arrives with the partitioning of the log. Until then the kind reports what would go and culls
nothing; see `audit_log_cull` and docs/security.md "Retention".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.access.models import Assignment, BreakGlass, Consent
from lots.audit.models import AuditEntry
from lots.notifications.models import Notification
from lots.retention.registry import RetentionKind

LOG_YEARS = 5


def audit_log_cull(*, cutoff: dt.datetime, dry_run: bool) -> int:
    """Hook for the access log's monthly partitions: the count of rows past the period.

    When the log is partitioned by month, a real run detaches and drops whole months older than
    the cutoff, after writing an anchor (the last culled row's hash) so that `verify_audit_log`
    starts the chain from it. Until then nothing is culled.
    """
    count = AuditEntry.objects.filter(at__lt=cutoff).count()
    return count if dry_run else 0


def _blank_break_glass(rows) -> int:
    return rows.update(reason="–", review_comment="")


def _discard_documents(rows) -> None:
    from lots.documents import services as documents

    documents.discard_attached(owner_type="access.consent", owner_ids=list(rows.values_list("pk", flat=True)))


KINDS = [
    RetentionKind(
        key="access.assignment",
        label=_("Ended assignments"),
        model=Assignment,
        counts_from="ends_at",
        principal="unit__agency__principal",
        years=LOG_YEARS,
        law=_("Kept as long as the access log that names them as grounds."),
    ),
    RetentionKind(
        key="access.break_glass",
        label=_("Break-the-glass accesses"),
        model=BreakGlass,
        counts_from="expires_at",
        principal="agency__principal",
        years=LOG_YEARS,
        law=_("Kept as long as the access log (HSLF-FS 2016:40 4 kap. 9 §)."),
        anonymise=_blank_break_glass,
        anonymised=Q(reason="–"),
    ),
    RetentionKind(
        key="access.consent.withdrawn",
        label=_("Withdrawn consents"),
        model=Consent,
        counts_from="withdrawn_at",
        principal="recorded_in__principal",
        years=LOG_YEARS,
        law=_("SoL 16 kap. 1 §: five years after the last note."),
        before_cull=_discard_documents,
    ),
    RetentionKind(
        key="access.consent.expired",
        label=_("Expired consents"),
        model=Consent,
        counts_from="valid_until",
        only=Q(withdrawn_at__isnull=True),
        principal="recorded_in__principal",
        years=LOG_YEARS,
        law=_("SoL 16 kap. 1 §: five years after the last note."),
        before_cull=_discard_documents,
    ),
    RetentionKind(
        key="notifications.notification",
        label=_("Notifications that have been read"),
        model=Notification,
        counts_from="read_at",
        years=1,
        law=_("Carry no person data; kept a year for support."),
    ),
    RetentionKind(
        key="audit.auditentry",
        label=_("Access log"),
        model=AuditEntry,
        counts_from="at",
        years=LOG_YEARS,
        law=_("At least five years (HSLF-FS 2016:40 4 kap. 9 §)."),
        cull=audit_log_cull,
        note=_("Culled by whole months once the log is partitioned by month."),
    ),
]
