"""The depth-first branch and bound (``itineraire.planning.dive``): left to finish, its best
route is the optimum, ties included, with its cuts by what routes hold; A* skips such routes
too (``itineraire.planning.holdings``)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner
from itineraire.planning.actions import module_actions
from itineraire.planning.building import build_route
from itineraire.planning.dive import dive
from itineraire.planning.holdings import SameHoldings
from itineraire.planning.node import node_values
from itineraire.planning.planner import DEFAULT_WORK_LIMIT, root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.search import search
from itineraire.planning.stepping import Stepper
from itineraire.testing import PlanningCase, Reference, planning_cases
from itineraire.testing.exhaustive import route_vector
from tests.test_planner_limits import BAKER

_UNBOUNDED = 10**9


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(
    case=st.one_of(
        planning_cases(max_modules=6),
        planning_cases(max_modules=5, vae_under_way=True),
        planning_cases(max_modules=5, part_time=True),
    )
)
def test_a_finished_depth_first_search_finds_the_optimum(
    case: PlanningCase, objective: Objective
) -> None:
    """Left to finish, the search's best route has the exhaustive reference's values in the
    objective's order (days, cost, hours), and it finds none where none exists: neither the
    cuts by the bound, nor those of a route with the same actions, nor those of a route that
    holds the same (another module for a block, a transversal module taken at another time)
    lose the optimum."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    problem = PlanningProblem.build(
        catalogue, learner, objective, module_actions(catalogue, learner)
    )
    root = root_node(catalogue, learner)
    if Stepper(problem).is_goal(root):
        return  # nothing to search
    best = Reference(catalogue, learner).best(objective)
    found = dive(problem, root, _UNBOUNDED)
    assert found.finished
    if best is None:
        assert found.best is None
        return
    assert found.best is not None
    route = build_route(problem, root, found.best, True, 0.0)
    assert route_vector(route, objective) == best.vector


def test_a_route_holding_the_same_as_a_better_one_is_cut() -> None:
    """The baker's re-plan: of the routes the search makes, those holding what a route made
    before holds, free no sooner, no cheaper and no shorter in hours, are cut; the search
    still finds the optimum (458 days), with less work than when they are kept."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(BAKER, catalogue)
    root = root_node(catalogue, learner)
    objective = Objective.DURATION

    def problem() -> PlanningProblem:
        return PlanningProblem.build(
            catalogue, learner, objective, module_actions(catalogue, learner)
        )

    found = dive(problem(), root, _UNBOUNDED)
    assert found.finished
    assert found.best is not None
    route = build_route(problem(), root, found.best, True, 0.0)
    assert route.totals.duration_days == 458
    assert found.work < _WORK_WITHOUT_HOLDINGS


_WORK_WITHOUT_HOLDINGS = 587_091
"""The work of the same search without the cuts by what routes hold (measured)."""


def test_what_makes_a_route_as_good_as_another_holding_the_same() -> None:
    """Free no later, no dearer, no longer in hours, and no step taken that the other could
    still gain by: the one that took a placement bringing experience cannot take it again,
    the other can and would gain its hours (checked on the rule itself)."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(BAKER, catalogue)
    problem = PlanningProblem.build(
        catalogue, learner, Objective.DURATION, module_actions(catalogue, learner)
    )
    stepper = Stepper(problem)
    placement = next(a for a in stepper.actions if a.experience is not None)
    module = next(a for a in stepper.actions if a.experience is None)
    root = root_node(catalogue, learner)
    other = attrs.evolve(root, day=root.day + 1)
    holding = SameHoldings(stepper.modules)
    # Free sooner, holding the same, with a module only it took: as good.
    with_module = attrs.evolve(root, taken=root.taken | {module.id})
    assert holding._as_good(with_module, other)
    # The same with a placement that brings experience: not as good.
    with_placement = attrs.evolve(root, taken=root.taken | {placement.id})
    assert not holding._as_good(with_placement, other)
    # Free later, or dearer, or longer in hours: not as good.
    for worse in (
        attrs.evolve(with_module, day=other.day + 1),
        attrs.evolve(with_module, cost=other.cost + 1),
        attrs.evolve(with_module, hours=other.hours + 1),
    ):
        assert not holding._as_good(worse, other)


_A_TRANSPORT_RE_PLAN: dict[str, Any] = {
    "id": "someone",
    "positioning": {
        "date": "2026-01-05",
        "competences": [
            "building.first_level",
            "clea.1",
            "clea.2",
            "clea.3",
            "clea.4",
            "clea.5",
            "clea.numerique",
            "digital.web_basics",
            "industry.first_level",
            {"competence": "lang.de", "level": "A1"},
            {"competence": "lang.en", "level": "B1"},
            {"competence": "lang.lb", "level": "A1"},
            "mobility.licence",
            {"competence": "pix.1.3", "level": "1"},
            {"competence": "pix.3.2", "level": "3"},
            {"competence": "pix.4.2", "level": "3"},
            {"competence": "pix.5.1", "level": "2"},
        ],
    },
    "constraints": {"weekly_hours": 14},
    "target": {"certification": "ILLUSTR-TP-ADR"},
}
"""Re-plan 811 of the benchmark's draw (``bench_stages.py --draw``), the duration objective."""


