"""Rows of the access matrix for the family view (lots.portal).

No member of staff reaches the family view: every page answers 404 to a staff session, as for a
page that does not exist (the family's own sessions are tested in lots/portal/tests, where a
family member never reaches a staff page either). The demo sign-in is 404 outside a demo.
"""

from lots.plans.tests.factories import SipMeetingFactory, elins_sip
from tests.access_matrix.rows import Row, elin

NOBODY: frozenset[str] = frozenset()


def _consent(w, f):
    return [w.elin.pk, f["portal_sip"].consent.pk]


MATRIX = {
    "portal:home": Row(lambda w, f: [], NOBODY),
    "portal:sign_in": Row(lambda w, f: [], NOBODY),
    "portal:child": Row(elin, NOBODY),
    "portal:who_has_read": Row(elin, NOBODY),
    "portal:meeting_ics": Row(lambda w, f: [w.elin.pk, f["portal_meeting"].pk], NOBODY),
    "portal:plan_pdf": Row(lambda w, f: [w.elin.pk, f["portal_sip"].pk], NOBODY),
    "portal:answer": Row(_consent, NOBODY, method="post"),
    "portal:withdraw": Row(_consent, NOBODY, method="post"),
}


def fixtures(world) -> dict:
    import datetime as dt

    from django.utils import timezone

    sip = elins_sip(world)
    start = timezone.now() + dt.timedelta(days=3)
    meeting = SipMeetingFactory(sip=sip, starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Rum 1")
    return {"portal_sip": sip, "portal_meeting": meeting}
