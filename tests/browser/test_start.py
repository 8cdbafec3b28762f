"""The front page, the start page "Att göra" per role, scenario 12 ("Monday morning": each person
signs in to their own work, on the demo and data made with the factories), and choosing a child by
search, in the browser with axe (every page reached through `ui` is checked)."""

import pytest
from playwright.sync_api import expect

_LAST_PUPIL = """
SELECT c.first_name, c.last_name FROM people_child c
JOIN access_assignment a ON a.child_id = c.id JOIN organisations_user u ON u.id = a.user_id
WHERE u.username = 'mentor.asen' AND a.ends_at IS NULL
ORDER BY c.last_name DESC, c.first_name DESC LIMIT 1
"""


def test_the_front_page_leads_the_public_to_the_catalogue_and_staff_to_sign_in(ui):
    ui.goto("/")
    assert "Logga in som personal" in ui.text() and "Logga in i familjevyn" in ui.text()
    ui.fill("Vad behöver ni hjälp med?", "föräldrastöd")
    ui.press("Sök")
    assert "/insatser/" in ui.page.url


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("mentor.asen", "Försenat"),
        ("rektor.asen", "Uppföljningen"),
        ("mottagning", "Mottagningens kö"),
        ("bup", "Snart"),
        ("styrgrupp", "Uppföljningen"),
        ("familjelots", "Nytt"),
    ],
)
def test_each_role_lands_on_its_start_page(ui, username, expected):
    ui.sign_in(username)
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Att göra"
    assert expected in ui.text()
    ui.goto("/")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Att göra"


def test_the_mentor_finds_the_last_of_the_pupils_by_search(ui, database):
    first_name, last_name = database.execute(_LAST_PUPIL).fetchone()
    ui.sign_in("mentor.asen")
    ui.goto("/ingang/orosanmalan/ny/")
    ui.fill("Barnets namn eller personnummer", last_name)
    ui.page.get_by_role("button", name="Sök barnet").click()  # htmx: the chooser in place
    expect(ui.page.get_by_label(f"{last_name}, {first_name}")).to_be_visible()
    ui.page.get_by_label(f"{last_name}, {first_name}").check()
    ui.assert_accessible()


# Scenario 12, "Monday morning": each person signs in to their own work ----------------------------


