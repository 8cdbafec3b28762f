"""The demo's routines: each drawn as a flowchart whose boxes and arrows are its steps and branches."""

import xml.etree.ElementTree as ET

import pytest

from demo import loader as demo
from lots.followup import suppression
from lots.people.models import Relationship
from lots.plans.models import Sip
from lots.routines import flowchart, selectors
from lots.routines.models import Journey, RoutineVersion, StepStatus, VersionStatus

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def loaded(db):
    return demo.build()


def test_each_demo_routine_is_drawn_with_its_steps_and_branches(loaded):
    published = RoutineVersion.objects.filter(status=VersionStatus.PUBLISHED).prefetch_related(
        "steps__branches__to_step"
    )
    assert published.count() >= 6
    for version in published:
        steps = list(version.steps.select_related("relative_to").order_by("order"))
        root = ET.fromstring(str(flowchart.render(steps, title=version.routine.name)))  # noqa: S314 (our own SVG)
        assert root.get("role") == "img" and root.find(f"{SVG}title").text == version.routine.name
        assert root.find(f"{SVG}desc") is not None
        ids = [g.get("id", "") for g in root.iter(f"{SVG}g")]
        nodes = {i.removeprefix("flowchart-step-") for i in ids if i.startswith("flowchart-step-")}
        edges = {tuple(i.removeprefix("flowchart-edge-").split("__")) for i in ids if i.startswith("flowchart-edge-")}
        assert nodes == {s.key for s in steps}
        assert edges == {(s.key, b.to_step.key) for s in steps for b in s.branches.all()}


def test_the_demo_has_scenario_1_and_enough_journeys_for_the_process_view(loaded):
    elin = loaded["children"]["elin"]
    journey = Journey.objects.get(child=elin)
    assert journey.steps.get(step_key="uppfoljning").status == StepStatus.OPEN
    # The routine leads to the plan: its step "Begär SIP" was done the day the SIP was requested.
    sip_step = journey.steps.get(step_key="sip")
    assert sip_step.status == StepStatus.COMPLETED and journey.started_at < sip_step.completed_at
    sip = Sip.objects.get(child=elin)
    assert sip_step.completed_at.date() == sip.requested_at.date()
    guardians = Relationship.objects.filter(child=elin).values_list("person__first_name", flat=True)
    assert "Elin" not in guardians
    figures = selectors.process_figures(journey.routine_id)
    assert figures["signal"].passed >= suppression.threshold() and figures["signal"].median is not None
