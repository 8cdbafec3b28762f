"""Background work of the access log."""

from lots.audit import partitions
from lots.security.tasks import reliable_task


@reliable_task()
def create_partitions_ahead(months: int = 3) -> list[str]:
    """The monthly partitions for this month and the next ones (PostgreSQL; idempotent)."""
    return partitions.ensure_ahead(months=months)
