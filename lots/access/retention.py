"""Retention of the access policy's records: assignments, break-the-glass accesses and consents
(LAW.md; decisions may lengthen the periods). Registered in AccessConfig.ready(); the documents
attached to a consent go with it (documents asks retention to tell it, `DocumentsConfig.ready()`)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.access.models import Assignment, BreakGlass, Consent
from lots.audit.retention import LOG_YEARS
from lots.retention.registry import RetentionKind


def _blank_break_glass(rows) -> int:
    return rows.update(reason="–", review_comment="")


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
    ),
]
