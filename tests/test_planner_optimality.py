"""The route planner against an exhaustive reference, and the soundness of every route it plans.

The testing kit's exhaustive search (``itineraire.testing.exhaustive``) enumerates every sequence
of actions on small random catalogues (``planning_cases``) following ``docs/planner.md``; the
planner must find the same best objective vector, or, like the reference, no route at all. Every
route the planner returns is also checked with the kit's invariants (sound, deterministic,
monotone) and replayed by ``simulate``.

The unmarked tests draw catalogues of at most five modules; the ``slow`` ones up to seven modules
and more examples.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from itineraire import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import (
    NoRouteError,
    Objective,
    Planner,
    PlanningLimitError,
    Reason,
    ReasonCode,
    Route,
    StepKind,
)
from itineraire.planning.simulation import SequenceError, simulate
from itineraire.testing import (
    LibraryPlanner,
    PlanningCase,
    Reference,
    assert_deterministic,
    assert_monotone,
    assert_optimal,
    assert_route_sound,
    describe_route,
    planning_cases,
    route_vector,
)
from itineraire.testing.exhaustive import Vector
from itineraire.testing.strategies import gain_options

Case = tuple[dict[str, Any], dict[str, Any]]

SMALL = planning_cases(max_modules=5)
LARGER = planning_cases(max_modules=7)

# The reference can take a few tens of milliseconds on the largest draws: no per-example deadline.
patient = settings(deadline=None)
thorough = settings(deadline=None, max_examples=4 * settings().max_examples)

PLANNER = LibraryPlanner()


def _load(case: Case) -> tuple[Catalogue, Learner]:
    catalogue_data, learner_data = case
    # Not strict: a catalogue where some block can never be validated is still a planning input.
    catalogue = catalogue_from_data(catalogue_data, strict=False)
    return catalogue, learner_from_data(learner_data, catalogue)


def _inputs(case: PlanningCase) -> tuple[Catalogue, Learner]:
    """The drawn case, shown with a failing example as JSON to reproduce it."""
    note(case.reproduction())
    return case.catalogue, case.learner


def _plan(planner: Planner, learner: Learner, objective: Objective) -> Route | None:
    try:
        return planner.plan(learner, objective)
    except NoRouteError:
        return None


def _schedule(route: Route) -> list[tuple[str, dt.date, dt.date]]:
    """Each action of the route with its first and last day (a VAE's three steps as one, its
    phases being apart when training runs beside them), in the order of their first days."""
    schedule: dict[str, tuple[str, dt.date, dt.date]] = {}
    for step in route.steps:
        if step.kind is StepKind.POSITIONING or step.action == "planned":
            continue
        first = schedule[step.action][1] if step.action in schedule else step.start
        schedule[step.action] = (step.action, first, step.end)
    return list(schedule.values())


# -- optimality ------------------------------------------------------------------------------


def check_optimal(catalogue: Catalogue, learner: Learner, objective: Objective) -> None:
    """The kit's optimality invariant, and the route proven optimal (these cases are small)."""
    route = assert_optimal(PLANNER, catalogue, learner, objective)
    if route is not None:
        assert route.proven_optimal


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL)
def test_planner_is_optimal(case: PlanningCase, objective: Objective) -> None:
    """The planner's route has the best objective vector of all sequences of actions (primary
    objective, then duration, cost, hours), or no sequence reaches the target and neither does
    the planner."""
    check_optimal(*_inputs(case), objective)


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=planning_cases(max_modules=4, experience_prerequisites=True))
def test_planner_is_optimal_where_prerequisites_ask_for_experience(
    case: PlanningCase, objective: Objective
) -> None:
    """The same where module prerequisites ask for hours of experience in a job, which
    placements bring (four modules: the reference then tries every order, a delay may
    matter)."""
    check_optimal(*_inputs(case), objective)


@pytest.mark.slow
@pytest.mark.parametrize("objective", list(Objective))
@thorough
@given(case=LARGER)
def test_planner_is_optimal_larger(case: PlanningCase, objective: Objective) -> None:
    """The same on catalogues of up to seven modules, with more examples."""
    check_optimal(*_inputs(case), objective)


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL, limit=st.sampled_from([1, 30, 300, 3_000, 30_000]))
def test_a_planner_stopped_early_is_still_right(
    case: PlanningCase, limit: int, objective: Objective
) -> None:
    """With a small work limit, A* stops and the mixed-integer model and the depth-first search
    take over: a route marked optimal has the optimum's vector, an unproven one is no better
    than the optimum and its bound no higher, and no route means none exists. Stopping without
    any route is allowed (PlanningLimitError), but never claimed as "no route"."""
    catalogue, learner = _inputs(case)
    try:
        route = assert_optimal(LibraryPlanner(work_limit=limit), catalogue, learner, objective)
    except PlanningLimitError:
        return
    if route is not None:
        assert_route_sound(catalogue, learner, route)


def _working(learner: Learner) -> Learner:
    """``learner`` allowing periods of employment as steps."""
    constraints = attrs.evolve(learner.constraints, employment_allowed=True)
    return attrs.evolve(learner, constraints=constraints)


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(
    case=st.one_of(SMALL, planning_cases(experience_prerequisites=True)),
    limit=st.sampled_from([1, 30, 300, 3_000, 30_000]),
)
def test_a_planner_stopped_early_is_still_right_where_the_person_may_work(
    case: PlanningCase, limit: int, objective: Objective
) -> None:
    """The same, the person allowing periods of employment as steps (module prerequisites
    asking for hours in a job half the time), against the planner with the default limit where
    it proves its route (the exhaustive reference enumerates only some of the periods, see
    ``test_no_route_working_for_the_target_beats_the_planner``): the mixed-integer model counts
    a rule that asks for hours in named jobs as met, and its stages order its sets with the
    periods they lack. A route marked optimal has the optimum's vector, an unproven one is no
    better and its bound no higher, and "no route" is proven only where there is none."""
    catalogue, learner = _inputs(case)
    learner = _working(learner)
    try:
        best = Planner(catalogue).plan(learner, objective)
    except NoRouteError:
        with pytest.raises((NoRouteError, PlanningLimitError)):
            Planner(catalogue, work_limit=limit).plan(learner, objective)
        return
    assume(best.proven_optimal)
    stopped = _route_or_stop(Planner(catalogue, work_limit=limit), learner, objective)
    _check_stopped(catalogue, learner, objective, stopped, route_vector(best, objective))


