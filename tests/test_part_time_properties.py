"""Part-time modules beside other steps: the planner against the exhaustive reference.

The kit's ``planning_cases(part_time=True)`` gives professional and transversal modules a weekly
intensity one time in two (4 to 28 hours a week, beside a person's 14 to 35): such a module runs
at its own pace and other steps may run beside it, never beyond the person's weekly hours on
any day. The reference models this on its own (a day-by-day count of the hours a week each step
running takes); the planner must find its optimal vector for every objective, with a route that
is sound (the kit's invariants check the weekly hours) and that ``simulate`` replays exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from itineraire import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Objective, PlanningLimitError, Route
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.testing import (
    LibraryPlanner,
    PlanningCase,
    assert_optimal,
    assert_route_sound,
    plan_or_none,
    planning_cases,
)

PART_TIME = planning_cases(max_modules=5, part_time=True)
PART_TIME_UNDER_WAY = planning_cases(max_modules=5, part_time=True, vae_under_way=True)


def _inputs(case: PlanningCase) -> tuple[Catalogue, Learner]:
    note(case.reproduction())
    return case.catalogue, case.learner


def _side_by_side(route: Route) -> bool:
    """Whether two steps of the person's track run on the same day."""
    track = [
        step
        for step in route.steps[1:]
        if not step.action.startswith("vae:") and step.action != "planned"
    ]
    return any(
        other.start <= step.end and step.start <= other.end
        for index, step in enumerate(track)
        for other in track[index + 1 :]
    )


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=PART_TIME)
def test_planner_matches_the_reference_with_part_time_modules(
    case: PlanningCase, objective: Objective
) -> None:
    """The planner's route has the reference's optimal vector, proven, and its own sequence
    replays into the very same route."""
    catalogue, learner = _inputs(case)
    route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        event("no route")
        return
    assert route.proven_optimal
    assert simulate(catalogue, learner, route.sequence(), objective) == route
    event("side by side" if _side_by_side(route) else "one after the other")


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=PART_TIME_UNDER_WAY)
def test_part_time_modules_beside_a_vae_under_way(case: PlanningCase, objective: Objective) -> None:
    """With a VAE file under way at the positioning as well: the reference's optimal vector,
    proven, and an exact replay."""
    catalogue, learner = _inputs(case)
    route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        return
    assert route.proven_optimal
    assert simulate(catalogue, learner, route.sequence(), objective) == route


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=PART_TIME, limit=st.sampled_from([1, 30, 300, 3_000]))
def test_a_planner_stopped_early_is_still_right_with_part_time_modules(
    case: PlanningCase, limit: int, objective: Objective
) -> None:
    """With a small work limit (A* stops; the model refuses part-time modules; the depth-first
    search goes on): a route marked optimal has the optimum's vector, an unproven one is sound
    and no better than the optimum with its bound no higher, and no route means none exists
    (stopping without a route is allowed, never claimed as "no route")."""
    catalogue, learner = _inputs(case)
    try:
        route = assert_optimal(LibraryPlanner(work_limit=limit), catalogue, learner, objective)
    except PlanningLimitError:
        return
    if route is not None:
        assert_route_sound(catalogue, learner, route)


_JOBS = ("M1805", "K1304")


