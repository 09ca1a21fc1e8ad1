"""The model's potentials (:meth:`Program.write_orderings`): only the rows within a cycle of
possible supports are written, and they cut off every cycle of chosen supports, with the same
optimum as every row."""

from __future__ import annotations

import copy
from typing import Any
from unittest.mock import patch

import networkx as nx
from hypothesis import assume, given, note
from hypothesis import strategies as st

from itineraire import catalogue_from_data, learner_from_data
from itineraire.planning import Objective
from itineraire.planning.components import ordered_components
from itineraire.planning.highs import Modelled, UnmodelledError, model_problem
from itineraire.planning.rules import Rules
from itineraire.testing import PlanningCase, planning_cases


def _modelled(case: PlanningCase, objective: Objective, calendar: bool) -> Modelled | None:
    try:
        return model_problem(case.catalogue, case.learner, objective, calendar=calendar)
    except UnmodelledError:
        return None


def _optimum(modelled: Modelled) -> int | None:
    """The model's optimum (None: no set), solved to the end: its whole value, which HiGHS
    proves exactly (the tie-break on the number of actions, below 1/2 in all, within its gap
    tolerance only)."""
    model = modelled.model
    if model.infeasible:
        return None
    solution = model.milp.solve(None)
    return None if solution is None else solution.least


_OBJECTIVES = st.sampled_from([Objective.COST, Objective.HOURS])


@given(case=planning_cases(max_modules=5), objective=_OBJECTIVES, calendar=st.booleans())
def test_the_rows_left_out_cut_off_no_set(
    case: PlanningCase, objective: Objective, calendar: bool
) -> None:
    """For any catalogue and person (an equivalence, mutual or not, prerequisites, VAE), with
    the relaxation of the calendar or without, the model has the optimum it has with every
    row of its potentials."""
    note(case.reproduction())
    kept = _modelled(case, objective, calendar)
    every = _modelled(case, objective, calendar)
    if kept is None or every is None:
        assume(False)  # the model does not apply (part-time modules, employment as steps)
        return
    program = every.model.program
    for later, earlier, gap, active in program.orderings:
        # Every row, as the model had them all (a row written twice changes nothing).
        program.ordering_row(later, earlier, gap, active)
    assert _optimum(kept) == _optimum(every)


@given(case=planning_cases(max_modules=5), objective=_OBJECTIVES, calendar=st.booleans())
def test_the_cuts_of_two_cycles_cut_off_no_set(
    case: PlanningCase, objective: Objective, calendar: bool
) -> None:
    """For any catalogue and person, the model has the same optimum with the rows that keep a
    pair of equivalence directions from supporting each other's needs as without them."""
    note(case.reproduction())
    cut = _modelled(case, objective, calendar)
    with patch.object(Rules, "cut_two_cycles", lambda _rules: None):
        uncut = _modelled(case, objective, calendar)
    if cut is None or uncut is None:
        assume(False)
        return
    assert _optimum(cut) == _optimum(uncut)


@given(case=planning_cases(max_modules=5), objective=_OBJECTIVES, calendar=st.booleans())
def test_the_order_follows_every_support_chosen(
    case: PlanningCase, objective: Objective, calendar: bool
) -> None:
    """In the model's answer, every ordering in force (its binary chosen) goes from a
    potential that :meth:`Choice.order` sorts before the other (by group, then value): each
    support, each placement's experience counted, comes before what it serves."""
    note(case.reproduction())
    modelled = _modelled(case, objective, calendar)
    if modelled is None or modelled.model.infeasible:
        assume(False)
        return
    solution = modelled.model.milp.solve(None)
    assume(solution is not None)
    assert solution is not None
    program, values = modelled.model.program, solution.values

    def key(potential: int) -> tuple[int, float]:
        return program.place[potential], round(values[potential], 6)

    for later, earlier, gap, active in program.orderings:
        if active is not None and values[active] < 0.5:
            continue
        assert key(earlier) < key(later) if gap else key(earlier) <= key(later)


def _certification(number: int) -> dict[str, Any]:
    return {
        "code": f"RNCP900{number}",
        "registry": "rncp",
        "title": f"Certification {number}",
        "level": 4,
        "access_routes": ["continuing_training"],
        "rome": ["M1805"],
        "blocks": [{"code": f"RNCP900{number}BC01", "title": f"Block {number}"}],
    }


def _module(identifier: str, block: str, cost: int, requires: str | None = None) -> dict[str, Any]:
    module: dict[str, Any] = {
        "id": identifier,
        "title": identifier,
        "hours": 35,
        "cost": cost,
        "kind": "professional",
        "block": block,
        "validates": [block],
    }
    if requires is not None:
        module["requires"] = requires
    return module


