"""Rows for the REST API, called with a staff session (tokens act through the same policy; see
lots/api/tests). The records are those of the other apps' fixtures: Elin, her consent, her SIP,
Mona's concern report about Noah. The search is a POST (a GET is refused for everyone)."""

from tests.access_matrix.attendance import HEAD, SEE_ELIN_ABSENCE
from tests.access_matrix.intake import OBSERVED
from tests.access_matrix.routines import JOURNEY
from tests.access_matrix.rows import EVERYONE, KNOW_ELIN, Row, elin

MATRIX = {
    "api:children": Row(
        lambda w, f: [], EVERYONE, shows=lambda w: w.elin.display_number, sees=frozenset({"kim", "mona", "bo", "sam"})
    ),
    "api:child_search": Row(lambda w, f: [], frozenset(), denied_status=405),
    "api:child": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.display_number),
    "api:child_consents": Row(elin, KNOW_ELIN),
    "api:consent": Row(lambda w, f: [f["consent"].pk], frozenset({"kim", "mona", "rita", "tor!", "bo"})),
    "api:sips": Row(lambda w, f: [], EVERYONE),
    "api:sip": Row(lambda w, f: [f["sip"].pk], KNOW_ELIN, shows=lambda w: "BUP:s insats: utredning"),
    "api:sip_fhir": Row(lambda w, f: [f["sip"].pk], KNOW_ELIN, shows=lambda w: "BUP:s insats: utredning"),
    "api:child_journeys": Row(elin, KNOW_ELIN),
    "api:child_absence": Row(elin, SEE_ELIN_ABSENCE, shows=lambda w: '"days_in_row"'),
    "api:school_absence": Row(lambda w, f: [], HEAD, shows=lambda w: f'"child":{w.elin.pk}'),
    "api:routines": Row(lambda w, f: [], EVERYONE),
    "api:routine_version": Row(lambda w, f: [f["routine_version"].pk], EVERYONE),
    "api:journey": Row(lambda w, f: [f["journey"].pk], JOURNEY),
    "api:concern_reports": Row(lambda w, f: [], EVERYONE, shows=lambda w: OBSERVED, sees=frozenset({"mona"})),
    "api:concern_report": Row(lambda w, f: [f["report"].pk], frozenset({"mona"}), shows=lambda w: OBSERVED),
    "api:figures": Row(lambda w, f: [], frozenset({"rita"})),
    "api:concern_report_feedback_request": Row(
        lambda w, f: [f["report"].pk], frozenset({"mona"}), method="post", shows=lambda w: OBSERVED
    ),
    "api:deviations": Row(lambda w, f: [], EVERYONE),
    "api:deviation": Row(
        lambda w, f: [f["deviation"].pk],
        frozenset({"kim", "mona", "rita", "tor!", "berit"}),
        shows=lambda w: "BUP uteblev",
    ),
    "api:forum_meeting": Row(lambda w, f: [f["forum_meeting"].pk], frozenset({"rita", "berit"})),
}

#: The schema, its page and the public catalogue of interventions hold no person data.
WITHOUT_PERSON_DATA = {"api:schema", "api:docs", "api:interventions", "api:intervention"}