def test_a_star_skips_the_routes_holding_what_a_better_one_taken_out_holds() -> None:
    """A* takes out of its queue a route holding the same as one taken out before, free no
    sooner, no cheaper, no shorter in hours: it skips it. Within its share of the default
    limit it then proves this plan (726 days) in 260 expansions; without the rule it stopped
    after 269, unproven, and the depth-first search proved it."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(_A_TRANSPORT_RE_PLAN, catalogue)
    objective = Objective.DURATION
    problem = PlanningProblem.build(
        catalogue, learner, objective, module_actions(catalogue, learner)
    )
    root = root_node(catalogue, learner)
    found = search(problem, root, work_limit=DEFAULT_WORK_LIMIT // 4)
    assert found.proven
    assert [node_values(goal, objective.order(), root.day) for goal in found.goals] == [
        (726, 9170, 665)
    ]


def _after_planned_employment(
    modules: list[dict[str, Any]], *, vae: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A certification of one block whose goal, or whose VAE, needs experience that planned
    employment (February to March 2026, 600 h) brings, and ``modules`` for the block: a route
    free before that employment ends holds less experience on its own day than one free after
    it (the review of the rule's first version)."""
    certification: dict[str, Any] = {
        "code": "RNCP9001",
        "registry": "rncp",
        "title": "Certification 1",
        "level": 4,
        "access_routes": ["continuing_training", "vae"] if vae else ["continuing_training"],
        "rome": ["K1304"],
        "blocks": [{"code": "RNCP9001BC01", "title": "Block 1"}],
    }
    catalogue: dict[str, Any] = {"name": "t", "competences": [], "equivalences": []}
    if vae:
        certification["blocks"].append(
            {"code": "RNCP9001BC02", "title": "Block 2", "experience_rome": ["K1304"]}
        )
        certification["vae_eligibility"] = {"experience_hours": 1000, "rome": ["K1304"]}
        catalogue["vae"] = {
            "min_related_hours": 800,
            "block_coverage_hours": 600,
            "admissibility_weeks": 1,
            "support_weeks": 3,
            "support_hours": 20,
            "jury_weeks": 1,
            "support_cost": 600,
            "jury_cost": 300,
            "block_cost": 300,
        }
    else:
        certification["validation"] = {
            "all": ["block:RNCP9001BC01", {"experience_hours": 500, "rome": ["K1304"]}]
        }
    catalogue["certifications"] = [certification]
    catalogue["modules"] = [
        {
            "title": module["id"],
            "hours": 35,
            "cost": 1000,
            "kind": "professional",
            "block": "RNCP9001BC01",
            "validates": ["RNCP9001BC01"],
            **module,
        }
        for module in modules
    ]
    learner = {
        "id": "someone",
        "positioning": {"date": "2026-01-05"},
        "constraints": {
            "start": "2026-01-05",
            "weekly_hours": 35,
            "vae_allowed": vae,
            "employment_allowed": vae,
            "unavailable": [
                {"start": "2026-02-02", "end": "2026-03-27", "rome": "K1304", "hours": 600}
            ],
        },
        "target": {"certification": "RNCP9001"},
    }
    return catalogue, learner


def test_a_route_over_before_planned_employment_ends_reaches_the_goal_with_it() -> None:
    """The goal needs 500 h that planned employment brings at the end of March. Module ``m-a``
    can start at once and is over in January: the person then reaches the goal when that
    employment is over, with no step more, before ``m-b`` (a session in May) or ``m-c`` (June)
    could end. The first version of the holdings rule let a route over in January cut the one
    of ``m-b``, when only ``m-b`` reached the goal (nothing waited for the employment then)."""
    catalogue_data, learner_data = _after_planned_employment(
        [
            {"id": "m-a"},
            {"id": "m-b", "sessions": ["2026-05-04"]},
            {"id": "m-c", "hours": 30, "cost": 1500, "sessions": ["2026-06-01"]},
        ],
        vae=False,
    )
    catalogue = catalogue_from_data(catalogue_data, strict=False)
    learner = learner_from_data(learner_data, catalogue)
    for objective in (Objective.DURATION, Objective.COST):
        route = Planner(catalogue, work_limit=_UNBOUNDED).plan(learner, objective)
        assert route.proven_optimal
        best = Reference(catalogue, learner).best(objective)
        assert best is not None
        assert route_vector(route, objective) == best.vector
        assert [step.action for step in route.steps] == ["positioning", "m-a", "planned"]
        assert str(route.totals.finish) == "2026-03-27"


def test_periods_of_employment_offered_after_planned_employment_are_not_lost() -> None:
    """Employment as steps allowed, a VAE that needs 1,000 h: the 400 h lacking once the
    planned 600 h are over (the end of March) are offered from the start, and cannot run
    before the planned job: the shortest route works them from 30 March and takes the VAE,
    206 days, as the exhaustive reference offered the same periods finds. The first version of
    the dominance rule let ``m-a``'s route (January) cut ``m-b``'s (a session on 30 March) and
    proved a route of 247 days; while only the hours lacking on a route's free day were offered,
    the 400 h came only after ``m-b`` (213 days, 2,200 EUR)."""
    catalogue_data, learner_data = _after_planned_employment(
        [{"id": "m-a"}, {"id": "m-b", "sessions": ["2026-03-30"]}], vae=True
    )
    catalogue = catalogue_from_data(catalogue_data, strict=False)
    learner = learner_from_data(learner_data, catalogue)
    route = Planner(catalogue, work_limit=_UNBOUNDED).plan(learner, Objective.DURATION)
    assert route.proven_optimal
    totals = route.totals
    assert (totals.duration_days, totals.cost, totals.training_hours) == (206, 1500, 20)
    assert route.sequence() == ("employment:K1304:400", "vae:RNCP9001@2026-06-25")
    best = Reference(catalogue, learner, target_work=True).best(Objective.DURATION)
    assert best is not None
    assert best.vector == route_vector(route, Objective.DURATION)