def _check_target_work(case: PlanningCase, objective: Objective) -> None:
    """The person allowing periods of employment as steps: the exhaustive reference offered the
    periods the target itself asks for finds no route better than the planner's, which is
    proven; where it finds one, so does the planner."""
    catalogue, learner = _inputs(case)
    learner = _working(learner)
    reference = Reference(catalogue, learner, target_work=True).best(objective)
    route = _plan(Planner(catalogue, work_limit=10**9), learner, objective)
    if reference is None:
        # The planner may still find one (it offers more periods): a sound one, proven.
        if route is not None:
            assert route.proven_optimal
            assert_route_sound(catalogue, learner, route)
        return
    assert route is not None, f"the reference found {reference.sequence()}"
    assert route.proven_optimal
    assert route_vector(route, objective) <= reference.vector, (
        f"the reference found {reference.sequence()}: {reference.vector}"
    )


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=st.one_of(SMALL, planning_cases(part_time=True), planning_cases(vae_under_way=True)))
def test_no_route_working_for_the_target_beats_the_planner(
    case: PlanningCase, objective: Objective
) -> None:
    """The exhaustive reference, offered the periods of employment the target itself asks for
    (its rule's hours, the eligibility of a VAE on a block it names and its coverage of each
    missing block, the requirement of a module that validates such a block), finds no route
    better than the planner's. The planner offers those periods and more (for the
    prerequisites of the other modules still useful), so its optimum may be better, never
    worse: an independent search over the periods, which the test of a planner stopped early
    does not give (it compares two limits of the planner)."""
    _check_target_work(case, objective)


@pytest.mark.parametrize("objective", list(Objective))
@patient
# The reference does not skip the steps that give nothing new where a prerequisite asks for
# experience (a delay may matter): four modules keep it to tens of milliseconds.
@given(case=planning_cases(max_modules=4, experience_prerequisites=True))
def test_no_route_working_for_a_prerequisite_beats_the_planner(
    case: PlanningCase, objective: Objective
) -> None:
    """The same where module prerequisites ask for hours of experience in a job (it fails when
    the planner offers no period for a module's prerequisite)."""
    _check_target_work(case, objective)


# -- soundness -------------------------------------------------------------------------------


def check_sound(catalogue: Catalogue, learner: Learner, route: Route, objective: Objective) -> None:
    """The kit's soundness invariant, and what the library's own routes also have: proven
    optimal (no bound), and ``simulate`` follows the same sequence to the same route (a VAE on
    its day: a VAE may wait for planned employment to cover more blocks)."""
    assert_route_sound(catalogue, learner, route)
    assert route.proven_optimal
    assert route.bound is None
    again = simulate(catalogue, learner, route.sequence(), objective)
    assert again.totals == route.totals, describe_route(again)
    assert _schedule(again) == _schedule(route), describe_route(again)


def check_routes(catalogue: Catalogue, learner: Learner, objective: Objective) -> None:
    planner = Planner(catalogue)
    route = _plan(planner, learner, objective)
    if route is None:
        return
    check_sound(catalogue, learner, route, objective)
    # Same input, same route: twice on one planner, on new ones, and on copies of the inputs.
    assert planner.plan(learner, objective) == route
    assert assert_deterministic(PLANNER, catalogue, learner, objective) == route


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(
    case=st.one_of(SMALL, planning_cases(part_time=True), planning_cases(vae_under_way=True)),
    limit=st.sampled_from([50, 400, 1_000_000]),
)
def test_a_budget_refusal_names_the_cheapest_cost(
    case: PlanningCase, limit: int, objective: Objective
) -> None:
    """A person whose budget is a euro below the cheapest route's cost, refused for the
    budget, is told that cost: the exhaustive reference's cheapest (whichever engine proved
    it: A* on the cost alone, the mixed-integer model), or no cost when the work limit stopped
    them all; with the default limit, these small cases are always proven. (A refusal that
    gives other reasons, a target the budget leaves no way to, is not this test's.)"""
    catalogue, learner = _inputs(case)
    free = attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, budget=None))
    cheapest = Reference(catalogue, free).best(Objective.COST)
    assume(cheapest is not None and cheapest.vector[0] > 0)
    assert cheapest is not None
    budget = cheapest.vector[0] - 1
    poorer = attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, budget=budget))
    try:
        route = Planner(catalogue, work_limit=limit).plan(poorer, objective)
    except PlanningLimitError:
        assert limit < 1_000_000
        return
    except NoRouteError as error:
        reasons = error.reasons
    else:
        pytest.fail(f"a route over the budget: {describe_route(route)}")
    assume(any(reason.code is ReasonCode.OVER_BUDGET for reason in reasons))
    proven = Reason(code=ReasonCode.OVER_BUDGET, budget=budget, cost=cheapest.vector[0])
    unproven = Reason(code=ReasonCode.OVER_BUDGET, budget=budget, cost=None)
    assert reasons == (proven,) or (limit < 1_000_000 and reasons == (unproven,)), reasons


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL)
def test_planned_routes_are_sound(case: PlanningCase, objective: Objective) -> None:
    """Every planned route opens with the positioning, keeps its dates in order without overlap,
    adds up its totals, validates no block twice, can be followed step by step to the target
    (by the reference and by ``simulate``), and is the same when planned again."""
    check_routes(*_inputs(case), objective)


@pytest.mark.slow
@pytest.mark.parametrize("objective", list(Objective))
@thorough
@given(case=LARGER)
def test_planned_routes_are_sound_larger(case: PlanningCase, objective: Objective) -> None:
    """The same on catalogues of up to seven modules, with more examples."""
    check_routes(*_inputs(case), objective)


# -- monotonicity ----------------------------------------------------------------------------


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL, data=st.data())
def test_holding_more_never_makes_the_route_worse(
    case: PlanningCase, objective: Objective, data: st.DataObject
) -> None:
    """With one more block, competence level or some experience, the best route is no worse
    (and there still is one); :func:`assert_monotone` says where the rule does not hold."""
    catalogue, learner = _inputs(case)
    for kind, gains in gain_options(catalogue, learner).items():
        gain = data.draw(gains, label=f"{kind} gained")
        assert_monotone(PLANNER, catalogue, learner, gain, objective)


