"""The graph check: missing steps, loops with no way out, deadlines counted from a later step."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from lots.routines import graph
from lots.routines.graph import Node


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def test_a_sound_graph_with_a_loop_that_can_end():
    nodes = [
        Node("a", next=("b",)),
        Node("b", next=("a", "c")),
        Node("c", relative_to="a"),
    ]
    assert graph.problems(nodes, publishing=True) == []


def test_a_branch_to_a_missing_step_names_the_step():
    problems = graph.problems([Node("a", title="Kartlägg", next=("finns-inte",))])
    assert any("Kartlägg" in p.message and "finns-inte" in p.message for p in problems)


def test_a_loop_with_no_way_out_is_refused_naming_its_steps():
    nodes = [Node("a", next=("b",)), Node("b", title="Möte", next=("c",)), Node("c", title="Uppföljning", next=("b",))]
    with pytest.raises(ValidationError) as error:
        graph.check(nodes)
    text = " ".join(error.value.messages)
    assert "Möte" in text and "Uppföljning" in text and "slinga" in text


def test_a_deadline_counted_from_a_later_step_is_refused():
    nodes = [Node("a", next=("b",), relative_to="b", title="Första"), Node("b")]
    problems = graph.problems(nodes)
    assert [p.key for p in problems] == ["a"]
    assert "Första" in problems[0].message


def test_a_deadline_counted_from_a_step_on_another_path_is_refused():
    nodes = [Node("a", next=("b", "c")), Node("b"), Node("c", relative_to="b")]
    assert [p.key for p in graph.problems(nodes)] == ["c"]


def test_publishing_refuses_a_step_that_cannot_be_reached():
    nodes = [Node("a"), Node("b", title="Ensam")]
    assert graph.problems(nodes) == []
    assert "Ensam" in graph.problems(nodes, publishing=True)[0].message


keys = st.sampled_from(list("abcdefgh"))


@st.composite
def graphs(draw):
    names = draw(st.lists(keys, min_size=1, max_size=8, unique=True))
    nodes = []
    for name in names:
        nxt = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        rel = draw(st.one_of(st.none(), st.sampled_from(names)))
        nodes.append(Node(name, next=tuple(nxt), relative_to=rel))
    return nodes


def _walk_ends(nodes, start) -> bool:
    """Independent check by depth-first search: can some end be reached from `start`?"""
    by_key = {n.key: n for n in nodes}
    stack, seen = [start], set()
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        if not by_key[key].next:
            return True
        stack.extend(by_key[key].next)
    return False


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_every_step_flagged_as_a_dead_loop_really_cannot_end(nodes):
    with translation.override("en"):
        flagged = {p.key for p in graph.problems(nodes) if "loop" in p.message}
    for node in nodes:
        assert (node.key in flagged) == (not _walk_ends(nodes, node.key))


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_a_graph_without_problems_lets_every_journey_end(nodes):
    if graph.problems(nodes, publishing=True):
        return
    g = graph.Graph(nodes)
    assert all(_walk_ends(nodes, key) for key in g.reachable_from(g.start))
    for node in nodes:
        if node.relative_to:
            assert node.key in g.reachable_from(node.relative_to) and node.relative_to != node.key


@settings(max_examples=100, deadline=None)
@given(graphs(), st.text(alphabet="xyz", min_size=1, max_size=3))
def test_a_branch_to_an_unknown_key_is_always_refused(nodes, missing):
    broken = [Node(nodes[0].key, next=(*nodes[0].next, missing)), *nodes[1:]]
    assert any(p.key == nodes[0].key and missing in p.message for p in graph.problems(broken))
