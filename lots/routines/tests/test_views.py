"""Pages: query counts that do not grow with the data, the editor's refusals, acknowledging."""

import pytest
from django.urls import reverse

from lots.core.testing import queries_of
from lots.people.tests.factories import ChildFactory
from lots.routines.models import Acknowledgement, JourneyStep, StepStatus
from lots.routines.services import journeys, versions
from lots.routines.tests.factories import JourneyFactory, JourneyStepFactory, routine_with_steps

pytestmark = pytest.mark.django_db


def _line(n: int) -> list[dict]:
    return [{"key": f"s{i}", "title": f"Steg {i}"} for i in range(n)]


def _walk(world, version):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=version)
    first = journey.steps.get(step_key="s0")
    journeys.complete_step(actor=world.actor(world.kim), journey_step=first, note="Klart")
    return journey


def test_the_journey_page_costs_the_same_whatever_the_number_of_steps(world, signed_in):
    client = signed_in(world.kim)
    small = _walk(world, routine_with_steps(world.school.principal, _line(3)))
    large = _walk(world, routine_with_steps(world.school.principal, _line(12)))
    for journey in (small, large):  # warm: each routine's drawing is then in the cache
        client.get(reverse("routines:journey", args=[journey.pk]))
    few = queries_of(lambda: client.get(reverse("routines:journey", args=[small.pk])))
    many = queries_of(lambda: client.get(reverse("routines:journey", args=[large.pk])))
    assert len(few) == len(many) <= 30
    page = client.get(reverse("routines:journey", args=[large.pk]))
    assert page.status_code == 200 and "Steg 11" in page.content.decode()


def _journeys(version, count: int, world) -> None:
    steps = list(version.steps.all())
    for _n in range(count):
        journey = JourneyFactory(version=version, child=ChildFactory(), unit=world.school_unit)
        JourneyStepFactory(journey=journey, step=steps[0], completed=True)
        JourneyStepFactory(journey=journey, step=steps[1], overdue=True)


def test_the_process_view_is_one_grouped_query_and_suppresses_small_counts(world, signed_in, absence):
    client = signed_in(world.rita)
    url = reverse("routines:process", args=[absence.routine_id])
    _journeys(absence, 3, world)
    client.get(url)
    few_queries = queries_of(lambda: client.get(url))
    body = client.get(url).content.decode()
    assert "passerat: &lt;5 (för få för tider)" in body and "median 3 d" not in body
    _journeys(absence, 40, world)
    client.get(url)  # warm: the drawing with the new figures is then in the cache
    many_queries = queries_of(lambda: client.get(url))
    assert len(few_queries) == len(many_queries)
    assert sum("journeystep" in q.lower() and "group by" in q.lower() for q in many_queries) == 1
    body = client.get(url).content.decode()
    assert "median 3 d" in body and "43" in body and 'id="flowchart-step-mote" class="node step node--stalled"' in body


def test_an_editor_is_told_which_step_breaks_the_routine(world, signed_in, absence):
    client = signed_in(world.rita)
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    plan = draft.steps.get(key="plan")
    data = {"key": "plan", "title": "Åtgärdsplan", "agency_kind": "school", "deadline_kind": "calendar"}
    response = client.post(reverse("routines:step_edit", args=[draft.pk, plan.pk]), {**data, "next_steps": "mote"})
    assert response.status_code == 400
    assert "Steget ”Åtgärdsplan” ingår i en slinga som aldrig tar slut" in response.content.decode()
    response = client.post(reverse("routines:step_edit", args=[draft.pk, plan.pk]), {**data, "next_steps": "saknas"})
    assert "leder till ett steg ”saknas” som inte finns" in response.content.decode()
    ok = client.post(reverse("routines:step_edit", args=[draft.pk, plan.pk]), {**data, "title": "Ny plan"})
    assert ok.status_code == 302
    assert client.post(reverse("routines:publish", args=[draft.pk])).status_code == 302
    assert "Ny plan" in client.get(reverse("routines:version", args=[draft.pk])).content.decode()