# -- alternatives ----------------------------------------------------------------------------


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL)
def test_alternatives(case: PlanningCase, objective: Objective) -> None:
    """The first alternative is the planned route; each has its own mix of modalities; each is
    sound; they come best first."""
    catalogue, learner = _inputs(case)
    planner = Planner(catalogue)
    route = _plan(planner, learner, objective)
    if route is None:
        with pytest.raises(NoRouteError):
            planner.alternatives(learner, 3, objective)
        return
    routes = planner.alternatives(learner, 3, objective)
    assert routes[0] == route
    assert len({r.modalities for r in routes}) == len(routes)
    vectors = [route_vector(r, objective) for r in routes]
    assert vectors == sorted(vectors), [describe_route(r) for r in routes]
    for alternative in routes:
        check_sound(catalogue, learner, alternative, objective)


# -- cases found by the tests above, kept as examples ----------------------------------------


def _certification(
    rome: list[str], blocks: list[dict[str, Any]], *, routes: list[str] | None = None, **fields: Any
) -> dict[str, Any]:
    """A level 4 RNCP certification of the cases, RNCP9001 titled "Certification" unless
    ``fields`` say otherwise; ``routes``: its access routes, when stated."""
    certification: dict[str, Any] = {
        "code": "RNCP9001",
        "registry": "rncp",
        "title": "Certification",
        "level": 4,
        "rome": rome,
        "blocks": blocks,
    }
    if routes is not None:
        certification["access_routes"] = routes
    return {**certification, **fields}


def _block(number: int, *jobs: str, certification: str = "RNCP9001") -> dict[str, Any]:
    """Block ``number`` of ``certification``, related to ``jobs`` (its experience) if any."""
    block: dict[str, Any] = {"code": f"{certification}BC0{number}", "title": f"Block {number}"}
    if jobs:
        block["experience_rome"] = list(jobs)
    return block


_VAE_BLOCKS = [_block(1), _block(2)]

VAE_ELIGIBLE_BY_A_BLOCK: Case = (
    {
        "name": "eligible-by-a-block",
        "certifications": [
            _certification(
                ["M1805"],
                _VAE_BLOCKS,
                routes=["vae"],
                # No way to get 1,607 h in K1304, but the block makes the person eligible.
                vae_eligibility={
                    "any": [{"experience_hours": 1607, "rome": ["K1304"]}, "block:RNCP9001BC01"]
                },
            )
        ],
        "modules": [
            {
                "kind": "professional",
                "id": "m1",
                "title": "Block 1 module",
                "block": "RNCP9001BC01",
                "validates": ["RNCP9001BC01"],
                "hours": 35,
                "cost": 100,
            },
            {
                "kind": "professional",
                "id": "m2",
                "title": "Block 2 module",
                "block": "RNCP9001BC02",
                "validates": ["RNCP9001BC02"],
                "hours": 35,
                "cost": 5000,
            },
        ],
    },
    {
        "id": "eligible-by-a-block",
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 1000}]},
        "target": {"certification": "RNCP9001"},
    },
)
"""Best by cost or hours: m1, then VAE for block 2 (2,200 €, 59 h), not m1 and m2."""

_WAITING_CATALOGUE: dict[str, Any] = {
    "name": "vae-waits",
    "certifications": [_certification(["M1805"], [_block(1, "K1304"), _block(2)], routes=["vae"])],
    "modules": [
        {
            "kind": "professional",
            "id": "m1",
            "title": "Block 1 module",
            "block": "RNCP9001BC01",
            "validates": ["RNCP9001BC01"],
            "hours": 35,
            "cost": 1000,
        }
    ],
}
_WAITING_LEARNER: dict[str, Any] = {
    "id": "vae-waits",
    "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 1000}]},
    "constraints": {
        "unavailable": [{"start": "2026-02-01", "end": "2026-04-30", "rome": "K1304", "hours": 700}]
    },
    "target": {"certification": "RNCP9001"},
}
VAE_WAITS_FOR_PLANNED_WORK: Case = (_WAITING_CATALOGUE, _WAITING_LEARNER)
"""Best by cost or hours: one VAE from 2026-05-01, once the planned work in K1304 covers block 1
(2,100 €, 24 h); a VAE now covers block 2 only."""

VAE_ONLY_AFTER_PLANNED_WORK: Case = (
    _WAITING_CATALOGUE,
    {
        **_WAITING_LEARNER,
        "constraints": {**_WAITING_LEARNER["constraints"], "excluded_modules": ["m1"]},
    },
)
"""The same without the module: the VAE from 2026-05-01 is the only route."""

EXPERIENCE_PREREQUISITE_AFTER_PLANNED_WORK: Case = (
    {
        "name": "experience-prerequisite",
        "certifications": [_certification(["M1805"], [_block(1)])],
        "modules": [
            {
                "kind": "professional",
                "id": "m1",
                "title": "Block 1 module",
                "block": "RNCP9001BC01",
                "validates": ["RNCP9001BC01"],
                "requires": {"experience_hours": 500, "rome": ["K1304"]},
                "hours": 35,
                "cost": 1000,
            }
        ],
    },
    {
        "id": "experience-prerequisite",
        "positioning": {"date": "2026-01-05"},
        "constraints": {
            "unavailable": [
                {"start": "2026-01-10", "end": "2026-02-28", "rome": "K1304", "hours": 700}
            ]
        },
        "target": {"certification": "RNCP9001"},
    },
)
"""m1 cannot run before the planned work (it would overlap it) and starts on 2026-03-02 (the
first training day after it), when the 700 h of K1304 are done. The specification does not say
on which day a module's prerequisites are checked: the reference checks them on the day the
module starts, the planner on the day the
previous step ends (and finds no route)."""

REQUIRED_PLACEMENT_AFTER_VAE: Case = (
    {
        "name": "required-placement",
        "certifications": [_certification(["M1805"], _VAE_BLOCKS, routes=["vae"])],
        "modules": [
            {
                "kind": "placement",
                "id": "p1",
                "title": "Placement validating block 1",
                "placement_type": "afest",
                "rome": "M1805",
                "validates": ["RNCP9001BC01"],
                "hours": 1,
                "cost": 1,
            }
        ],
    },
    {
        "id": "required-placement",
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 700}]},
        "constraints": {"placement_required": True},
        "target": {"certification": "RNCP9001"},
    },
)
"""The VAE covers both blocks, then the required placement validates nothing new: the route's
mix is VAE and placement, not VAE and company."""


def _module(identifier: str, **fields: Any) -> dict[str, Any]:
    return {"id": identifier, "title": identifier, "hours": 1, "cost": 0, **fields}


