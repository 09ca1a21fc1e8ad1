"""The planner's lower bounds never exceed the optimum, and a budget nothing fits is proven.

The search is optimal only if its bounds are admissible. The optimality tests check the routes;
these check the bounds themselves, at the start of a route, against the exhaustive reference
(``itineraire.testing.exhaustive``): the set-cover bound (``planning/bound.py``) and the LM-cut
bound (``planning/relaxation.py``), with and without a placement still required.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, note, settings

from itineraire import builtin_catalogue, learner_from_data
from itineraire.planning import NoRouteError, Objective, Planner
from itineraire.planning.actions import module_actions
from itineraire.planning.planner import DEFAULT_WORK_LIMIT, root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.search import _Search, search
from itineraire.planning.stepping import Stepper
from itineraire.testing import PlanningCase, Reference, planning_cases
from tests.test_planner_limits import BAKER


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=planning_cases(max_modules=5))
def test_bounds_at_the_start_never_exceed_the_optimum(
    case: PlanningCase, objective: Objective
) -> None:
    """Both bounds from the positioning are at most the optimal value of the objective (and
    infinite only when no route exists)."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    best = Reference(catalogue, learner).best(objective)
    problem = PlanningProblem.build(
        catalogue, learner, objective, module_actions(catalogue, learner)
    )
    root = root_node(catalogue, learner)
    placement = learner.constraints.placement_required
    calendar = Stepper(problem).calendar
    experience = tuple(sorted(root.experience.items()))
    have = root.experience_planned
    cover = problem.bound.value(
        root.blocks, root.ranks, root.day, calendar, have, experience, placement
    )
    relaxed = problem.bound.relaxed(root.blocks, root.ranks, have, experience, placement)
    if best is None:
        return
    optimum = best.vector[0]
    assert cover <= optimum, f"set-cover bound {cover} above the optimum {optimum}"
    assert relaxed <= optimum, f"LM-cut bound {relaxed} above the optimum {optimum}"