def _model(
    modules: list[dict[str, Any]], equivalences: list[dict[str, Any]], target: str = "RNCP9001"
) -> Modelled:
    catalogue = catalogue_from_data(
        {
            "name": "orderings",
            "competences": [],
            "certifications": [_certification(1), _certification(2)],
            "modules": modules,
            "equivalences": equivalences,
        },
        strict=False,
    )
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05"},
            "constraints": {"start": "2026-01-05", "vae_allowed": False},
            "target": {"certification": target},
        },
        catalogue,
    )
    return model_problem(catalogue, learner, Objective.COST, calendar=False)


def test_a_mutual_equivalence_supports_nothing_on_its_own() -> None:
    """Block 1 and block 2 are equivalent both ways: the two directions would each support the
    other's block, for nothing. The rows within their group cut that off: the model's first
    answer takes the cheaper module, whose block the equivalence turns into block 1."""
    modelled = _model(
        [_module("m1", "RNCP9001BC01", 500), _module("m2", "RNCP9002BC01", 100)],
        [{"id": "eq", "from": ["RNCP9001BC01"], "to": ["RNCP9002BC01"], "mutual": True}],
    )
    model = modelled.model
    solution = model.milp.solve(None)
    assert solution is not None
    assert model.chosen(solution.values) == frozenset({"m2"})


def test_the_relaxation_takes_no_block_through_a_mutual_equivalence_alone() -> None:
    """The same equivalence, in the linear relaxation: each direction's support of its block
    needs a supporter of the block it needs other than the other direction, so the relaxation
    pays for the cheaper module whole (without those rows, a large fraction of each direction
    supported the other's block, and it paid a sixth of it)."""
    model = _model(
        [_module("m1", "RNCP9001BC01", 500), _module("m2", "RNCP9002BC01", 100)],
        [{"id": "eq", "from": ["RNCP9001BC01"], "to": ["RNCP9002BC01"], "mutual": True}],
    ).model
    relaxation = copy.deepcopy(model.milp)
    relaxation.integer = [False] * len(relaxation.integer)
    solution = relaxation.solve(None)
    assert solution is not None
    assert solution.objective >= 100


def test_a_module_named_like_a_direction_keeps_its_supports() -> None:
    """A module's id may read like the model's name for an equivalence's direction
    (``equivalence:eq:1``): the rows of the two-cycles still tell the module's support of a
    block from the direction's, and the route through the module stays (the rows once left
    the direction's support of block 2 no other supporter, and the model had no route)."""
    modelled = _model(
        [_module("equivalence:eq:1", "RNCP9001BC01", 100)],
        [{"id": "eq", "from": ["RNCP9001BC01"], "to": ["RNCP9002BC01"], "mutual": True}],
        target="RNCP9002",
    )
    assert _optimum(modelled) == 100


def test_without_a_cycle_no_row_has_a_potential() -> None:
    """A chain of prerequisites, no equivalence: every potential is a group of its own, no row
    of the model reads one, and the chosen actions still come in the order of their supports
    (by group: the module that gives the prerequisite first, though its id comes after)."""
    modelled = _model(
        [
            _module("m1", "RNCP9001BC01", 500, requires="block:RNCP9002BC01"),
            _module("m2", "RNCP9002BC01", 100),
        ],
        [],
    )
    model = modelled.model
    program = model.program
    assert program.orderings  # the supports asked for some
    assert len(set(program.place.values())) == len(program.place)
    assert not any(
        column in program.place for _, _, terms in model.milp.rows for column, _ in terms
    )
    solution = model.milp.solve(None)
    assert solution is not None
    chosen = model.chosen(solution.values)
    assert chosen == frozenset({"m1", "m2"})
    assert model.order(chosen, solution.values) == ["m2", "m1"]


_GRAPHS = st.dictionaries(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=4), max_size=25)
"""Random directed graphs: each node's successors (some nodes only reached), loops and
repeated edges included."""


@given(successors=_GRAPHS)
def test_the_groups_are_the_strongly_connected_components_in_order(
    successors: dict[int, list[int]],
) -> None:
    """``ordered_components`` puts two nodes in one group exactly when networkx finds them in one
    strongly connected component, and every edge between groups goes to a later one."""
    place = ordered_components(successors)
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(successors)
    graph.add_nodes_from(other for following in successors.values() for other in following)
    graph.add_edges_from(
        (node, other) for node, following in successors.items() for other in following
    )
    expected = {frozenset(component) for component in nx.strongly_connected_components(graph)}
    groups: dict[int, set[int]] = {}
    for node, number in place.items():
        groups.setdefault(number, set()).add(node)
    assert {frozenset(group) for group in groups.values()} == expected
    for node, following in successors.items():
        for other in following:
            assert place[node] <= place[other]