VAE_ELIGIBLE_BY_EVERY_BLOCK: Case = (
    {
        "name": "eligible-by-every-block",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": [
            _certification(
                ["K1304"], [_block(1, "M1805"), _block(2)], routes=["continuing_training", "vae"]
            )
        ],
        "modules": [
            _module("t-c1", kind="transversal", domain="basic_skills", teaches=["c1"]),
            _module("m1", kind="professional", block="RNCP9001BC01", validates=["RNCP9001BC01"]),
            _module(
                "m2",
                kind="professional",
                block="RNCP9001BC02",
                validates=["RNCP9001BC02"],
                requires="c1",
            ),
        ],
        "vae": {
            "min_related_hours": 800,
            "block_coverage_hours": 600,
            "admissibility_weeks": 1,
            "support_weeks": 1,
            "support_hours": 1,
            "jury_weeks": 1,
            "support_cost": 0,
            "jury_cost": 0,
        },
    },
    {
        "id": "eligible",
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 300}]},
        "constraints": {
            "start": "2026-01-05",
            "unavailable": [
                {"start": "2026-01-05", "end": "2026-01-05", "rome": "K1304", "hours": 700}
            ],
        },
        "target": {"certification": "RNCP9001"},
    },
)
"""VAE covers only block 2 (700 h in K1304), but eligibility counts the 300 h in M1805 related
to block 1 as well (800 h in all): m1 then VAE, 2 hours. The bound once judged eligibility with
the coverable blocks' jobs only and saw no VAE."""

GOAL_AFTER_PLANNED_WORK: Case = (
    {
        "name": "goal-after-planned-work",
        "certifications": [
            _certification(
                ["K1304"],
                _VAE_BLOCKS,
                validation={
                    "all": [
                        "block:RNCP9001BC01",
                        "block:RNCP9001BC02",
                        {"experience_hours": 500, "rome": ["K1304"]},
                    ]
                },
            )
        ],
        "modules": [
            _module(
                "m-x",
                kind="professional",
                block="RNCP9001BC01",
                validates=["RNCP9001BC01"],
                hours=70,
                cost=1000,
            ),
            _module(
                "m-y",
                kind="professional",
                block="RNCP9001BC02",
                validates=["RNCP9001BC02"],
                hours=35,
                cost=1000,
                sessions=["2026-01-06", "2026-04-06"],
            ),
        ],
    },
    {
        "id": "goal-after-planned-work",
        "positioning": {"date": "2026-01-05"},
        "constraints": {
            "start": "2026-01-05",
            "unavailable": [
                {"start": "2026-02-23", "end": "2026-03-27", "rome": "K1304", "hours": 600}
            ],
        },
        "target": {"certification": "RNCP9001"},
    },
)
"""The target needs 500 h in K1304, which the planned work brings once over (27 March). m-y
(its January session) then m-x hold both blocks on 26 January; the person is at work from 23
February and reaches the target when that work is over, without a step more. The planner once
kept that order as "the same actions, free sooner" and, since nothing waited for the work, found
no route; the reference took m-x then m-y (its April session), 17 days longer."""

VAE_JURY_AFTER_PLANNED_WORK: Case = (
    {
        "name": "vae-jury-after-planned-work",
        "certifications": [
            _certification(
                ["K1304"],
                [_block(1, "K1304")],
                routes=["vae"],
                validation={
                    "all": ["block:RNCP9001BC01", {"experience_hours": 500, "rome": ["M1805"]}]
                },
            )
        ],
        "modules": [],
        "vae": {
            "min_related_hours": 800,
            "block_coverage_hours": 600,
            "admissibility_weeks": 1,
            "support_weeks": 3,
            "support_hours": 20,
            "jury_weeks": 1,
            "support_cost": 600,
            "jury_cost": 300,
            "block_cost": 300,
        },
    },
    {
        "id": "vae-jury-after-planned-work",
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "K1304", "hours": 1000}]},
        "constraints": {
            "start": "2026-01-05",
            "unavailable": [
                {"start": "2026-01-12", "end": "2026-01-23", "rome": "M1805", "hours": 500}
            ],
        },
        "target": {"certification": "RNCP9001"},
    },
)
"""The VAE from the start, its jury in the week of 2 February, after the planned work (500 h
in M1805, over on 23 January): the target is met on the route's finish, the jury's. The
planner once checked the experience on the day the person's track is free (the start) and
found no route."""


def _awaiting_work(modules: list[dict[str, Any]]) -> Case:
    """A certification of one block, which the person holds, and 500 h in K1304 that the
    planned work (600 h, 23 February to 27 March 2026) brings once over; ``modules`` besides."""
    catalogue = {
        "name": "awaiting-work",
        "certifications": [
            _certification(
                ["K1304"],
                [_block(1)],
                validation={
                    "all": ["block:RNCP9001BC01", {"experience_hours": 500, "rome": ["K1304"]}]
                },
            )
        ],
        "modules": modules,
    }
    learner = {
        "id": "awaiting-work",
        "positioning": {
            "date": "2026-01-05",
            "blocks": [{"block": "RNCP9001BC01", "date": "2025-06-30"}],
        },
        "constraints": {
            "start": "2026-01-05",
            "unavailable": [
                {"start": "2026-02-23", "end": "2026-03-27", "rome": "K1304", "hours": 600}
            ],
        },
        "target": {"certification": "RNCP9001"},
    }
    return catalogue, learner


ONLY_PLANNED_WORK_LEFT = _awaiting_work([])
"""Nothing to take: the person reaches the target when the planned work is over."""

PLACEMENT_BEFORE_PLANNED_WORK = _awaiting_work(
    [
        _module(
            "p1",
            kind="placement",
            placement_type="pmsmp",
            rome="K1304",
            hours=140,
            experience_hours=500,
        )
    ]
)
"""A free placement brings the 500 h before the planned work is over: the route that waits
for that work is still extended, and the placement reaches the target sooner."""

DEARER_PLACEMENT_BEFORE_PLANNED_WORK = _awaiting_work(
    [
        _module(
            "p1",
            kind="placement",
            placement_type="pmsmp",
            rome="K1304",
            hours=500,
            cost=300,
        )
    ]
)
"""A placement that brings the 500 h sooner, for 300 €: for cost and hours, waiting for the
planned work (nothing to do) is best."""

