"""Rows of the access matrix for the interop app; the plan is the plans module's `sip`."""

from tests.access_matrix.rows import KNOW_ELIN, Row

MATRIX = {
    "interop:sip_fhir": Row(lambda w, f: [f["sip"].pk], KNOW_ELIN, shows=lambda w: "BUP:s insats: utredning"),
    "interop:sip_fhir_import": Row(lambda w, f: [f["sip"].pk], KNOW_ELIN),
}
