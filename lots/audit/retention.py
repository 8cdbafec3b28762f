"""Retention of the access log (LAW.md).

The access log itself (audit.AuditEntry) is kept at least five years (HSLF-FS 2016:40 4 kap. 9 §).
Its rows cannot be deleted one by one (the table refuses DELETE and the rows are hash-chained):
it is culled a month at a time by detaching the monthly partitions older than the period, which
arrives with the partitioning of the log. Until then the kind reports what would go and culls
nothing; see `audit_log_cull` and docs/security.md "Retention". Registered in AuditConfig.ready().
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lots.audit.models import AuditEntry
from lots.retention.registry import RetentionKind

#: The access log's period, and that of the records it names as grounds (access.retention).
LOG_YEARS = 5


def audit_log_cull(*, cutoff: dt.datetime, dry_run: bool) -> int:
    """Hook for the access log's monthly partitions: the count of rows past the period.

    When the log is partitioned by month, a real run detaches and drops whole months older than
    the cutoff, after writing an anchor (the last culled row's hash) so that `verify_audit_log`
    starts the chain from it. Until then nothing is culled.
    """
    count = AuditEntry.objects.filter(at__lt=cutoff).count()
    return count if dry_run else 0


KINDS = [
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