KNOWN_CASES = [
    pytest.param(VAE_ELIGIBLE_BY_EVERY_BLOCK, id="vae-eligible-by-every-block"),
    pytest.param(VAE_ELIGIBLE_BY_A_BLOCK, id="vae-eligible-by-a-block"),
    pytest.param(VAE_WAITS_FOR_PLANNED_WORK, id="vae-waits-for-planned-work"),
    pytest.param(VAE_ONLY_AFTER_PLANNED_WORK, id="vae-only-after-planned-work"),
    pytest.param(REQUIRED_PLACEMENT_AFTER_VAE, id="required-placement-after-vae"),
    pytest.param(
        EXPERIENCE_PREREQUISITE_AFTER_PLANNED_WORK, id="experience-prerequisite-after-planned-work"
    ),
    pytest.param(GOAL_AFTER_PLANNED_WORK, id="goal-after-planned-work"),
    pytest.param(VAE_JURY_AFTER_PLANNED_WORK, id="vae-jury-after-planned-work"),
    pytest.param(ONLY_PLANNED_WORK_LEFT, id="only-planned-work-left"),
    pytest.param(PLACEMENT_BEFORE_PLANNED_WORK, id="placement-before-planned-work"),
]


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("case", KNOWN_CASES)
def test_known_cases(case: Case, objective: Objective) -> None:
    """Cases the random tests found: the planner is optimal and its route sound on each."""
    catalogue, learner = _load(case)
    check_optimal(catalogue, learner, objective)
    check_routes(catalogue, learner, objective)


@pytest.mark.parametrize(
    ("case", "objective", "vector"),
    [
        # The start, 2026-01-05, is a Monday; 35 h at 35 h a week are five training days.
        # m1 (Monday to Friday, 100 €, 35 h) then the VAE from the next working day, Monday
        # 2026-01-12 (28 weeks, 2,100 €, 24 h).
        (VAE_ELIGIBLE_BY_A_BLOCK, Objective.COST, (2200, 203, 59)),
        # m1 then m2, each Monday to Friday: 12 days.
        (VAE_ELIGIBLE_BY_A_BLOCK, Objective.DURATION, (12, 5100, 70)),
        # The planned work ends on 2026-04-30; 1 May is a public holiday (a Friday), so the VAE
        # starts on Monday 2026-05-04 (119 days after the start), for 196 days.
        (VAE_WAITS_FOR_PLANNED_WORK, Objective.COST, (2100, 315, 24)),
        # The VAE now (block 2) for 196 days, and m1 beside it, Monday to Friday of its first
        # week (the VAE's lead times do not occupy the person): 196 days, not 196 + 5.
        (VAE_WAITS_FOR_PLANNED_WORK, Objective.DURATION, (196, 3100, 59)),
        (VAE_ONLY_AFTER_PLANNED_WORK, Objective.DURATION, (315, 2100, 24)),
        # m1 after the planned work, from Monday 2026-03-02 (the 1st is a Sunday) to Friday
        # 2026-03-06, 60 days after the start.
        (EXPERIENCE_PREREQUISITE_AFTER_PLANNED_WORK, Objective.COST, (1000, 61, 35)),
        # m-y from its session, Tuesday 2026-01-06 to Monday the 12th; m-x, 70 h, Tuesday 13
        # to Monday 26 January; the planned work is over on Friday 27 March: 82 days.
        (GOAL_AFTER_PLANNED_WORK, Objective.DURATION, (82, 2000, 105)),
        # The VAE: a week to the admissibility decision, three of support, a week to the jury
        # (Monday 2 to Sunday 8 February): 35 days, 600 + 300 + 300 €, 20 h of support.
        (VAE_JURY_AFTER_PLANNED_WORK, Objective.COST, (1200, 35, 20)),
        # From Monday 5 January to Friday 27 March, the planned work's last day: 82 days.
        (ONLY_PLANNED_WORK_LEFT, Objective.DURATION, (82, 0, 0)),
        # The placement, 140 h at 35 h a week: Monday 5 January to Friday 30 January, 26 days.
        (PLACEMENT_BEFORE_PLANNED_WORK, Objective.DURATION, (26, 0, 140)),
        (PLACEMENT_BEFORE_PLANNED_WORK, Objective.COST, (0, 26, 140)),
    ],
)
def test_reference_by_hand(case: Case, objective: Objective, vector: Vector) -> None:
    """The reference planner finds the vectors worked out by hand on the known cases."""
    best = Reference(*_load(case)).best(objective)
    assert best is not None
    assert best.vector == vector


def test_no_alternative_keeps_a_vae_whose_blocks_a_required_placement_gives_first() -> None:
    """Found by ``test_alternatives``: the person must do a placement, and the placement
    validates the one block in a company on the first day. A VAE beside it would have its jury
    three weeks later and give nothing; it was offered as a second alternative ("VAE and a
    placement") because its use was judged as if its jury were already over."""
    block = _block(1)
    catalogue = catalogue_from_data(
        {
            "name": "placement-first",
            "certifications": [
                _certification(
                    ["M1805"],
                    [block],
                    routes=["continuing_training", "vae"],
                    title="Certification 1",
                )
            ],
            "modules": [
                {
                    "kind": "placement",
                    "id": "p-company",
                    "title": "Placement",
                    "hours": 1,
                    "cost": 0,
                    "placement_type": "afest",
                    "rome": "M1805",
                    "validates": ["RNCP9001BC01"],
                }
            ],
            "vae": {
                "min_related_hours": 1,
                "block_coverage_hours": 600,
                "admissibility_weeks": 1,
                "support_weeks": 1,
                "support_hours": 1,
                "jury_weeks": 1,
                "support_cost": 0,
                "jury_cost": 0,
            },
        }
    )
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 700}]},
            "constraints": {"start": "2026-01-05", "placement_required": True},
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )
    for objective in Objective:
        routes = Planner(catalogue).alternatives(learner, 3, objective)
        assert [route.modalities for route in routes] == [("company",)]
        for route in routes:
            check_sound(catalogue, learner, route, objective)


