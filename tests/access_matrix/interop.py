"""Rows of the access matrix for the interop app. The plan is the plans module's `sip`; the
import of pupils is Rita's (rektor of Testskolan): only school administrators and head teachers
import, and each sees only their own imports."""

from lots.interop.tests.factories import ChildImportFactory
from tests.access_matrix.rows import KNOW_ELIN, Row

RITA = frozenset({"rita"})

MATRIX = {
    "interop:sip_fhir": Row(lambda w, f: [f["sip"].pk], KNOW_ELIN, shows=lambda w: "BUP:s insats: utredning"),
    "interop:sip_fhir_import": Row(lambda w, f: [f["sip"].pk], KNOW_ELIN),
    "interop:children_import": Row(lambda w, f: [], RITA),
    "interop:children_import_result": Row(lambda w, f: [f["child_import"].pk], RITA),
    "interop:children_import_confirm": Row(lambda w, f: [f["child_import"].pk], frozenset(), denied_status=405),
}


def fixtures(world) -> dict:
    return {"child_import": ChildImportFactory(membership=world.membership(world.rita), previewed=True)}