@pytest.mark.parametrize("objective", list(Objective))
def test_a_budget_nothing_fits_is_proven_at_once(objective: Objective) -> None:
    """No route to the Bac pro (RNCP37231) fits 9,000 €: the search says so within a work
    limit of 20,000 (it used to exhaust its budget on the routes under the budget), whatever
    the objective."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "budget",
            "positioning": {"date": "2026-12-01"},
            "constraints": {"budget": 9000},
            "target": {"certification": "RNCP37231"},
        },
        catalogue,
    )
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue, work_limit=20_000).plan(learner, objective)
    [reason] = raised.value.reasons
    assert (reason.code, reason.budget) == (ReasonCode.OVER_BUDGET, 9000)
    assert str(reason).startswith("no route fits the budget of 9\u202f000\u00a0€")


_FLAT_DURATION_BOUND: dict[str, Any] = {
    "id": "someone",
    "positioning": {
        "date": "2026-01-05",
        "competences": [
            "agri.project",
            "digital.web_basics",
            "industry.first_level",
            {"competence": "lang.fle", "level": "A1"},
            {"competence": "lang.lb", "level": "A1"},
            {"competence": "pix.1.1", "level": "1"},
            {"competence": "pix.1.2", "level": "1"},
            {"competence": "pix.1.3", "level": "1"},
            {"competence": "pix.2.1", "level": "1"},
            {"competence": "pix.2.3", "level": "3"},
            {"competence": "pix.3.2", "level": "3"},
            {"competence": "pix.4.3", "level": "3"},
            {"competence": "pix.5.1", "level": "1"},
        ],
        "experience": [{"rome": "A1403", "hours": 700}, {"rome": "A1403", "hours": 700}],
    },
    "constraints": {"weekly_hours": 14},
    "target": {"blocks": ["ILLUSTR-TP-APH-B1", "ILLUSTR-CAP-BOUL-B1", "ILLUSTR-CAP-BOUL-B2"]},
}
"""Re-plan 405 of the benchmark's draw (``bench_stages.py --draw``): three blocks of two
certifications, where the duration bound at the start is already the optimum (705 days)."""


def test_where_the_duration_bound_is_flat_the_cost_orders_the_routes_by_lm_cut() -> None:
    """Every node A* takes out shares the first priority (705 days): the cost tie-break orders
    them. With LM-cut for it (the duration's own LM-cut being skipped, it raises nothing), A*
    proves the route within its share of the default limit after 18 expansions; with the cost's
    cheap cover alone it stopped after 323, unproven."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(_FLAT_DURATION_BOUND, catalogue)
    objective = Objective.DURATION
    problem = PlanningProblem.build(
        catalogue, learner, objective, module_actions(catalogue, learner)
    )
    result = search(problem, root_node(catalogue, learner), work_limit=DEFAULT_WORK_LIMIT // 4)
    assert result.proven
    assert result.bound == 705
    assert result.expanded <= 40
    route = Planner(catalogue).plan(learner, objective)
    assert route.proven_optimal
    totals = route.totals
    assert (totals.duration_days, totals.cost, totals.training_hours) == (705, 13552, 980)


@pytest.mark.parametrize("objective", [Objective.COST, Objective.HOURS])
def test_the_duration_as_a_tie_break_is_bounded_without_its_waits(objective: Objective) -> None:
    """A* orders routes of the same cost (or hours) by a lower bound of their duration: the
    open days of the steps left (131 days at the baker's start: their open days at 7/5 a day,
    less 2; 118.5 when each step counted its own fewest days), not the waits for their sessions
    (451 days), which cost more work than the order they give saves. As the first objective the
    duration keeps its waits."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(BAKER, catalogue)
    root = root_node(catalogue, learner)

    def first_priority(chosen: Objective) -> tuple[float, ...]:
        problem = PlanningProblem.build(
            catalogue, learner, chosen, module_actions(catalogue, learner)
        )
        found = _Search(problem, root, 1, DEFAULT_WORK_LIMIT, None).priority(root, (0, 0, 0))
        assert found is not None
        return found

    tie = first_priority(objective)[objective.order().index(Objective.DURATION)]
    assert tie == 131
    assert first_priority(Objective.DURATION)[0] >= 451


_VAE_AFTER_ITS_PLACEMENT: dict[str, Any] = {
    "id": "someone",
    "positioning": {
        "date": "2026-01-05",
        "competences": [
            {"competence": "pix.1.3", "level": "1"},
            {"competence": "pix.2.2", "level": "3"},
            {"competence": "pix.2.3", "level": "3"},
            {"competence": "pix.3.1", "level": "2"},
            {"competence": "pix.3.2", "level": "3"},
            {"competence": "pix.3.4", "level": "1"},
            {"competence": "pix.4.1", "level": "1"},
            {"competence": "pix.4.2", "level": "1"},
            {"competence": "pix.4.3", "level": "2"},
        ],
    },
    "constraints": {"weekly_hours": 14},
    "target": {"job": "D1210"},
}
"""Re-plan 394 of the benchmark's draw: a job (D1210) only the Conseiller de vente (RNCP37098)
leads to, no experience. Its VAE needs experience that only the contrat de
professionnalisation ``cp-conseiller-vente-bc02`` brings, a placement that also validates a
block (379 days by training, proven)."""


def test_the_duration_bound_counts_the_placement_a_vae_waits_for() -> None:
    """For the duration, a VAE's way is bounded by its weeks after the placement that brings
    its experience, the placement counted even when it validates a block too (the cover and
    the VAE are never added up for the duration, so nothing is counted twice). Counted free,
    as it is for cost and hours, the VAE's weeks alone (196 days) bounded every route, and A*
    went through 862 routes to prove the optimum; it now needs about a quarter of them."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(_VAE_AFTER_ITS_PLACEMENT, catalogue)
    objective = Objective.DURATION
    problem = PlanningProblem.build(
        catalogue, learner, objective, module_actions(catalogue, learner)
    )
    root = root_node(catalogue, learner)
    experience = tuple(sorted(root.experience.items()))
    have = root.experience_planned
    relaxed = problem.bound.relaxed(root.blocks, root.ranks, have, experience, False)
    weeks = catalogue.vae_policy
    vae_days = 7 * (weeks.admissibility_weeks + weeks.support_weeks + weeks.jury_weeks)
    assert vae_days < 300 < relaxed <= 379
    result = search(problem, root, work_limit=DEFAULT_WORK_LIMIT)
    assert result.proven
    assert result.bound == 379
    assert result.expanded <= 400