def test_a_route_reaching_the_target_once_planned_work_is_over_ends_with_it() -> None:
    """Nothing left to take but the planned work: a route (not "target reached" at the
    positioning) that ends with that work, the target reached on its last day."""
    catalogue, learner = _load(ONLY_PLANNED_WORK_LEFT)
    route = Planner(catalogue).plan(learner)
    assert route.proven_optimal
    assert route.target_reached_on is None
    assert [step.action for step in route.steps] == ["positioning", "planned"]
    assert str(route.totals.finish) == "2026-03-27"
    assert route.totals.duration_days == 82
    codes = [reason.code for reason in route.steps[-1].why]
    assert codes == [ReasonCode.PLANNED_PERIOD, ReasonCode.TARGET_REACHED]
    assert_route_sound(catalogue, learner, route)


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("limit", [1, 10, 100, 2_000])
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(ONLY_PLANNED_WORK_LEFT, id="only-planned-work-left"),
        pytest.param(DEARER_PLACEMENT_BEFORE_PLANNED_WORK, id="dearer-placement"),
    ],
)
def test_waiting_from_the_start_is_a_route_at_any_limit(
    case: Case, limit: int, objective: Objective
) -> None:
    """The start itself reaches the target once the planned work is over: that route is known
    however early the limit stops the search (the first review found "no route", or the
    placement proven optimal, at small limits: only the steps were looked at as goals)."""
    catalogue, learner = _load(case)
    best = Reference(catalogue, learner).best(objective)
    assert best is not None
    route = Planner(catalogue, work_limit=limit).plan(learner, objective)
    assert_route_sound(catalogue, learner, route)
    found = route_vector(route, objective)
    if route.proven_optimal:
        assert found == best.vector
    else:
        assert found >= best.vector
        assert route.bound is not None
        assert route.bound <= best.vector[0]


def test_with_employment_allowed_the_person_may_work_for_the_target() -> None:
    """The target asks for 500 h in K1304 and the person allows periods of employment: with
    nothing planned, the route is 500 h of work (the planner once offered employment for a
    VAE's experience only, and found no route); with the planned work over sooner than 500 h
    of new work would be, the route waits for it."""
    catalogue_data, learner_data = ONLY_PLANNED_WORK_LEFT
    free = {"start": "2026-01-05", "employment_allowed": True}
    catalogue, learner = _load((catalogue_data, {**learner_data, "constraints": free}))
    route = Planner(catalogue).plan(learner)
    assert route.proven_optimal
    assert route.sequence() == ("employment:K1304:500",)
    codes = [reason.code for reason in route.steps[1].why]
    assert ReasonCode.TARGET in codes
    assert_route_sound(catalogue, learner, route)
    planned = {**learner_data["constraints"], "employment_allowed": True}
    catalogue, learner = _load((catalogue_data, {**learner_data, "constraints": planned}))
    route = Planner(catalogue).plan(learner)
    assert route.sequence() == ()
    assert str(route.totals.finish) == "2026-03-27"


WORK_ONCE_PLANNED_WORK_IS_OVER: Case = (
    {
        "name": "work-once-planned-work-is-over",
        "certifications": [
            _certification(
                ["M1805"],
                [_block(1, "M1805"), _block(2, "M1805")],
                routes=["continuing_training", "vae"],
            )
        ],
        "modules": [
            _module(
                "m1",
                kind="professional",
                block="RNCP9001BC01",
                validates=["RNCP9001BC01"],
                hours=73,
                cost=1447,
            ),
            _module(
                "m2",
                kind="professional",
                block="RNCP9001BC02",
                validates=["RNCP9001BC02"],
                hours=123,
                cost=5000,
            ),
        ],
        "vae": {
            "min_related_hours": 300,
            "block_coverage_hours": 1000,
            "admissibility_weeks": 1,
            "support_weeks": 2,
            "support_hours": 15,
            "jury_weeks": 1,
            "support_cost": 337,
            "jury_cost": 873,
            "block_cost": 0,
        },
    },
    {
        "id": "planned-work",
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 223}]},
        "constraints": {
            "start": "2026-01-14",
            "weekly_hours": 25,
            "employment_allowed": True,
            "unavailable": [
                {"start": "2026-02-06", "end": "2026-02-13", "rome": "M1805", "hours": 218},
                {"start": "2026-05-01", "end": "2026-05-24"},
            ],
        },
        "target": {"certification": "RNCP9001"},
    },
)
"""A VAE covers both blocks with 1,000 h in M1805 and asks for 300 h: the person has 223 h,
and 218 h more once a planned job is over (6 to 13 February), and is away in May."""


def test_a_period_of_work_may_count_planned_work_still_to_come() -> None:
    """The cheapest route works 77 h (the VAE's 300 h), then 482 h, which with the planned
    job make the 1,000 h that cover both blocks: the 482 h cannot run before the planned job
    and fit between it and May, so they run from 26 May, and the VAE follows on 1 September,
    258 days in all. Offered only what it lacked on its free day (700 h while the planned job
    was to come), the planner worked 700 h from 26 May and took the VAE in October: 301 days
    for the same 1,210 €. A cheap module of no use keeping the person busy until February
    would have earned the shorter period (the exhaustive reference found such a route)."""
    catalogue, learner = _load(WORK_ONCE_PLANNED_WORK_IS_OVER)
    route = Planner(catalogue).plan(learner, Objective.COST)
    assert route.proven_optimal
    assert route.sequence() == (
        "employment:M1805:77",
        "employment:M1805:482",
        "vae:RNCP9001@2026-09-01",
    )
    assert (route.totals.cost, route.totals.duration_days) == (1210, 258)
    assert_route_sound(catalogue, learner, route)


def _work_before_module(placements: list[dict[str, Any]]) -> Case:
    """A certification of one block, whose only module m1 (35 h, 1,000 €) needs 300 h in
    K1304, which the person does not have; ``placements`` besides. Not open to VAE."""
    catalogue = {
        "name": "work-before-module",
        "certifications": [_certification(["M1805"], [_block(1)])],
        "modules": [
            _module(
                "m1",
                kind="professional",
                block="RNCP9001BC01",
                validates=["RNCP9001BC01"],
                requires={"experience_hours": 300, "rome": ["K1304"]},
                hours=35,
                cost=1000,
            ),
            *placements,
        ],
    }
    learner = {
        "id": "work-before-module",
        "positioning": {"date": "2026-01-05"},
        "constraints": {"start": "2026-01-05", "employment_allowed": True},
        "target": {"certification": "RNCP9001"},
    }
    return catalogue, learner


WORK_BEFORE_MODULE = _work_before_module([])
"""Only m1 validates the block, and nothing but work brings its 300 h in K1304."""

