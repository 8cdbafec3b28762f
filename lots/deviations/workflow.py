"""The allowed status changes of a deviation, as a table. One service per change; history is appended."""

from lots.deviations.models import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.OPEN, Status.DISMISSED}),
    Status.OPEN: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.OPEN}),
}


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
