"""Tasks for the reliability tests (module level, as the database backend requires)."""

from lots.core.tasks import reliable_task

CALLS: dict[str, int] = {}


@reliable_task()
def always_fails(label: str) -> None:
    CALLS[label] = CALLS.get(label, 0) + 1
    raise ConnectionError("the mail server does not answer")


@reliable_task()
def fails_once(label: str) -> str:
    CALLS[label] = CALLS.get(label, 0) + 1
    if CALLS[label] == 1:
        raise TimeoutError("slow")
    return "done"