PLACEMENT_BEFORE_MODULE = _work_before_module(
    [
        _module(
            "p1",
            kind="placement",
            placement_type="pmsmp",
            rome="K1304",
            hours=140,
            experience_hours=300,
        )
    ]
)
"""A free placement of 140 h (four weeks) brings the 300 h that 300 h of work (43 working
days) brings too: shorter, but hours of training where work counts none."""


@pytest.mark.parametrize("objective", list(Objective))
def test_with_employment_allowed_the_person_may_work_for_a_prerequisite(
    objective: Objective,
) -> None:
    """m1 needs 300 h in K1304 and nothing else gives the block: with employment allowed, the
    route works the 300 h (43 working days, Monday 5 January to Wednesday 4 March 2026), then
    takes m1 (Thursday 5 to Wednesday 11 March): 66 days, 1,000 €, 35 h. Periods of
    employment were offered for a VAE's or the target's experience only: no route. Without
    employment allowed there is none, and the diagnosis names m1 and the experience."""
    catalogue, learner = _load(WORK_BEFORE_MODULE)
    route = Planner(catalogue).plan(learner, objective)
    assert route.proven_optimal
    assert route.sequence() == ("employment:K1304:300", "m1")
    assert _schedule(route) == [
        ("employment:K1304:300", dt.date(2026, 1, 5), dt.date(2026, 3, 4)),
        ("m1", dt.date(2026, 3, 5), dt.date(2026, 3, 11)),
    ]
    assert route_vector(route, Objective.DURATION) == (66, 1000, 35)
    [work] = [step for step in route.steps if step.action == "employment:K1304:300"]
    assert [(reason.code, reason.module) for reason in work.why] == [(ReasonCode.NEEDED_BY, "m1")]
    assert_route_sound(catalogue, learner, route)
    catalogue_data, learner_data = WORK_BEFORE_MODULE
    bound = {**learner_data["constraints"], "employment_allowed": False}
    catalogue, learner = _load((catalogue_data, {**learner_data, "constraints": bound}))
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue).plan(learner, objective)
    [_target, block] = raised.value.reasons
    assert (block.code, block.block) == (ReasonCode.BLOCK_UNREACHABLE, "RNCP9001BC01")
    cause = block.causes[0]
    assert (cause.code, cause.module) == (ReasonCode.MODULE_CANNOT_START, "m1")
    assert [str(leaf) for leaf in cause.missing] == ["300 h of experience in K1304"]


@pytest.mark.parametrize(
    ("objective", "sequence", "vector"),
    [
        # The placement, 140 h at 35 h a week: Monday 5 to Friday 30 January; m1 from Monday
        # 2 to Friday 6 February: 33 days (cost: a tie at 1,000 €, broken by the duration).
        (Objective.DURATION, ("p1", "m1"), (33, 1000, 175)),
        (Objective.COST, ("p1", "m1"), (1000, 33, 175)),
        # Work counts no hours: 35 h against 175 h with the placement.
        (Objective.HOURS, ("employment:K1304:300", "m1"), (35, 66, 1000)),
    ],
)
def test_a_placement_bringing_a_prerequisite_sooner_wins_over_work(
    objective: Objective, sequence: tuple[str, ...], vector: Vector
) -> None:
    """The placement and the work both bring m1's 300 h: the placement is shorter, the work
    takes no hours of training. Each wins where it is better."""
    catalogue, learner = _load(PLACEMENT_BEFORE_MODULE)
    route = Planner(catalogue).plan(learner, objective)
    assert route.proven_optimal
    assert route.sequence() == sequence
    assert route_vector(route, objective) == vector
    assert_route_sound(catalogue, learner, route)


def _route_or_stop(
    planner: Planner, learner: Learner, objective: Objective
) -> Route | PlanningLimitError:
    """The planner's route, or its error when the limit stopped it before any route."""
    try:
        return planner.plan(learner, objective)
    except PlanningLimitError as stopped:
        return stopped


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("limit", [1, 10, 100, 2_000])
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(WORK_BEFORE_MODULE, id="work-before-module"),
        pytest.param(
            (
                ONLY_PLANNED_WORK_LEFT[0],
                {
                    **ONLY_PLANNED_WORK_LEFT[1],
                    "constraints": {"start": "2026-01-05", "employment_allowed": True},
                },
            ),
            id="work-for-target",
        ),
    ],
)
def test_work_for_experience_is_a_route_at_any_limit(
    case: Case, limit: int, objective: Objective
) -> None:
    """Where only periods of employment bring the experience asked for, a plan stopped by its
    limit finds the route or says it stopped, never "no route": the mixed-integer model counts
    those hours as met and its orderers offer the periods (before it had them, it once proved
    "no route" for the stopped plan)."""
    catalogue, learner = _load(case)
    best = route_vector(Planner(catalogue).plan(learner, objective), objective)
    stopped = _route_or_stop(Planner(catalogue, work_limit=limit), learner, objective)
    _check_stopped(catalogue, learner, objective, stopped, best)


def _check_stopped(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    stopped: Route | PlanningLimitError,
    best: Vector,
) -> None:
    """A plan with a small limit against the optimum ``best``: a route marked optimal has its
    vector, an unproven one is no better and its bound no higher, and a stop's bound is no
    higher either."""
    if isinstance(stopped, PlanningLimitError):
        assert stopped.bound <= best[0]
        return
    assert_route_sound(catalogue, learner, stopped)
    found = route_vector(stopped, objective)
    if stopped.proven_optimal:
        assert found == best, describe_route(stopped)
    else:
        assert found >= best
        assert stopped.bound is not None
        assert stopped.bound <= best[0]


TWICE_THE_SAME_WORK: Case = (
    {
        "name": "twice-the-same-work",
        "certifications": [_certification(["M1805"], _VAE_BLOCKS)],
        "modules": [
            _module(
                "m1",
                kind="professional",
                block="RNCP9001BC01",
                validates=["RNCP9001BC01"],
                requires={"experience_hours": 300, "rome": ["K1304"]},
                sessions=["2026-03-09"],
                hours=35,
                cost=1000,
            ),
            _module(
                "m2",
                kind="professional",
                block="RNCP9001BC02",
                validates=["RNCP9001BC02"],
                requires={"experience_hours": 600, "rome": ["K1304"]},
                hours=35,
                cost=1000,
            ),
            _module(
                "m2b",
                kind="professional",
                block="RNCP9001BC02",
                validates=["RNCP9001BC02"],
                hours=35,
                cost=5000,
            ),
        ],
    },
    {
        "id": "twice-the-same-work",
        "positioning": {"date": "2026-01-05"},
        "constraints": {"start": "2026-01-05", "employment_allowed": True},
        "target": {"certification": "RNCP9001"},
    },
)
"""m1 needs 300 h in K1304 and has one session, on Monday 9 March 2026, right after 300 h of
work from 5 January; m2 needs 600 h (600 h of work first miss m1's session); m2b needs
nothing and costs 4,000 € more."""


