"""Rows of the access matrix for routines and journeys.

Routines are not person data: every member of staff of the region's principals reads the
published ones. Editing is for the routine's editors (Rita here) and answers 403 to others; read
status and the process view (aggregated, small counts suppressed) are for managers, the steering
group and editors, a 404 to others. A journey is person data in the school's domain: Kim, who
started it, Mona (assigned), Rita (the unit's manager) and Tor after breaking the glass.
"""

from lots.organisations.actor import Actor
from lots.routines.services import journeys, versions
from lots.routines.tests.factories import routine_with_steps
from tests.access_matrix.rows import EVERYONE, KNOW_ELIN, Row, elin

EDITORS = frozenset({"rita"})
FOLLOW_UP = frozenset({"rita"})
JOURNEY = frozenset({"kim", "mona", "rita", "tor!"})
POST_ONLY = frozenset()


def _published(w, f):
    return [f["routine_version"].pk]


def _draft(w, f):
    return [f["routine_draft"].pk]


MATRIX = {
    "routines:list": Row(lambda w, f: [], EVERYONE),
    "routines:to_read": Row(lambda w, f: [], EVERYONE),
    "routines:version": Row(_published, EVERYONE),
    "routines:acknowledge": Row(_published, POST_ONLY, denied_status=405),
    "routines:read_status": Row(_published, FOLLOW_UP),
    "routines:process": Row(lambda w, f: [f["routine_version"].routine_id], FOLLOW_UP),
    "routines:edit": Row(_draft, EDITORS, denied_status=403),
    "routines:step_new": Row(_draft, EDITORS, denied_status=403),
    "routines:step_edit": Row(
        lambda w, f: [f["routine_draft"].pk, f["routine_draft"].steps.first().pk], EDITORS, denied_status=403
    ),
    "routines:step_delete": Row(
        lambda w, f: [f["routine_draft"].pk, f["routine_draft"].steps.first().pk], POST_ONLY, denied_status=405
    ),
    "routines:publish": Row(_draft, POST_ONLY, denied_status=405),
    "routines:draft": Row(lambda w, f: [f["routine_version"].routine_id], POST_ONLY, denied_status=405),
    "routines:start": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.full_name),
    "routines:journey": Row(lambda w, f: [f["journey"].pk], JOURNEY, shows=lambda w: w.elin.full_name),
    "routines:act": Row(lambda w, f: [f["journey"].steps.first().pk], POST_ONLY, denied_status=405),
    "routines:hand_over": Row(lambda w, f: [f["journey"].steps.first().pk], JOURNEY),
}


def fixtures(world) -> dict:
    version = routine_with_steps(world.school.principal)
    version.routine.editors.add(world.rita)
    rita = Actor(user=world.rita, membership=world.membership(world.rita))
    kim = Actor(user=world.kim, membership=world.membership(world.kim))
    draft = versions.draft_version(actor=rita, routine=version.routine)
    journey = journeys.start_journey(actor=kim, child=world.elin, version=version)
    return {"routine_version": version, "routine_draft": draft, "journey": journey}
