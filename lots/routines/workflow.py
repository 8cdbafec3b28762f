"""The allowed status changes, as tables. One service per change; history is appended."""

from lots.routines.models import JourneyStatus, StepStatus, VersionStatus

VERSION_TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.PUBLISHED}),
    VersionStatus.PUBLISHED: frozenset({VersionStatus.SUPERSEDED}),
}

STEP_TRANSITIONS: dict[str, frozenset[str]] = {
    StepStatus.PENDING: frozenset({StepStatus.OPEN}),
    StepStatus.OPEN: frozenset({StepStatus.COMPLETED, StepStatus.SKIPPED, StepStatus.HANDED_OVER}),
    StepStatus.HANDED_OVER: frozenset({StepStatus.OPEN}),
    # A branch back to an earlier step opens it again.
    StepStatus.COMPLETED: frozenset({StepStatus.OPEN}),
    StepStatus.SKIPPED: frozenset({StepStatus.OPEN}),
}

JOURNEY_TRANSITIONS: dict[str, frozenset[str]] = {
    JourneyStatus.OPEN: frozenset({JourneyStatus.COMPLETED}),
}


def allowed(table: dict[str, frozenset[str]], current: str, new: str) -> bool:
    return new in table.get(current, frozenset())