def test_acknowledging_from_the_version_page(world, signed_in, absence):
    client = signed_in(world.kim)
    assert "Jag har läst den" in client.get(reverse("routines:version", args=[absence.pk])).content.decode()
    assert absence.routine.name in client.get(reverse("routines:to_read")).content.decode()
    client.post(reverse("routines:acknowledge", args=[absence.pk]))
    assert Acknowledgement.objects.filter(user=world.kim, version=absence).exists()
    assert absence.routine.name not in client.get(reverse("routines:to_read")).content.decode()
    status = signed_in(world.rita).get(reverse("routines:read_status", args=[absence.pk])).content.decode()
    assert "1 av 2" in status and "Rita Rektorsson" in status


def test_the_child_page_shows_where_the_child_is(world, signed_in, absence):
    journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    body = signed_in(world.mona).get(reverse("people:child", args=[world.elin.pk])).content.decode()
    assert "Rutiner" in body and "Kartlägg frånvaron" in body
    assert JourneyStep.objects.filter(status=StepStatus.OPEN).count() == 1


def test_every_open_step_offers_the_other_agencies_then_their_units_and_a_handover_goes_to_the_chosen_one(
    world, signed_in
):
    from lots.organisations.tests.factories import AgencyFactory, UnitFactory
    from lots.routines.models import Handover

    bup = world.bup_unit.agency
    UnitFactory(agency=bup, name="Mottagning <Syd>")
    other = UnitFactory(agency=AgencyFactory(principal=bup.principal, name="Habilitering <Nord>"), name="Hab Nord")
    client = signed_in(world.kim)
    journey = journeys.start_journey(
        actor=world.actor(world.kim), child=world.elin, version=routine_with_steps(world.school.principal, _line(3))
    )
    body = client.get(reverse("routines:journey", args=[journey.pk])).content.decode()
    open_steps = journey.steps.filter(status=StepStatus.OPEN).count()
    assert body.count(f'<option value="{bup.pk}">{bup.name}</option>') == open_steps >= 1
    assert "Habilitering &lt;Nord&gt;" in body and "Habilitering <Nord>" not in body  # names are escaped
    assert f'<option value="{world.school.pk}">' not in body  # not one's own agency
    assert world.bup_unit.name not in body  # units come with the agency chosen, not all on the journey's page

    step = journey.steps.filter(status=StepStatus.OPEN).first()
    chooser = reverse("routines:hand_over", args=[step.pk])
    page = client.get(chooser, {"verksamhet": bup.pk}).content.decode()
    assert f'<option value="{world.bup_unit.pk}">{world.bup_unit.name}</option>' in page
    assert "Mottagning &lt;Syd&gt;" in page and "Mottagning <Syd>" not in page
    assert other.name not in page and f'<option value="{world.school_unit.pk}">' not in page

    act = reverse("routines:act", args=[step.pk])
    client.post(act, {"action": "hand_over", "to_unit": world.school_unit.pk, "reason": ""})
    assert not Handover.objects.filter(step=step).exists()  # own agency's unit: refused, nothing saved
    client.post(act, {"action": "hand_over", "to_unit": world.bup_unit.pk, "reason": "BUP tar"})
    assert Handover.objects.get(step=step).to_unit == world.bup_unit


@pytest.mark.parametrize("agency", ["abc", "999999", "own"])
def test_choosing_an_agency_a_step_cannot_go_to_says_so_and_lists_no_units(world, signed_in, agency):
    client = signed_in(world.kim)
    journey = journeys.start_journey(
        actor=world.actor(world.kim), child=world.elin, version=routine_with_steps(world.school.principal, _line(3))
    )
    step = journey.steps.filter(status=StepStatus.OPEN).first()
    chosen = world.school.pk if agency == "own" else agency
    response = client.get(reverse("routines:hand_over", args=[step.pk]), {"verksamhet": chosen})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in body and 'name="to_unit"' not in body


