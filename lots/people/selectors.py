"""Reads of the register that need no access policy: each is for a caller that logs or reviews
what it does itself (break the glass, the auditor's log review, linking a concern report). Reads
that show children go through the policy in `lots.children.selectors`."""

from __future__ import annotations

from lots.people.models import Child


def child_for_break_glass(number) -> Child | None:
    """Only to open a break-the-glass access, which is itself logged and reviewed; nothing
    about the child is shown before the access exists."""
    return Child.objects.filter(identity_number=number.digits).first()


def numbers_for_log_review(child_ids) -> dict[int, str]:
    """Identity numbers for the auditor's view of the log; the review itself is logged by audit."""
    return {
        child.pk: child.display_number
        for child in Child.objects.filter(pk__in=set(child_ids)).only("identity_number", "reserve_number")
    }


def child_id_for_number(number) -> int | None:
    """For the auditor's search by person; the search is logged by audit."""
    return Child.objects.filter(identity_number=number.digits).values_list("pk", flat=True).first()
