from lots.core.tasks import reliable_task
from lots.retention import services


@reliable_task()
def cull(dry_run: bool = False) -> int:
    """The scheduled culling: a dry-run report first, then the culling, both recorded."""
    services.run(dry_run=True, started_by="task")
    if dry_run:
        return 0
    return services.run(dry_run=False, started_by="task").pk
