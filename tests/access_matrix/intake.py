"""Rows for the intake pages. A concern report from Mona (mentor) about Noah to social services:
rut (reception) works on it; sam (social services, not at reception, not assigned to Noah), kim,
tor and rita (school staff who did not report) and bo, berit (BUP) see nothing of it; Mona sees
her own submission. A request for help from Mona to the entry point run by reception, forwarded
to BUP."""

from lots.access.tests.factories import AssignmentFactory
from lots.intake.tests.factories import ConcernReportFactory, EntryPointFactory, ForwardFactory, HelpRequestFactory
from lots.people.tests.factories import ChildFactory
from tests.access_matrix.rows import EVERYONE, Row

OBSERVED = "Noah har märken på halsen och säger att han inte vill gå hem."
WHO = "Familjen Testsson med Noah"

MATRIX = {
    "intake:report_new": Row(lambda w, f: [], EVERYONE),
    "intake:my_reports": Row(lambda w, f: [], EVERYONE, shows=lambda w: "Noah Testsson", sees=frozenset({"mona"})),
    "intake:my_report": Row(lambda w, f: [f["report"].pk], frozenset({"mona"}), shows=lambda w: OBSERVED),
    "intake:queue": Row(lambda w, f: [], EVERYONE, shows=lambda w: "Noah Testsson", sees=frozenset({"rut"})),
    "intake:report": Row(lambda w, f: [f["report"].pk], frozenset({"rut"}), shows=lambda w: OBSERVED),
    "intake:requests": Row(
        lambda w, f: [], EVERYONE, shows=lambda w: WHO, sees=frozenset({"mona", "rut", "bo", "berit"})
    ),
    "intake:request_new": Row(lambda w, f: [], EVERYONE),
    "intake:request": Row(
        lambda w, f: [f["request"].pk], frozenset({"mona", "rut", "bo", "berit"}), shows=lambda w: WHO
    ),
}


def fixtures(world) -> dict:
    noah = ChildFactory(first_name="Noah", last_name="Testsson", school_unit=world.school_unit, age=9)
    AssignmentFactory(user=world.mona, unit=world.school_unit, child=noah)
    report = ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=noah,
        reporter=world.mona,
        reporter_unit=world.school_unit,
        observed=OBSERVED,
        violent=True,
        feedback_requested=False,  # so that Mona may still ask for it
    )
    entry = EntryPointFactory(unit=world.reception_unit)
    request = HelpRequestFactory(entry_point=entry, requested_by=world.mona, who_given=WHO, status="forwarded")
    ForwardFactory(request=request, unit=world.bup_unit, forwarded_by=world.rut)
    return {"report": report, "request": request, "noah": noah}
