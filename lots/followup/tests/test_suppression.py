"""The one suppression rule: primary, secondary by relation, by the relations together, and the
change against another period."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from lots.followup.suppression import Sum, change, is_small, shown, suppress


def _table(cells: dict[tuple[str, str], int]) -> tuple[dict, list[Sum]]:
    """A table with row and column totals, and the relations a reader knows."""
    rows = sorted({r for r, _c in cells})
    cols = sorted({c for _r, c in cells})
    values = dict(cells)
    for r in rows:
        values[(r, "T")] = sum(cells[(r, c)] for c in cols)
    for c in [*cols, "T"]:
        values[("T", c)] = sum(values[(r, c)] for r in rows)
    relations = [Sum((r, "T"), tuple((r, c) for c in cols)) for r in [*rows, "T"]]
    relations += [Sum(("T", c), tuple((r, c) for r in rows)) for c in [*cols, "T"]]
    return values, relations


def test_counts_under_the_threshold_are_hidden_and_zero_is_not():
    assert [is_small(n, 5) for n in (0, 1, 4, 5, 6)] == [False, True, True, False, False]
    assert suppress({"a": 0, "b": 5, "c": 12}, limit=5) == set()
    assert suppress({"a": 4, "b": 5}, limit=5) == {"a"}


def test_a_hidden_cell_with_its_total_shown_takes_a_neighbour_with_it():
    values = {"total": 30, "a": 3, "b": 12, "c": 15}
    hidden = suppress(values, [Sum("total", ("a", "b", "c"))], limit=5)
    # Without the second cell, a = 30 - 12 - 15. The smallest other cell goes with it.
    assert hidden == {"a", "b"}


def test_two_small_cells_that_add_up_to_a_small_count_take_a_third():
    # 1 + 1 = 2 would give both away, each being at least 1.
    values = {"total": 22, "a": 1, "b": 1, "c": 20}
    assert suppress(values, [Sum("total", ("a", "b", "c"))], limit=5) == {"a", "b", "c"}


def test_the_routines_process_view_case_a_hidden_step_follows_from_the_one_before():
    # 43 passed step 1; 40 passed step 2 and 3 wait there: passed(1) = passed(2) + open(2).
    values = {"passed1": 43, "passed2": 40, "open2": 3, "open1": 0}
    relations = [Sum("passed1", ("passed2", "open2"))]
    hidden = suppress(values, relations, limit=5)
    assert "open2" in hidden and len(hidden & {"passed1", "passed2"}) >= 1


def test_cells_given_away_by_the_relations_together_are_protected():
    # a 2 x 2 table with margins: four hidden inner cells are safe, but if only a and d were hidden
    # (each in a different row and column), each row relation has one hidden cell.
    values, relations = _table({("r1", "c1"): 2, ("r1", "c2"): 20, ("r2", "c1"): 30, ("r2", "c2"): 3})
    hidden = suppress(values, relations, limit=5)
    assert {("r1", "c1"), ("r2", "c2")} <= hidden
    _assert_safe(values, relations, hidden, 5)


def test_a_table_whose_bounds_pin_every_hidden_cell_hides_a_margin_too():
    # 4 5 / 5 1: with the four inner cells hidden and the margins shown, a "<5" a makes b = 9 - a
    # at least 5, so d = 6 - b is at most 1, and a "<5" d is then 1 (found by hypothesis).
    values, relations = _table({("r1", "c1"): 4, ("r1", "c2"): 5, ("r2", "c1"): 5, ("r2", "c2"): 1})
    hidden = suppress(values, relations, limit=5)
    assert hidden - {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    _assert_safe(values, relations, hidden, 5)


def test_a_change_is_shown_only_when_both_periods_are():
    assert change(12, 9, now_hidden=False, before_hidden=False) == 3
    assert change(12, 3, now_hidden=False, before_hidden=True) is None
    assert shown(3, True) == "<5" and shown(3, False) == "3"


def _determined(values, relations, hidden, limit) -> set:
    """Hidden cells a reader can work out, by trying every completion of small tables: those that
    take only one value among all completions consistent with what is shown and the relations
    (a hidden primary cell is known to lie in 1..limit-1; another in 0..the largest total)."""
    order = sorted(hidden, key=repr)
    top = max(values.values()) + 1
    ranges = [range(1, limit) if is_small(values[k], limit) else range(0, top) for k in order]
    seen: dict = {k: set() for k in order}
    for guess in product(*ranges):
        trial = {**values, **dict(zip(order, guess, strict=True))}
        if all(trial[r.total] == sum(trial[p] for p in r.parts) for r in relations):
            for k, v in zip(order, guess, strict=True):
                seen[k].add(v)
    return {k for k in order if len(seen[k]) <= 1}


def _assert_safe(values, relations, hidden, limit):
    assert {k for k, n in values.items() if is_small(n, limit)} <= hidden
    for relation in relations:
        assert len([c for c in relation.cells if c in hidden]) != 1, relation
    if len(hidden) <= 5:
        assert not _determined(values, relations, hidden, limit)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4))
def test_no_hidden_cell_of_a_two_by_two_table_can_be_worked_out(cells):
    values, relations = _table(dict(zip(product(["r1", "r2"], ["c1", "c2"]), cells, strict=True)))
    hidden = suppress(values, relations, limit=5)
    _assert_safe(values, relations, hidden, 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=6, max_size=6))
def test_every_relation_of_a_larger_table_has_none_or_several_hidden_cells(cells):
    values, relations = _table(dict(zip(product(["r1", "r2", "r3"], ["c1", "c2"]), cells, strict=True)))
    hidden = suppress(values, relations, limit=5)
    assert {k for k, n in values.items() if is_small(n, 5)} <= hidden
    for relation in relations:
        inside = [c for c in relation.cells if c in hidden]
        assert len(inside) != 1
