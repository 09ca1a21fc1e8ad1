"""The planner's duration stage (choose the set with the fewest open days, then order it) against
the exhaustive reference: its bound is never above the shortest route, its route is sound and
never shorter, and a planner that A* leaves to it and to the depth-first search stays right."""

from __future__ import annotations

from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner, PlanningLimitError
from itineraire.planning.decomposition import applies, decompose
from itineraire.planning.reasons import ReasonCode
from itineraire.testing import (
    LibraryPlanner,
    PlanningCase,
    Reference,
    assert_optimal,
    assert_route_sound,
    planning_cases,
    route_vector,
)
from tests.test_planner_limits import VAE_PER_BLOCK
from tests.test_vae_under_way import _josiane

SMALL = planning_cases(max_modules=5)
SMALL_UNDER_WAY = planning_cases(max_modules=5, vae_under_way=True)
BUILTIN_CATALOGUE = builtin_catalogue()

patient = settings(deadline=None)


@patient
@given(case=st.one_of(SMALL, SMALL_UNDER_WAY))
def test_the_stage_bounds_the_shortest_route_from_below(case: PlanningCase) -> None:
    """Whatever the draw: the stage's bound is at most the shortest route's duration (the
    exhaustive reference's), and its route, when it gives one, is sound and no shorter."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    staged = decompose(catalogue, learner, node_limit=1_000, work_limit=100_000)
    best = Reference(catalogue, learner).best(Objective.DURATION)
    if staged is None:
        return
    if best is None:
        assert staged.route is None
        return
    shortest = best.vector[0]
    assert staged.bound <= shortest
    if staged.route is not None:
        assert_route_sound(catalogue, learner, staged.route)
        assert route_vector(staged.route, Objective.DURATION)[0] >= shortest
        assert not staged.route.proven_optimal
        assert staged.route.bound == staged.bound


@patient
@given(case=SMALL, limit=st.sampled_from([1, 30, 300]))
def test_a_planner_left_to_the_stage_is_still_right(case: PlanningCase, limit: int) -> None:
    """With a work limit so small that A* stops, every duration plan goes through the stage:
    a route marked optimal has the optimum's vector, an unproven one is no better and its bound
    no higher (the stage's bound included)."""
    note(case.reproduction())
    try:
        route = assert_optimal(
            LibraryPlanner(work_limit=limit), case.catalogue, case.learner, Objective.DURATION
        )
    except PlanningLimitError:
        return
    if route is not None:
        assert_route_sound(case.catalogue, case.learner, route)


def test_the_stage_is_for_duration_only() -> None:
    assert applies(Objective.DURATION)
    assert not applies(Objective.COST)
    assert not applies(Objective.HOURS)


_SEVEN_BLOCKS = {
    "id": "seven-blocks",
    "positioning": {"date": "2026-07-29"},
    "constraints": {"start": "2026-07-29", "weekly_hours": 35},
    "target": {
        "blocks": [
            "ILLUSTR-TP-APH-B1",
            "ILLUSTR-TP-APH-B2",
            "ILLUSTR-TP-ADR-B1",
            "ILLUSTR-TP-ADR-B2",
            "ILLUSTR-TP-ADR-B3",
            "ILLUSTR-CAP-BOUL-B1",
            "ILLUSTR-CAP-BOUL-B2",
        ]
    },
}


def test_a_stopped_duration_plan_is_no_longer_than_the_stage_s_route() -> None:
    """On a target of seven blocks, with a limit that stops A*, the planner's route is never
    longer than the stage's (with the planner's shares of the limit: a node per 1,000 units, a
    tenth for ordering), and its bound is at least the stage's. Without the stage the planner
    returned a route of 867 days."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(_SEVEN_BLOCKS, catalogue)
    limit = 200_000
    staged = decompose(catalogue, learner, node_limit=limit // 1_000, work_limit=limit // 10)
    assert staged is not None
    assert staged.route is not None
    route = Planner(catalogue, work_limit=limit).plan(learner, Objective.DURATION)
    assert route.totals.duration_days <= staged.route.totals.duration_days < 867
    if not route.proven_optimal:
        assert route.bound is not None
        assert route.bound >= staged.bound
    assert_route_sound(catalogue, learner, route)


_FIVE_BLOCKS_OF_FOUR_CERTIFICATIONS = {
    "id": "someone",
    "positioning": {
        "date": "2026-01-05",
        "competences": [
            "agri.project",
            "clea.1",
            "clea.2",
            "clea.3",
            {"competence": "lang.en", "level": "A1"},
            {"competence": "lang.fle", "level": "A1"},
            {"competence": "pix.1.1", "level": "3"},
            {"competence": "pix.2.1", "level": "1"},
            {"competence": "pix.2.4", "level": "2"},
            {"competence": "pix.3.2", "level": "2"},
            {"competence": "pix.3.3", "level": "3"},
            {"competence": "pix.4.2", "level": "2"},
            {"competence": "pix.4.3", "level": "3"},
            {"competence": "pix.5.1", "level": "1"},
            {"competence": "pix.5.2", "level": "3"},
            "work.codes",
        ],
    },
    "constraints": {"weekly_hours": 27},
    "target": {
        "blocks": [
            "RNCP31114BC01",
            "ILLUSTR-CAP-COS-B1",
            "ILLUSTR-CAP-BOUL-B1",
            "ILLUSTR-CAPA-MA-B1",
            "ILLUSTR-CAP-COS-B2",
        ]
    },
}
"""A random re-plan of the benchmark: five blocks of four certifications."""


def test_the_stage_orders_the_model_s_next_sets_while_its_share_lasts() -> None:
    """The planner stops on this plan, and the stage runs with its share (a tenth of the
    default limit). The set of the fewest open days on the person's track, ordered at its
    best, ends in 858 days; the model's next set, ordered with the rest of the stage's share,
    in 719 (its steps wait less for their sessions). The stage's route is that one, its bound
    the first set's (506 days)."""
    learner = learner_from_data(_FIVE_BLOCKS_OF_FOUR_CERTIFICATIONS, BUILTIN_CATALOGUE)
    staged = decompose(BUILTIN_CATALOGUE, learner, node_limit=1_000, work_limit=100_000)
    assert staged is not None
    assert staged.route is not None
    assert staged.bound == 506
    assert staged.route.totals.duration_days == 719
    assert_route_sound(BUILTIN_CATALOGUE, learner, staged.route)


def test_the_depth_first_search_goes_on_below_the_stage_s_route() -> None:
    """A* and the depth-first search stop on this plan. The ties stage sees every set that fits
    in A*'s bound (493 days), raises it to 514 with the sets of the fewest open days, and
    finds a route of 719 days (24,836 €) before its share ends; the decomposition's bound is
    506. The search kept an eighth of the limit back: it goes on below the best route known and
    finds one of 656 days (before the stage raised the bound, it started from 1,103 days and
    found 696; on its own it had reached 1,102). The route says it is unproven, its bound the
    stage's."""
    learner = learner_from_data(_FIVE_BLOCKS_OF_FOUR_CERTIFICATIONS, BUILTIN_CATALOGUE)
    route = Planner(BUILTIN_CATALOGUE).plan(learner, Objective.DURATION)
    assert not route.proven_optimal
    assert route.bound == 514
    totals = route.totals
    # 32,102 € and 2,795 h before the search cut the routes holding what a better one holds;
    # 31,766 € and 2,767 h before the steps that serve nothing were dropped (six: three
    # placements and three language modules, each serving only the next one).
    assert (totals.duration_days, totals.cost, totals.training_hours) == (656, 25466, 2072)
    assert all(reason.code is not ReasonCode.NO_USE for step in route.steps for reason in step.why)
    assert_route_sound(BUILTIN_CATALOGUE, learner, route)


def test_where_ordering_stops_the_stage_still_gives_a_route() -> None:
    """With no work to order the chosen set, the stage gives the order found step by step
    (each time the step the scheduler would try first): a sound route of the same set, never
    shorter than the scheduler's best order, with the same bound. Before, it gave no route."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(_SEVEN_BLOCKS, catalogue)
    ordered = decompose(catalogue, learner, node_limit=1_000, work_limit=1_000_000)
    stepped = decompose(catalogue, learner, node_limit=1_000, work_limit=1)
    assert ordered is not None
    assert ordered.route is not None
    assert stepped is not None
    assert stepped.route is not None
    assert stepped.bound == ordered.bound
    assert stepped.route.totals.duration_days >= ordered.route.totals.duration_days
    assert stepped.route.totals.cost == ordered.route.totals.cost
    assert_route_sound(catalogue, learner, stepped.route)


def test_the_stage_s_route_keeps_to_the_budget() -> None:
    """The model prices a VAE at one block: the set of the VAE alone fits a budget of 4,000 €
    in the model but costs 4,001 € once priced; the stage then gives its bound and no route
    (the planner then finds the free module and a VAE of block 2, 2,501 €)."""
    catalogue = catalogue_from_data(VAE_PER_BLOCK)
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 700}]},
            "constraints": {"weekly_hours": 14, "budget": 4000},
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )
    staged = decompose(catalogue, learner, node_limit=1_000, work_limit=100_000)
    assert staged is not None
    assert staged.route is None
    assert staged.bound == 0.0  # the VAE alone takes no day of the person's track


def test_the_stage_waits_for_a_vae_under_way() -> None:
    """A VAE under way grants its blocks on its jury's day (2027-03-21, 77 days from the start):
    the stage's bound counts it, and its route, avf-b3 beside the file, ends that day, as the
    planner's proven one does."""
    learner = learner_from_data(_josiane(), BUILTIN_CATALOGUE)
    staged = decompose(BUILTIN_CATALOGUE, learner, node_limit=1_000, work_limit=100_000)
    assert staged is not None
    assert staged.bound == 77
    assert staged.route is not None
    assert [step.action for step in staged.route.steps] == [
        "positioning",
        "vae:RNCP37715",
        "avf-b3",
    ]
    assert staged.route.totals.duration_days == 77
    assert_route_sound(BUILTIN_CATALOGUE, learner, staged.route)
