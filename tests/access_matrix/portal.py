"""Rows of the access matrix for the family view (lots.portal).

No member of staff reaches the family view: every page answers 404 to a staff session, as for a
page that does not exist (the family's own sessions are tested in lots/portal/tests, where a
family member never reaches a staff page either). The demo sign-in is 404 outside a demo; the
writing of the family's own words and the answers to the questions on experience answer staff 404
like the rest.
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
    "portal:write_words": Row(lambda w, f: [w.elin.pk, f["portal_sip"].pk], NOBODY, method="post"),
    "portal:answer_experience": Row(lambda w, f: [w.elin.pk, f["portal_sip"].pk], NOBODY, method="post"),
}

#: The family's sign-in through its IdP (404 while no family IdP is configured, as here) and the
#: development IdP (404 unless LOTS_DEV_IDP): no person data of the register.
WITHOUT_PERSON_DATA = {
    "portal:oidc_start",
    "portal:oidc_callback",
    "oauth2_provider:authorize",
    "oauth2_provider:token",
    "oauth2_provider:oidc-connect-discovery-info",
    "oauth2_provider:jwks-info",
    "oauth2_provider:user-info",
}


def fixtures(world) -> dict:
    import datetime as dt

    from django.utils import timezone

    sip = elins_sip(world)
    start = timezone.now() + dt.timedelta(days=3)
    meeting = SipMeetingFactory(sip=sip, starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Rum 1")
    return {"portal_sip": sip, "portal_meeting": meeting}