def test_the_same_period_of_work_may_come_twice() -> None:
    """The cheapest route works 300 h, takes m1, works 300 h more (a second period of the
    same job and hours, ``employment:K1304:300:2``), then takes m2: 2,000 €. The second period
    had the first one's name and counted as taken: the planner proved m2b's route (6,000 €)
    optimal, and without m2b said there was no route."""
    catalogue, learner = _load(TWICE_THE_SAME_WORK)
    route = Planner(catalogue).plan(learner, Objective.COST)
    assert route.proven_optimal
    assert route.sequence() == ("employment:K1304:300", "m1", "employment:K1304:300:2", "m2")
    assert route.totals.cost == 2000
    assert_route_sound(catalogue, learner, route)
    assert simulate(catalogue, learner, route.sequence()).steps == route.steps
    catalogue_data, learner_data = TWICE_THE_SAME_WORK
    without = {**catalogue_data, "modules": catalogue_data["modules"][:2]}
    catalogue, learner = _load((without, learner_data))
    assert Planner(catalogue).plan(learner, Objective.DURATION).totals.cost == 2000


@pytest.mark.parametrize(
    "item", ["employment:K1304", "employment:K1304:0", "employment:K1304:3h", "employment::300"]
)
def test_a_period_of_work_not_named_as_the_planner_names_them_is_refused(item: str) -> None:
    """``simulate`` refuses an item that is not ``employment:ROME:HOURS[:N]``, naming it (a
    ``ValueError`` from unpacking escaped before)."""
    catalogue, learner = _load(TWICE_THE_SAME_WORK)
    with pytest.raises(SequenceError, match="not employment:ROME:HOURS"):
        simulate(catalogue, learner, [item])


EARLIER_BEFORE_PLANNED_WORK: Case = (
    {
        "name": "planning",
        "competences": [
            {"id": "c1", "title": "Competence 1"},
            {"id": "c2", "title": "Competence 2"},
            {"id": "lang", "title": "German", "scale": "cefr"},
        ],
        "certifications": [
            _certification(
                ["K1304"],
                [_block(1)],
                routes=["continuing_training", "vae"],
                title="Certification 1",
            ),
            _certification(
                ["M1805", "K1304"],
                [_block(1, certification="RNCP9002")],
                routes=["continuing_training", "vae"],
                code="RNCP9002",
                title="Certification 2",
            ),
        ],
        "modules": [
            {
                "id": "t-c1",
                "title": "Module t-c1",
                "hours": 110,
                "cost": 2201,
                "kind": "transversal",
                "domain": "basic_skills",
                "teaches": ["c1"],
            },
            {
                "id": "t-lang-B1",
                "title": "Module t-lang-B1",
                "hours": 92,
                "cost": 195,
                "kind": "transversal",
                "domain": "language",
                "teaches": [{"competence": "lang", "level": "B1"}],
            },
            {
                "id": "m-RNCP9001BC01-a",
                "title": "Module m-RNCP9001BC01-a",
                "hours": 122,
                "cost": 1217,
                "requires": {"any": ["c1", "lang>=B1"]},
                "kind": "professional",
                "block": "RNCP9001BC01",
                "validates": ["RNCP9001BC01"],
            },
            {
                "id": "m-RNCP9002BC01-a",
                "title": "Module m-RNCP9002BC01-a",
                "hours": 104,
                "cost": 755,
                "requires": "lang>=B1",
                "kind": "professional",
                "block": "RNCP9002BC01",
                "validates": ["RNCP9002BC01"],
            },
        ],
        "equivalences": [],
        "vae": {
            "min_related_hours": 1,
            "block_coverage_hours": 1000,
            "admissibility_weeks": 1,
            "support_weeks": 3,
            "support_hours": 4,
            "jury_weeks": 2,
            "support_cost": 181,
            "jury_cost": 443,
            "block_cost": 500,
        },
    },
    {
        "id": "work-beside-planned",
        "positioning": {
            "date": "2026-01-05",
            "competences": [{"competence": "lang", "level": "A1"}],
            "blocks": [],
            "experience": [],
        },
        "constraints": {
            "start": "2026-01-10",
            "weekly_hours": 23,
            "vae_allowed": True,
            "placement_required": False,
            "excluded_modules": ["t-c1"],
            "training_days": ["wednesday", "thursday", "saturday"],
            "unavailable": [
                {"start": "2026-03-20", "end": "2026-04-23", "rome": "K1304", "hours": 178},
                {"start": "2026-02-07", "end": "2026-04-02", "rome": "K1304", "hours": 601},
            ],
            "employment_allowed": True,
        },
        "target": {"blocks": ["RNCP9002BC01", "RNCP9001BC01"]},
    },
)
"""Drawn by a cross-check (periods of employment allowed, two periods of planned work in K1304
that overlap): two routes with the same steps, one free before the planned work ends, the other
after it. The later one is offered a shorter period of work (the planned hours count from their
end), and only it leads to the best route."""


@pytest.mark.parametrize("limit", [10_000, 2_000_000])
def test_a_route_free_before_planned_work_ends_does_not_beat_a_later_one(limit: int) -> None:
    """With periods of employment allowed, a route free earlier is no better than one with the
    same steps free later while planned employment has still to end: the planner found the
    cheapest route then known, 222 days, with a limit of 3,000, and proved one of 228 days with
    larger limits, the later route cut by the earlier one. Since the hours lacking once the
    planned work is over are offered from the start too, the cheapest route takes 198 days, as
    the exhaustive reference offered the same periods finds, and this test no longer guards
    the rule (``test_frontier`` does, on its own)."""
    catalogue, learner = _load(EARLIER_BEFORE_PLANNED_WORK)
    route = Planner(catalogue, work_limit=limit).plan(learner, Objective.COST)
    assert route.proven_optimal
    assert route_vector(route, Objective.COST) == (2074, 198, 200)
    best = Reference(catalogue, learner, target_work=True).best(Objective.COST)
    assert best is not None
    assert best.vector == (2074, 198, 200)
    assert_route_sound(catalogue, learner, route)
