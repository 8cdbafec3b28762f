"""How long deviations are kept (gallring): SOSFS 2011:9 asks that deviations be documented and
compiled; they are kept five years after they were closed or dismissed, like the social services
documentation they sit beside (SoL 16 kap. 1 §). A principal's rule may lengthen it."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.deviations.models import Deviation
from lots.retention.registry import RetentionKind

KINDS = [
    RetentionKind(
        key="deviations.closed",
        label=_("Closed deviations"),
        model=Deviation,
        counts_from="closed_at",
        principal="reporting_agency__principal",
        only=Q(status="closed"),
        years=5,
        law="SoL 16 kap. 1 §; SOSFS 2011:9",
    ),
]