@st.composite
def _side_by_side_cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A certification of two or three blocks whose modules mostly run part time (so that
    routes run steps side by side): perhaps a part-time teacher of the entry requirement or of
    a prerequisite, modules with sessions, a placement, a VAE for one block, unavailable
    periods, other training days and holidays."""
    start = draw(st.sampled_from([dt.date(2026, 1, 5), dt.date(2026, 4, 1), dt.date(2026, 12, 21)]))
    code = "RNCP9001"
    blocks = [f"{code}BC0{index}" for index in range(1, draw(st.integers(2, 3)) + 1)]
    vae = draw(st.integers(0, 3)) == 3
    certification: dict[str, Any] = {
        "code": code,
        "registry": "rncp",
        "title": "Certification",
        "level": 4,
        "access_routes": ["continuing_training", "vae"] if vae else ["continuing_training"],
        "rome": [_JOBS[0]],
        "blocks": [
            {"code": block, "title": f"Block {index}", "experience_rome": [_JOBS[index % 2]]}
            for index, block in enumerate(blocks)
        ],
    }
    weekly = st.sampled_from([None, 4, 7, 10, 14, 17, 20, 28])
    modules: list[dict[str, Any]] = []
    if draw(st.booleans()):
        teacher: dict[str, Any] = {
            "kind": "transversal",
            "domain": "basic_skills",
            "id": "t-c1",
            "title": "Teacher",
            "teaches": ["c1"],
            "hours": draw(st.integers(1, 60)),
            "cost": draw(st.sampled_from([0, 300])),
        }
        intensity = draw(weekly)
        if intensity is not None:
            teacher["weekly_hours"] = intensity
        modules.append(teacher)
        if draw(st.booleans()):
            certification["entry_requirement"] = "c1"
    for block in blocks:
        for variant in "ab"[: draw(st.sampled_from([1, 1, 2]))]:
            module: dict[str, Any] = {
                "kind": "professional",
                "id": f"m-{block[-1]}{variant}",
                "title": "Module",
                "block": block,
                "validates": [block],
                "hours": draw(st.integers(1, 120)),
                "cost": 100 * draw(st.integers(0, 20)),
            }
            intensity = draw(weekly)
            if intensity is not None:
                module["weekly_hours"] = intensity
            if draw(st.integers(0, 3)) == 3:
                needs = draw(st.sampled_from([*(b for b in blocks if b != block), "c1"]))
                module["requires"] = needs if needs == "c1" else f"block:{needs}"
            if draw(st.integers(0, 3)) == 3:
                days = draw(st.lists(st.integers(-5, 120), min_size=1, max_size=3, unique=True))
                module["sessions"] = [(start + dt.timedelta(d)).isoformat() for d in sorted(days)]
            modules.append(module)
    if draw(st.integers(0, 3)) == 3:
        modules.append(
            {
                "kind": "placement",
                "id": "p-company",
                "title": "Placement",
                "placement_type": "afest",
                "rome": _JOBS[0],
                "hours": draw(st.integers(1, 70)),
                "cost": 0,
                "validates": [draw(st.sampled_from(blocks))],
            }
        )
    catalogue = {
        "name": "side-by-side",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": [certification],
        "modules": modules[:6],
        "vae": {
            "min_related_hours": 1,
            "block_coverage_hours": 1000,
            "admissibility_weeks": draw(st.integers(1, 3)),
            "support_weeks": draw(st.integers(1, 3)),
            "jury_weeks": draw(st.integers(1, 3)),
            "support_hours": 10,
            "support_cost": 500,
            "jury_cost": 100,
        },
    }
    constraints: dict[str, Any] = {
        "start": start.isoformat(),
        "weekly_hours": draw(st.sampled_from([14, 20, 35])),
    }
    if draw(st.integers(0, 3)) == 3:
        constraints["training_days"] = ["monday", "wednesday", "friday"]
    if draw(st.integers(0, 3)) == 3:
        constraints["holidays"] = "alsace-moselle"
    if draw(st.integers(0, 3)) == 3:
        first = start + dt.timedelta(draw(st.integers(0, 60)))
        last = first + dt.timedelta(draw(st.integers(0, 30)))
        constraints["unavailable"] = [{"start": first.isoformat(), "end": last.isoformat()}]
    if draw(st.integers(0, 4)) == 4:
        constraints["budget"] = 100 * draw(st.integers(5, 40))
    positioning: dict[str, Any] = {"date": "2026-01-05"}
    if vae:
        positioning["experience"] = [{"rome": _JOBS[0], "hours": 1200}]
    target = draw(
        st.just({"certification": code})
        | st.lists(st.sampled_from(blocks), min_size=1, unique=True).map(lambda b: {"blocks": b})
    )
    person = {
        "id": "someone",
        "positioning": positioning,
        "constraints": constraints,
        "target": target,
    }
    return catalogue, person


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=_side_by_side_cases())
def test_planner_matches_the_reference_side_by_side(
    case: tuple[dict[str, Any], dict[str, Any]], objective: Objective
) -> None:
    """On certifications whose modules mostly run part time: the reference's optimal vector,
    proven, with a route that replays exactly."""
    note(repr(case))
    catalogue = catalogue_from_data(case[0], strict=False)
    learner = learner_from_data(case[1], catalogue)
    route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        event("no route")
        return
    assert route.proven_optimal
    assert simulate(catalogue, learner, route.sequence(), objective) == route
    event("side by side" if _side_by_side(route) else "one after the other")


@settings(deadline=None)
@given(case=_side_by_side_cases(), objective=st.sampled_from(list(Objective)))
def test_a_wait_for_availability_is_told_only_beside_an_unavailable_period(
    case: tuple[dict[str, Any], dict[str, Any]], objective: Objective
) -> None:
    """A step that "starts after a period of unavailability" has one of the person's periods
    between the day it says the person is free and its start: a step that waits for what a
    part-time step beside it gives waits for no such period."""
    note(repr(case))
    catalogue = catalogue_from_data(case[0], strict=False)
    learner = learner_from_data(case[1], catalogue)
    route = plan_or_none(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        return
    periods = learner.constraints.unavailable
    for step in route.steps:
        for reason in step.why:
            if reason.code is ReasonCode.WAITS_FOR_AVAILABILITY:
                since = reason.free_from
                assert since is not None
                assert any(p.start < step.start and since <= p.end for p in periods), step
