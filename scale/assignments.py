"""The history of who worked around each child (issue 21): an event for every assignment's start
and, for an ended one, its end, as `lots.access.assignments` and `lots.children.mentors` write them
(a mentor's from the school's file, the rest a manager's). Written in bulk after the access step;
the services themselves are exercised by the tests (lots/access/tests, lots/interop/tests)."""

from __future__ import annotations

from lots.access.models import AssignmentEnd, AssignmentEvent, AssignmentSource
from scale.access import _moment

EVENT_COLUMNS = ["id", "assignment_id", "child_id", "kind", "at", "by_id", "api_client_id", "source", "note"]


def generate(ctx) -> None:
    made = ctx.shared["assignments"]
    total = len(made) + sum(1 for end in made.ends if end)
    first = ctx.sink.allocate("access_assignmentevent", total)

    def rows():
        next_id = first
        for offset in range(len(made)):
            source = AssignmentSource.IMPORT if made.imported[offset] else AssignmentSource.MANAGER
            assignment, child = made.first_id + offset, made.child[offset]
            started = AssignmentEvent.Kind.STARTED
            yield (next_id, assignment, child, started, _moment(made.starts[offset]), None, None, source, "")
            next_id += 1
            if made.ends[offset]:
                why = AssignmentEnd.SOURCE if made.imported[offset] else AssignmentEnd.BY_HAND
                ended = AssignmentEvent.Kind.ENDED
                yield (
                    next_id,
                    assignment,
                    child,
                    ended,
                    _moment(made.ends[offset]),
                    None,
                    None,
                    source,
                    str(why.label),
                )
                next_id += 1

    ctx.sink.write("access_assignmentevent", EVENT_COLUMNS, rows(), total=total, label="assignment events")
