"""The demo's routines: each drawn as a flowchart whose boxes and arrows are its steps and branches."""

import xml.etree.ElementTree as ET

import pytest

from demo import loader as demo
from lots.followup import suppression
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
        nodes = {g.get("data-step") for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("node")}
        edges = {(g.get("data-from"), g.get("data-to")) for g in root.iter(f"{SVG}g") if g.get("class") == "edge"}
        assert nodes == {s.key for s in steps}
        assert edges == {(s.key, b.to_step.key) for s in steps for b in s.branches.all()}
        assert all(root.find(f".//{SVG}rect") is not None for _ in nodes)


def test_the_demo_has_scenario_1_and_enough_journeys_for_the_process_view(loaded):
    elin = loaded["children"]["elin"]
    journey = Journey.objects.get(child=elin)
    assert journey.steps.get(step_key="kartlaggning").status == StepStatus.OPEN
    figures = selectors.process_figures(journey.routine_id)
    assert figures["signal"].passed >= suppression.threshold() and figures["signal"].median is not None