def _monday_morning() -> dict:
    """Monday's work beside the demo's, made with the factories in the server's database (`make`):
    two reports due today at the reception (the one about violence made last), a pupil of the
    mentor with an absence signal and a routine step due this week, a SIP the rektor leads waiting
    for the guardians' decision, a deviation her school must answer, and one between social
    services and BUP raised to the steering group. Returns the links the start pages should give."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    from lots.access.models import Assignment
    from lots.access.tests.factories import AssignmentFactory
    from lots.attendance.models import Level, Signal
    from lots.attendance.warning import term_start
    from lots.deviations.models import Kind
    from lots.deviations.tests.factories import DeviationFactory, PartyFactory
    from lots.intake import deadlines
    from lots.intake.models import ConcernReport, Violence
    from lots.intake.tests.factories import ConcernReportFactory
    from lots.organisations.models import Unit, User
    from lots.people.tests.factories import ChildFactory
    from lots.plans.tests.factories import SipFactory, SipParticipantFactory, lead_by
    from lots.routines.models import RoutineVersion, Step, VersionStatus
    from lots.routines.tests.factories import JourneyFactory, JourneyStepFactory

    today = timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["mentor.asen", "rektor.asen", "styrgrupp"])}
    school, reception, bup_head = (
        Unit.objects.get(name=name) for name in ("Åsens skola", "Mottagningen barn och unga", "BUP ledning")
    )

    def pupil():
        return ChildFactory(unnumbered=True, school_unit=school, last_name="Måndagsson")

    def report(violence: str) -> str:
        made = ConcernReportFactory(
            receiving_agency=reception.agency,
            receiving_unit=reception,
            child=pupil(),
            reporter=users["mentor.asen"],
            violence=violence,
        )
        ConcernReport.objects.filter(pk=made.pk).update(next_deadline_rule=deadlines.DECISION, next_deadline_on=today)
        return reverse("intake:report", args=[made.pk])

    calm_report = report(Violence.NONE)
    violent_report = report(Violence.SUBJECTED)

    child = pupil()
    AssignmentFactory(user=users["mentor.asen"], unit=school, child=child, reason=Assignment.Reason.MENTOR)
    signal = Signal.objects.create(
        child=child,
        agency=school.agency,
        unit=school,
        level=Level.MENTOR,
        term_start=term_start(today),
        raised_on=today,
        percent=12,
    )
    version = RoutineVersion.objects.get(routine__name="Problematisk skolfrånvaro", status=VersionStatus.PUBLISHED)
    journey = JourneyFactory(child=child, version=version, unit=school, started_by=users["mentor.asen"])
    JourneyStepFactory(
        journey=journey,
        step=Step.objects.filter(version=version).order_by("order").first(),
        open=True,
        owner_user=users["mentor.asen"],
        due_on=today + dt.timedelta(days=3),
    )

    rektor = users["rektor.asen"]
    sip = SipFactory(child=pupil(), requesting_agency=school.agency, requested_by=rektor)
    lead_by(sip, SipParticipantFactory(sip=sip, membership=rektor.memberships.get(), role_text="Rektor"))
    to_answer = DeviationFactory(reporting_agency=school.agency, reported_by=rektor, kind=Kind.NO_FEEDBACK)
    PartyFactory(deviation=to_answer, agency=school.agency, unit=school, handler_unit=school)

    raised = DeviationFactory(
        reporting_agency=reception.agency,
        reported_by=users["styrgrupp"],
        kind=Kind.ACTION_NOT_DELIVERED,
        raised_at=timezone.now(),
    )
    PartyFactory(deviation=raised, agency=reception.agency, unit=reception, handler_unit=reception)
    PartyFactory(deviation=raised, agency=bup_head.agency, handler_unit=bup_head)
    return {
        "calm_report": calm_report,
        "violent_report": violent_report,
        "queue": reverse("intake:queue"),
        "signal": reverse("attendance:signal", args=[signal.pk]),
        "journey": reverse("routines:journey", args=[journey.pk]),
        "sip": reverse("plans:detail", args=[sip.pk]),
        "to_answer": reverse("deviations:detail", args=[to_answer.pk]),
        "raised": reverse("deviations:detail", args=[raised.pk]),
        "followup": reverse("followup:dashboard"),
    }


@pytest.fixture(scope="module")
def monday(make):
    return make("tests.browser.test_start:_monday_morning")


def _links(ui, section: str = "") -> list[str]:
    """The links of the start page, or of one of its sections (todo-work, todo-soon, todo-new …)."""
    scope = f"main section[aria-labelledby='{section}']" if section else "main"
    return ui.page.locator(f"{scope} a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def _open(ui, url: str):
    ui.page.locator(f"main a[href='{url}']").first.click()
    ui._after_navigation()


def test_scenario_12_the_reception_finds_the_reports_due_today_violence_first(ui, monday):
    ui.sign_in("mottagning")
    soon = _links(ui, "todo-soon")
    assert soon.index(monday["violent_report"]) < soon.index(monday["calm_report"])
    assert monday["queue"] in _links(ui, "todo-work")
    assert not {monday["to_answer"], monday["raised"], monday["sip"], monday["signal"]} & set(_links(ui))
    _open(ui, monday["violent_report"])
    assert "Barnet har utsatts för våld" in ui.text()


def test_scenario_12_the_mentor_finds_the_absence_signal_and_the_routine_step(ui, monday):
    ui.sign_in("mentor.asen")
    assert monday["signal"] in _links(ui, "todo-new")
    assert monday["journey"] in _links(ui, "todo-soon")
    assert "Rutinsteg: Kontakta hemmet om ogiltig frånvaro – " in ui.text()
    assert not {monday["to_answer"], monday["raised"], monday["violent_report"]} & set(_links(ui))
    _open(ui, monday["signal"])


def test_scenario_12_the_rektor_finds_the_sip_waiting_and_the_deviation_to_answer(ui, monday):
    ui.sign_in("rektor.asen")
    soon = _links(ui)
    assert monday["sip"] in soon and monday["to_answer"] in soon
    assert "Avvikelse att besvara: Ingen återkoppling på en orosanmälan" in ui.text()
    assert monday["raised"] not in soon, "between social services and BUP: not her school's to answer"
    _open(ui, monday["to_answer"])
    assert "Registrera analysen" in ui.text()


def test_scenario_12_the_steering_group_finds_the_follow_up_and_the_deviation_raised_to_it(ui, monday):
    ui.sign_in("styrgrupp")
    assert monday["followup"] in _links(ui, "todo-work")
    assert monday["raised"] in _links(ui)
    assert "Avvikelse lyft till styrgruppen: En insats genomfördes inte" in ui.text()
    assert monday["to_answer"] not in _links(ui), "not raised: the school's managers' work"
    _open(ui, monday["raised"])
    assert "Registrera analysen" not in ui.text(), "the steering group sees, never acts"
