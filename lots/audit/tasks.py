"""Background work of the access log."""

from lots.audit import anchor, bursts, partitions
from lots.core.tasks import reliable_task


@reliable_task()
def create_partitions_ahead(months: int = 3) -> list[str]:
    """The monthly partitions for this month and the next ones (PostgreSQL; idempotent)."""
    return partitions.ensure_ahead(months=months)


@reliable_task()
def count_access_bursts() -> str | None:
    """Count the ended hours' bursts of access for the flagged report (run it every hour)."""
    counted = bursts.count_bursts()
    return counted.isoformat() if counted else None


@reliable_task()
def write_checkpoint() -> int:
    """Append a signed checkpoint of the log's chains to the anchor (run it every 15 minutes).
    Fails, and so reaches the operators, when the log was cut after the last checkpoint."""
    return anchor.write_checkpoint()["rows"]
