"""Rows of the access matrix for the follow-up.

Figures are aggregates with small counts suppressed, never person data; they are shown by role
(lots/followup/policies.py): the steering group sees every principal of the agreement, a head
teacher or unit manager their own agency (Rita here). Everyone else gets a 404. What each
indicator counts is for every member of staff.
"""

from tests.access_matrix.rows import EVERYONE, Row

FOLLOW_UP = frozenset({"rita"})


def _none(w, f):
    return []


MATRIX = {
    "followup:dashboard": Row(_none, FOLLOW_UP),
    "followup:report": Row(_none, FOLLOW_UP),
    "followup:report_pdf": Row(_none, FOLLOW_UP),
    "followup:report_csv": Row(_none, FOLLOW_UP),
    "followup:report_xlsx": Row(_none, FOLLOW_UP),
    "followup:definitions": Row(_none, EVERYONE),
    "followup:indicator": Row(lambda w, f: ["sip.requested"], FOLLOW_UP),
}
