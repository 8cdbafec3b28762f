"""A step's deadline in words: never "0 dagar från start"."""

import pytest
from django.utils import translation

from lots.routines.flowchart import deadline_text
from lots.routines.models import Step


@pytest.mark.parametrize(
    ("days", "after", "expected"),
    [
        (0, None, "Samma dag som ärendet startar"),
        (0, "Kartlägg", "Samma dag som ”Kartlägg”"),
        (1, None, "1 dag från start"),
        (3, "Kartlägg", "3 dagar efter ”Kartlägg”"),
    ],
)
def test_a_deadline_reads_as_swedish(days, after, expected):
    step = Step(key="s", title="Steg", deadline_days=days, deadline_kind="calendar")
    if after:
        step.relative_to = Step(pk=1, key="k", title=after)
    with translation.override("sv"):
        assert deadline_text(step) == expected