def test_the_handover_page_is_a_logged_view_and_offers_nothing_once_the_step_is_done(world, signed_in):
    from lots.audit.models import AuditEntry

    client = signed_in(world.kim)
    journey = _walk(world, routine_with_steps(world.school.principal, _line(3)))
    done = journey.steps.get(step_key="s0")
    response = client.get(reverse("routines:hand_over", args=[done.pk]), {"verksamhet": world.bup_unit.agency_id})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bara den verksamhet som håller ett öppet steg kan lämna över det." in body and "to_unit" not in body
    logged = AuditEntry.objects.get(record_type="routines.journeystep", record_id=str(done.pk), detail="hand over")
    assert logged.child_id == world.elin.pk and logged.user_id == world.kim.pk and logged.ground == "assignment"


def test_a_refused_step_keeps_its_form_open_with_the_way_on_and_the_note(world, signed_in, branching):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=branching)
    step = journey.steps.get(step_key="kartlagg")
    client = signed_in(world.kim)
    # Skipping without a reason is refused: the note typed so far is blank, the way on chosen is "plan".
    response = client.post(
        reverse("routines:act", args=[step.pk]), {"action": "skip", "next_key": "plan", "reason": " "}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in body and f'href="#step{step.pk}-reason"' in body
    assert "<details open><summary>" in body
    assert f'value="plan" id="next-{step.pk}-' in body and body.split('value="plan"')[1].split(">")[0].endswith(
        " checked"
    )
    assert 'value="mote" id="step' in body and not body.split('value="mote"')[1].split(">")[0].endswith(" checked")
    step.refresh_from_db()
    assert step.status == StepStatus.OPEN
    # Completing with a way on that does not exist keeps the note.
    response = client.post(
        reverse("routines:act", args=[step.pk]), {"action": "complete", "next_key": "x", "reason": "Klart <b>nu</b>"}
    )
    assert response.status_code == 400
    assert "Klart &lt;b&gt;nu&lt;/b&gt;</textarea>" in response.content.decode()


def test_the_journey_page_draws_the_routine_with_the_step_the_journey_is_at_marked(world, signed_in):
    import xml.etree.ElementTree as ET

    from lots.core import diagrams

    journey = _walk(world, routine_with_steps(world.school.principal, _line(3)))
    body = signed_in(world.kim).get(reverse("routines:journey", args=[journey.pk])).content.decode()
    start = body.rindex("<svg", 0, body.index('class="flowchart"'))  # Graphviz's drawing, not an icon
    svg = body[start : body.index("</svg>", start) + len("</svg>")]
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    marked = {g.get("id"): g.get("class") for g in root.iter(f"{{{diagrams.SVG_NS}}}g") if "step" in g.get("id", "")}
    assert marked == {
        "flowchart-step-s0": "node step",
        "flowchart-step-s1": "node step node--current",
        "flowchart-step-s2": "node step",
    }
    assert "Här är förloppet" in svg and "Steg 2" in svg


def test_without_graphviz_the_routine_page_shows_its_text_and_a_notice(world, signed_in, monkeypatch):
    version = routine_with_steps(world.school.principal, _line(2))
    monkeypatch.setenv("PATH", "/nonexistent")
    body = signed_in(world.kim).get(reverse("routines:version", args=[version.pk])).content.decode()
    assert "<svg" not in body and "Steg 1" in body and "tabellen" in body


def test_a_step_done_without_being_taken_on_names_who_did_it_not_no_one(world, signed_in):
    journey = _walk(world, routine_with_steps(world.school.principal, _line(3)))  # Kim completes s0 at once
    body = signed_in(world.kim).get(reverse("routines:journey", args=[journey.pk])).content.decode()
    done = body.split('id="step-s0"')[1].split("</li>")[0]
    later = body.split('id="step-s2"')[1].split("</li>")[0]
    assert "Ingen har tagit ansvar ännu" not in done and world.kim.get_full_name() in done.split("<dt>")[1]
    assert "Ingen har tagit ansvar ännu" not in later, "a step not reached is held by no one yet, and says nothing"
