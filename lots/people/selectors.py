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


def school_pupils_by_number(*, unit_id: int, numbers) -> dict[str, int]:
    """The pupils of a school unit among these 12-digit identity numbers: number → child id.

    For imports of a school's own records about its pupils (absence): a pupil is the school's if,
    and only if, its school in Lots is that unit (as `services.register_of` states for the pupil
    import). Nothing is read about any other child, and nothing is logged: the caller writes
    records of the pupils it finds and logs them."""
    found: dict[str, int] = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), 5000):
        chunk = numbers[start : start + 5000]
        rows = Child.objects.filter(school_unit_id=unit_id, identity_number__in=chunk).values_list(
            "identity_number", "pk"
        )
        found.update((number, pk) for number, pk in rows if number)
    return found


def children_for_log(child_ids) -> list[tuple[int, str, bool]]:
    """(id, last name, protected identity) of these children: what an access-log row about each
    needs, for a service that wrote records about them in bulk (an import). Nothing else is read."""
    return list(Child.objects.filter(pk__in=list(child_ids)).values_list("pk", "last_name", "protected_identity"))
