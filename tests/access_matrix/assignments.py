"""Rows of the access matrix for who works around a child (issue 21): the manager's unit pages,
ending and declining, and the API's assignments."""

from tests.access_matrix.rows import KNOW_ELIN, Row, elin

MANAGER = frozenset({"rita"})

MATRIX = {
    "access:unit": Row(lambda w, f: [], MANAGER, shows=lambda w: w.elin.last_name),
    "access:without_owner": Row(lambda w, f: [], MANAGER),
    "access:assign": Row(elin, MANAGER, shows=lambda w: w.elin.first_name),
    "access:staff_leaving": Row(lambda w, f: [w.kim.pk], MANAGER, shows=lambda w: w.elin.first_name),
    "access:assignment_end": Row(lambda w, f: [f["kim_assignment"].pk], frozenset(), denied_status=405),
    "access:assignment_decline": Row(lambda w, f: [f["kim_assignment"].pk], frozenset(), denied_status=405),
    "api:child_assignments": Row(elin, KNOW_ELIN),
    "api:assignments": Row(lambda w, f: [], frozenset(), denied_status=405),
    "api:assignment_end": Row(lambda w, f: [f["kim_assignment"].pk], frozenset(), denied_status=405),
}


def fixtures(world) -> dict:
    from lots.access.models import Assignment

    return {"kim_assignment": Assignment.objects.get(user=world.kim, child=world.elin)}
