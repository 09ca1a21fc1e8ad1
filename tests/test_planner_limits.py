"""Every plan is bounded: the work limit, the two ways a plan can end without a route, the
regressions that ran for seconds or minutes, and the indexed calendar."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.cli import main
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner, Period
from itineraire.planning import (
    NoRouteError,
    Objective,
    Planner,
    PlanningLimitError,
    ReasonCode,
    StepKind,
    decomposition,
    highs,
    settling,
)
from itineraire.planning.actions import Action, ActionKind, module_actions
from itineraire.planning.calendar import Calendar
from itineraire.planning.dive import Dive, DiveResult, dive
from itineraire.planning.node import node_values
from itineraire.planning.planner import root_node, route_values
from itineraire.planning.problem import PlanningProblem
from itineraire.testing import PlanningCase, Reference, assert_route_sound, planning_cases

BUILTIN = builtin_catalogue()

TEN_BLOCKS: dict[str, Any] = {
    "id": "ten-blocks",
    "positioning": {
        "date": "2026-07-29",
        "blocks": [
            {"block": block, "date": "2025-06-30"}
            for block in ("RNCP37715-B2", "RNCP37715-B3", "ILLUSTR-TP-ADR-B1")
        ],
    },
    "constraints": {"start": "2026-07-29", "weekly_hours": 19},
    "target": {
        "blocks": [
            "RNCP37674BC01",
            "ILLUSTR-TP-APH-B2",
            "RNCP31114BC01",
            "ILLUSTR-CAPA-MA-B2",
            "ILLUSTR-TP-ADR-B3",
            "RNCP37098BC02",
            "RNCP37099BC01",
            "ILLUSTR-TP-ADR-B2",
            "ILLUSTR-TP-ADR-B4",
            "RNCP37099BC02",
        ]
    },
}
"""A re-plan found by the journey properties: ten blocks of eight certifications, which A*
alone searched for over ten seconds without an answer (some module's sessions are over)."""

BAKER: dict[str, Any] = {
    "id": "baker",
    "positioning": {
        "date": "2026-07-29",
        "blocks": [{"block": "ILLUSTR-CAP-BOUL-B2", "date": "2025-06-30"}],
    },
    "constraints": {"start": "2026-07-29"},
    "target": {"certification": "ILLUSTR-TP-ADR"},
}
"""The re-plan of the report that took 31 s: a person holding ILLUSTR-CAP-BOUL-B2 who failed
ILLUSTR-TP-ADR-B1 (a failure leaves the person's holdings as they were)."""


@pytest.mark.parametrize("objective", list(Objective))
def test_a_ten_block_target_is_answered_within_a_small_limit(objective: Objective) -> None:
    """A* alone searched it for over ten seconds. With recurring intakes its sessions never run
    out, so a route exists: a small work limit gives a sound route, proven or with a bound no
    higher than its value."""
    learner = learner_from_data(TEN_BLOCKS, BUILTIN)
    route = Planner(BUILTIN, work_limit=20_000).plan(learner, objective)
    assert_route_sound(BUILTIN, learner, route, every_step_useful=False)
    if not route.proven_optimal:
        value = route_values(route, objective, learner.constraints.start.toordinal())[0]
        assert route.bound is not None
        assert route.bound <= value


@pytest.mark.parametrize("objective", list(Objective))
def test_the_baker_replan_is_optimal_within_the_default_limit(objective: Objective) -> None:
    learner = learner_from_data(BAKER, BUILTIN)
    route = Planner(BUILTIN).plan(learner, objective)
    assert route.proven_optimal
    assert route.bound is None
    assert (route.totals.duration_days, route.totals.cost, route.totals.training_hours) == (
        458,  # the last session, from Monday 2027-10-04, ends on Friday 2027-10-29
        10010,
        735,
    )
    assert_route_sound(BUILTIN, learner, route)


def test_a_route_found_within_a_small_limit_shows_its_bound() -> None:
    """Stopped early, the planner still gives a sound route, marked unproven, with a proven
    lower bound of the optimum no greater than its own value."""
    learner = learner_from_data(BAKER, BUILTIN)
    route = Planner(BUILTIN, work_limit=2_000).plan(learner, Objective.DURATION)
    assert not route.proven_optimal
    assert route.bound is not None
    assert 0 <= route.bound <= route.totals.duration_days
    assert_route_sound(BUILTIN, learner, route)


@pytest.mark.parametrize(
    ("person", "objective", "status"),
    [
        (
            TEN_BLOCKS,
            "duration",
            "not proven optimal: no route takes fewer than 918 days",
        ),
        (
            BAKER,
            "duration",
            "optimal in duration: no route takes fewer than 458 days; "
            "ties by cost then hours not settled",
        ),
        (
            BAKER,
            "cost",
            "optimal in cost: no route costs less than 10\u202f010\u00a0€; "
            "ties by duration then hours not settled",
        ),
    ],
)
def test_a_stopped_plan_says_what_is_proven_in_the_objective_s_unit(
    person: dict[str, Any],
    objective: str,
    status: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The route's status names the bound in days or euros, and says when the bound already
    reaches the route's value: then the route is optimal for the objective, and only the
    tie-breaks are open."""
    learner = tmp_path / "person.json"
    learner.write_text(json.dumps(person), encoding="utf-8")
    arguments = ["plan", "--learner", str(learner), "--objective", objective]
    assert main([*arguments, "--work-limit", "2000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"modalities: training; {status}" in lines


def test_no_route_found_within_the_limit_is_not_no_route(
    part_time_catalogue: Catalogue, part_time_learner: Learner
) -> None:
    """Modules run part time are beyond the mixed-integer model: with almost no work allowed,
    nothing is found, and the planner says it stopped, not that no route exists."""
    catalogue, learner = part_time_catalogue, part_time_learner
    with pytest.raises(PlanningLimitError) as raised:
        Planner(catalogue, work_limit=1).plan(learner, Objective.DURATION)
    error = raised.value
    assert not isinstance(error, NoRouteError)
    assert (error.learner, error.work_limit, error.objective) == ("stopped", 1, Objective.DURATION)
    assert str(error).startswith(
        "planning for learner stopped stopped at the work limit of 1 before finding a route"
        " (a route, if any, is at least "
    )
    [reason] = error.reasons
    assert (reason.code, reason.limit) == (ReasonCode.SEARCH_STOPPED, 1)
    assert str(reason) == str(error).removeprefix("planning for learner stopped ")
    assert str(error).endswith("raise the work limit to search further")
    assert Planner(catalogue).plan(learner, Objective.DURATION).steps  # a route exists


def test_a_budget_refusal_names_the_cheapest_cost_the_search_could_not_prove() -> None:
    """The cheapest route's cost in a budget refusal comes from the mixed-integer model when
    it proves it: with a limit that stops the search on the unbudgeted plan first, the refusal
    still names the cost the default planner proves cheapest."""
    data: dict[str, Any] = {
        "id": "on-a-budget",
        "positioning": {"date": "2027-01-04"},
        "target": {"certification": "RNCP37674"},
    }
    budgeted = learner_from_data(data | {"constraints": {"budget": 500}}, BUILTIN)
    small = Planner(BUILTIN, work_limit=10_000)
    unbudgeted = learner_from_data(data, BUILTIN)
    assert not small.plan(unbudgeted, Objective.COST).proven_optimal
    with pytest.raises(NoRouteError) as raised:
        small.plan(budgeted)
    cheapest = Planner(BUILTIN).plan(unbudgeted, Objective.COST)
    assert cheapest.proven_optimal
    [reason] = raised.value.reasons
    assert (reason.code, reason.budget, reason.cost) == (
        ReasonCode.OVER_BUDGET,
        500,
        cheapest.totals.cost,
    )


@pytest.mark.parametrize("limit", [0, -5, True, 2.5])
def test_the_work_limit_is_a_positive_integer(limit: Any) -> None:
    with pytest.raises(ValueError, match=r"work_limit must be a positive integer \(got "):
        Planner(BUILTIN, work_limit=limit)


def test_twenty_thousand_one_day_periods_do_not_slow_the_plan_down() -> None:
    """The calendar merges and indexes the periods: 20,000 one-day periods after the route
    change nothing, and the plan does the same work as without them."""
    learner = learner_from_data(
        {
            "id": "many",
            "positioning": {"date": "2027-01-04"},
            "target": {"certification": "RNCP37674"},
        },
        BUILTIN,
    )
    first = dt.date(2030, 1, 1)
    days = [first + dt.timedelta(days=offset) for offset in range(20_000)]
    periods = tuple(Period(day, day) for day in days)
    busy = attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, unavailable=periods))
    planner = Planner(BUILTIN)
    assert planner.plan(busy, Objective.DURATION).totals == (
        planner.plan(learner, Objective.DURATION).totals
    )


_PERIODS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 6)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
)


@given(_PERIODS, st.integers(0, 70), st.integers(1, 10), st.lists(st.integers(0, 80)))
def test_the_indexed_calendar_finds_the_earliest_start(
    periods: list[tuple[int, int]], day: int, days: int, sessions: list[int]
) -> None:
    """The merged, bisected calendar agrees with a day-by-day scan of the raw periods."""
    ordered = sorted(set(sessions))
    step = Action(
        id="m",
        kind=ActionKind.TRAINING,
        title="m",
        hours=0,
        cost=0,
        days=days,
        sessions=tuple(ordered),
    )
    found = Calendar(tuple(periods)).earliest_start(day, step)
    candidates = [s for s in ordered if s >= day] if ordered else range(day, day + 200)
    expected = next(
        (
            start
            for start in candidates
            if not any(first < start + days and start <= last for first, last in periods)
        ),
        None,
    )
    assert found == expected


VAE_PER_BLOCK: dict[str, Any] = {
    "name": "per-block",
    "certifications": [
        {
            "code": "RNCP9001",
            "registry": "rncp",
            "title": "Certification 1",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["M1805"],
            "blocks": [
                {"code": "RNCP9001BC01", "title": "Block 1"},
                {"code": "RNCP9001BC02", "title": "Block 2"},
            ],
        }
    ],
    "modules": [
        {
            "id": "m1",
            "title": "Module 1",
            "hours": 1,
            "cost": 0,
            "kind": "professional",
            "block": "RNCP9001BC01",
            "validates": ["RNCP9001BC01"],
        }
    ],
    "vae": {"support_cost": 1, "jury_cost": 1000, "block_cost": 1500},
}
"""Found by the stopped-planner property: a VAE of both blocks costs 4,001 €, one of block 2
after the free module 2,501 €; the model prices a VAE at one block."""


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("limit", [1, 1_000_000])
def test_a_vae_priced_per_block_keeps_the_route_within_the_budget(
    objective: Objective, limit: int
) -> None:
    """With a budget of 4,000 € the only route is the free module then a VAE of block 2: the
    model's set of the VAE alone costs 4,001 € once priced and is cut off, and the free module
    is not pruned, since the VAE would cost more without it."""
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
    route = Planner(catalogue, work_limit=limit).plan(learner, objective)
    assert [step.action for step in route.steps if step.kind is StepKind.TRAINING] == ["m1"]
    assert route.totals.cost == 2501
    assert_route_sound(catalogue, learner, route)


def test_a_planner_kept_for_many_start_dates_keeps_a_bounded_memory() -> None:
    """A planner kept for a whole population keeps the module actions of its latest sets of
    constraints only (every start date is another set), and a plan whose set was let go is the
    same as a new planner's."""
    planner = Planner(BUILTIN)

    def learner(start: dt.date) -> Learner:
        data = {
            "id": f"start-{start.isoformat()}",
            "positioning": {"date": start.isoformat()},
            "constraints": {"start": start.isoformat(), "weekly_hours": 35},
            "target": {"blocks": ["RNCP37715-B2"]},
        }
        return learner_from_data(data, BUILTIN)

    first = dt.date(2026, 9, 1)
    starts = [first + dt.timedelta(days=7 * week) for week in range(40)]
    for start in starts:
        planner.plan(learner(start), Objective.COST)
    assert len(planner._actions) == 32  # the memory kept is what is tested
    again = planner.plan(learner(first), Objective.COST)
    assert again == Planner(BUILTIN).plan(learner(first), Objective.COST)


_FIFTEEN_BLOCKS_AT_LEAST_COST: dict[str, Any] = {
    "id": "someone",
    "positioning": {
        "date": "2026-01-05",
        "competences": [
            "agri.project",
            "clea.1",
            "clea.2",
            "clea.3",
            "clea.5",
            "clea.6",
            "clea.7",
            "clea.numerique",
            "digital.web_basics",
            "food.hygiene",
            "hrt.core",
            "industry.electrical_clearance",
            "industry.first_level",
            {"competence": "lang.de", "level": "A2"},
            "mobility.licence",
            {"competence": "pix.1.2", "level": "2"},
            {"competence": "pix.2.3", "level": "3"},
            {"competence": "pix.3.1", "level": "1"},
            {"competence": "pix.3.2", "level": "2"},
            {"competence": "pix.3.3", "level": "1"},
            {"competence": "pix.4.1", "level": "3"},
            {"competence": "pix.4.2", "level": "2"},
            "work.codes",
        ],
        "experience": [{"rome": "K1303", "hours": 33}, {"rome": "I1304", "hours": 1200}],
    },
    "constraints": {
        "start": "2026-01-06",
        "weekly_hours": 21,
        "placement_required": True,
        "training_days": ["monday", "thursday", "friday"],
    },
    "target": {
        "blocks": [
            "ILLUSTR-TP-APH-B2",
            "ILLUSTR-CAP-COS-B2",
            "ILLUSTR-TP-PB-B2",
            "ILLUSTR-CAP-COS-B1",
            "ILLUSTR-TP-ADR-B2",
            "ILLUSTR-TP-PB-B3",
            "ILLUSTR-CAPA-MA-B1",
            "ILLUSTR-TP-APH-B1",
            "ILLUSTR-TP-ADR-B4",
            "ILLUSTR-TP-PB-B1",
            "RNCP31114BC01",
            "ILLUSTR-TP-ADR-B1",
            "ILLUSTR-CAP-BOUL-B1",
            "ILLUSTR-TP-ADR-B3",
            "ILLUSTR-TP-PB-B4",
        ]
    },
}
"""A random re-plan of the benchmark: fifteen blocks of eight certifications, a placement
required, three training days a week."""


def test_once_the_optimum_is_reached_the_ties_get_a_quarter_of_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The model proves the least cost (46,081 €), but the ties stage cannot order the 23
    actions of its set at their best within its share; the order it then finds following
    eight partial orders at a time reaches that cost in 1,172 days (the set's best order: the
    order found step by step alone took 1,393, 1,411 before its estimate counted each step in
    its own week, 1,592 before the order found step by step). What is left is ties
    (duration, then hours): the depth-first search gets a quarter of the limit for them, not
    all the rest, and the route says it is optimal in cost, its bound that cost."""
    limits: list[int] = []
    real = Dive.run

    def counted(self: Dive, work_limit: int) -> DiveResult:
        limits.append(work_limit)
        return real(self, work_limit)

    monkeypatch.setattr(Dive, "run", counted)
    learner = learner_from_data(_FIFTEEN_BLOCKS_AT_LEAST_COST, BUILTIN)
    planner = Planner(BUILTIN)
    route = planner.plan(learner, Objective.COST)
    assert limits == [planner.work_limit // 4]
    assert not route.proven_optimal
    assert route.bound == route.totals.cost == 46081
    assert route.totals.duration_days == 1172
    assert_route_sound(BUILTIN, learner, route)


@pytest.mark.parametrize("objective", list(Objective))
def test_a_depth_first_search_stopped_and_resumed_is_the_search_run_at_once(
    objective: Objective,
) -> None:
    """The planner stops the depth-first search, runs the decomposition, then lets the search
    go on: stopped at any work and resumed up to a limit, it finds the same route, finishes or
    not alike and counts the same work as one run to that limit (the baker's re-plan: a full
    search takes 26,000 to 590,000 units of work, depending on the objective)."""
    learner = learner_from_data(BAKER, BUILTIN)
    root = root_node(BUILTIN, learner)
    order = objective.order()

    def problem() -> PlanningProblem:
        # Afresh for each search: a problem's bound remembers what it computed.
        return PlanningProblem.build(BUILTIN, learner, objective, module_actions(BUILTIN, learner))

    def outcome(result: DiveResult) -> tuple[object, ...]:
        best = None if result.best is None else node_values(result.best, order, root.day)
        steps = None if result.best is None else [s.action.id for s in result.best.steps]
        return best, steps, result.finished, result.work

    for total in (20_000, 10**7):
        at_once = outcome(dive(problem(), root, total))
        for first in (1, 2_000, 15_000):
            search = Dive(problem(), root)
            search.run(first)
            assert outcome(search.run(total)) == at_once


def test_a_depth_first_search_told_of_a_better_route_looks_only_below_it() -> None:
    """Told of a route as good as the optimum, the search finds nothing better and finishes
    sooner; told of one just worse, it finds the optimum (the baker's re-plan: 458 days)."""
    learner = learner_from_data(BAKER, BUILTIN)
    objective = Objective.DURATION
    problem = PlanningProblem.build(BUILTIN, learner, objective, module_actions(BUILTIN, learner))
    root = root_node(BUILTIN, learner)
    alone = dive(problem, root, 10**7)
    assert alone.finished
    assert alone.best is not None
    optimum = node_values(alone.best, objective.order(), root.day)
    assert optimum[0] == 458
    told = Dive(problem, root)
    told.run(1_000)
    told.beaten_by(optimum)
    found = told.run(10**7)
    assert found.finished
    assert found.best is None
    assert found.work < alone.work
    worse = Dive(problem, root)
    worse.run(1_000)
    worse.beaten_by((optimum[0] + 1, *optimum[1:]))
    again = worse.run(10**7)
    assert again.finished
    assert again.best is not None
    assert node_values(again.best, objective.order(), root.day) == optimum


_TIED_WITH_THE_DECOMPOSITION: dict[str, Any] = {
    "name": "planning",
    "competences": [
        {"id": "c1", "title": "Competence 1"},
        {"id": "c2", "title": "Competence 2"},
        {"id": "lang", "title": "German", "scale": "cefr"},
    ],
    "certifications": [
        {
            "code": "RNCP9001",
            "registry": "rncp",
            "title": "Certification 1",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["K1304"],
            "blocks": [
                {"code": "RNCP9001BC01", "title": "Block 1", "experience_rome": ["K1304"]},
                {"code": "RNCP9001BC02", "title": "Block 2"},
            ],
            "vae_eligibility": {"experience_hours": 985, "rome": ["M1805"]},
        },
        {
            "code": "RNCP9002",
            "registry": "rncp",
            "title": "Certification 2",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["M1805"],
            "blocks": [
                {"code": "RNCP9002BC01", "title": "Block 1"},
                {"code": "RNCP9002BC02", "title": "Block 2"},
            ],
            "vae_eligibility": {"experience_hours": 700, "rome": ["K1304"]},
        },
    ],
    "modules": [
        {
            "id": "t-lang-B1",
            "title": "Module t-lang-B1",
            "hours": 63,
            "cost": 4647,
            "kind": "transversal",
            "domain": "language",
            "teaches": [{"competence": "lang", "level": "B1"}],
        },
        {
            "id": "t-c1",
            "title": "Module t-c1",
            "hours": 63,
            "cost": 1598,
            "kind": "transversal",
            "domain": "basic_skills",
            "teaches": ["c1"],
        },
        {
            "id": "m-RNCP9001BC01-a",
            "title": "Module m-RNCP9001BC01-a",
            "hours": 114,
            "cost": 1212,
            "kind": "professional",
            "block": "RNCP9001BC01",
            "validates": ["RNCP9001BC01"],
        },
        {
            "id": "m-RNCP9001BC02-a",
            "title": "Module m-RNCP9001BC02-a",
            "hours": 81,
            "cost": 319,
            "kind": "professional",
            "block": "RNCP9001BC02",
            "validates": ["RNCP9001BC02"],
            "teaches": ["c1"],
        },
        {
            "id": "m-RNCP9002BC01-a",
            "title": "Module m-RNCP9002BC01-a",
            "hours": 27,
            "cost": 1103,
            "intakes": [{"every_weeks": 11, "from": "2026-04-05", "until": "2026-11-18"}],
            "kind": "professional",
            "block": "RNCP9002BC01",
            "validates": ["RNCP9002BC01"],
        },
        {
            "id": "m-RNCP9001BC02-b",
            "title": "Module m-RNCP9001BC02-b",
            "hours": 60,
            "cost": 3961,
            "kind": "professional",
            "block": "RNCP9001BC02",
            "validates": ["RNCP9001BC02"],
        },
    ],
    "equivalences": [
        {"id": "eq-1", "from": ["RNCP9001BC01"], "to": ["RNCP9002BC02"], "mutual": False}
    ],
    "vae": {
        "min_related_hours": 300,
        "block_coverage_hours": 200,
        "admissibility_weeks": 1,
        "support_weeks": 1,
        "support_hours": 3,
        "jury_weeks": 1,
        "support_cost": 2100,
        "jury_cost": 848,
        "block_cost": 500,
    },
}
"""A case drawn by ``planning_cases`` (the review of the resumable depth-first search): two
orders of the same two modules reach the target in the same days, cost and hours."""

_TIED_LEARNER: dict[str, Any] = {
    "id": "someone",
    "positioning": {
        "date": "2026-01-05",
        "competences": ["c1", {"competence": "lang", "level": "A1"}],
        "blocks": [],
        "experience": [{"hours": 934, "rome": "M1805"}, {"rome": "K1304", "hours": 543}],
        "vae_under_way": [{"certification": "RNCP9002", "admissible": "2026-01-02"}],
    },
    "constraints": {
        "start": "2026-01-15",
        "weekly_hours": 27,
        "vae_allowed": False,
        "placement_required": False,
    },
    "target": {"job": "K1304"},
}


def test_of_two_routes_of_the_same_values_the_depth_first_search_s_is_kept() -> None:
    """With a limit of 300 the depth-first search stops before the eighth it keeps back; the
    decomposition then gives a route of the same values (48 days, 5,173 €, 174 h), the other
    order of the same two modules, and the search, going on, proves the optimum. The route is
    the search's own, as when it finished before the decomposition ran."""
    catalogue = catalogue_from_data(_TIED_WITH_THE_DECOMPOSITION, strict=False)
    learner = learner_from_data(_TIED_LEARNER, catalogue)
    route = Planner(catalogue, work_limit=300).plan(learner, Objective.DURATION)
    assert route.proven_optimal
    totals = route.totals
    assert (totals.duration_days, totals.cost, totals.training_hours) == (48, 5173, 174)
    modules = [step.action for step in route.steps if step.kind is StepKind.TRAINING]
    assert modules == ["m-RNCP9001BC01-a", "m-RNCP9001BC02-b"]


_THREE_MODULES_AND_A_VAE: dict[str, Any] = {
    "name": "planning",
    "competences": [
        {"id": "c1", "title": "Competence 1"},
        {"id": "c2", "title": "Competence 2"},
        {"id": "lang", "title": "German", "scale": "cefr"},
    ],
    "certifications": [
        {
            "code": "RNCP9001",
            "registry": "rncp",
            "title": "Certification 1",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["M1805", "K1304"],
            "blocks": [
                {"code": "RNCP9001BC01", "title": "Block 1"},
                {"code": "RNCP9001BC02", "title": "Block 2", "experience_rome": ["K1304"]},
            ],
        },
        {
            "code": "RNCP9002",
            "registry": "rncp",
            "title": "Certification 2",
            "level": 4,
            "access_routes": ["continuing_training"],
            "rome": ["M1805", "K1304"],
            "blocks": [
                {"code": "RNCP9002BC01", "title": "Block 1"},
                {"code": "RNCP9002BC02", "title": "Block 2"},
            ],
            "validation": {"at_least": 1, "of": ["block:RNCP9002BC01", "block:RNCP9002BC02"]},
        },
    ],
    "modules": [
        {
            "id": "m-RNCP9002BC01-a",
            "title": "Module m-RNCP9002BC01-a",
            "hours": 140,
            "cost": 1807,
            "kind": "professional",
            "block": "RNCP9002BC01",
            "validates": ["RNCP9002BC01"],
            "teaches": ["c1"],
        },
        {
            "id": "m-RNCP9002BC02-a",
            "title": "Module m-RNCP9002BC02-a",
            "hours": 92,
            "cost": 289,
            "kind": "professional",
            "block": "RNCP9002BC02",
            "validates": ["RNCP9002BC02"],
        },
        {
            "id": "m-RNCP9001BC01-b",
            "title": "Module m-RNCP9001BC01-b",
            "hours": 90,
            "cost": 2828,
            "kind": "professional",
            "block": "RNCP9001BC01",
            "validates": ["RNCP9001BC01"],
        },
    ],
    "equivalences": [],
    "vae": {
        "min_related_hours": 800,
        "block_coverage_hours": 1000,
        "admissibility_weeks": 3,
        "support_weeks": 2,
        "support_hours": 7,
        "jury_weeks": 3,
        "support_cost": 905,
        "jury_cost": 213,
        "block_cost": 196,
    },
}
"""A case drawn by ``planning_cases``, cut down: three modules and a VAE reach four blocks."""


def test_a_limit_too_small_for_the_ties_stage_leaves_the_ties_to_the_depth_first_search() -> None:
    """With a limit of 2,000 the ties stage's share allows no solve of the model: it offers no
    set, so the ties were never looked at. The depth-first search gets the rest of the limit
    and proves the shortest route of the fewest hours (56 days, the exhaustive reference's);
    with a quarter of the limit, as where the stage did look at the ties, it gave a route of
    76 days, unproven."""
    catalogue = catalogue_from_data(_THREE_MODULES_AND_A_VAE, strict=False)
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {
                "date": "2026-01-05",
                "competences": ["c2", {"competence": "lang", "level": "A2"}],
                "experience": [{"rome": "K1304", "hours": 1834}],
            },
            "constraints": {"start": "2026-01-06", "weekly_hours": 33},
            "target": {"blocks": ["RNCP9002BC02", "RNCP9002BC01", "RNCP9001BC02", "RNCP9001BC01"]},
        },
        catalogue,
    )
    route = Planner(catalogue, work_limit=2_000).plan(learner, Objective.HOURS)
    assert route.proven_optimal
    totals = route.totals
    assert (totals.training_hours, totals.duration_days, totals.cost) == (239, 56, 3606)
    best = Reference(catalogue, learner).best(Objective.HOURS)
    assert best is not None
    assert best.vector == (239, 56, 3606)
    assert_route_sound(catalogue, learner, route)


def _outcome(planner: Planner, learner: Learner, objective: Objective) -> object:
    """The route, or the error's kind and message."""
    try:
        return planner.plan(learner, objective)
    except (NoRouteError, PlanningLimitError) as error:
        return (type(error).__name__, str(error))


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=planning_cases(max_modules=5), limit=st.sampled_from([30, 300, 3_000, 30_000]))
def test_a_plan_does_not_depend_on_the_plans_made_before_it(
    case: PlanningCase, limit: int, objective: Objective
) -> None:
    """A planner remembers what its plans computed (the LM-cut values of each relaxed problem,
    the person's calendar with the ends and first starts it worked out) and counts the work
    again when it reads it back: the answer of a plan, where the work limit stops it too, is
    that of a new planner. The kept planner first plans the same person for
    every objective, so that the memory holds the values its plan asks for."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    kept = Planner(catalogue, work_limit=limit)
    for each in Objective:
        _outcome(kept, learner, each)
    fresh = Planner(catalogue, work_limit=limit)
    assert _outcome(kept, learner, objective) == _outcome(fresh, learner, objective)


class _FaultError(ValueError):
    """An error inside the model that is not a refusal: a fault the planner must not hide."""


def _model_says(monkeypatch: pytest.MonkeyPatch, error: ValueError) -> list[str]:
    """Every use of the model (the planner's candidate, the ties stage, the decomposition)
    raises ``error`` where the model tells what it does not cover; the list returned records
    each use."""
    asked: list[str] = []

    def refuse(problem: PlanningProblem) -> None:
        asked.append(problem.learner.id)
        raise error

    monkeypatch.setattr(highs, "refuse_unmodelled", refuse)
    return asked


def test_a_fault_inside_the_model_is_not_taken_for_a_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stopped plan asks the model for a route; an error from it other than a refusal or a
    stop is a fault: it reaches the caller instead of a plan made without the model."""
    _model_says(monkeypatch, _FaultError("a fault in the model"))
    learner = learner_from_data(BAKER, BUILTIN)
    with pytest.raises(_FaultError, match="a fault in the model"):
        Planner(BUILTIN, work_limit=2_000).plan(learner, Objective.DURATION)


@pytest.mark.parametrize("objective", list(Objective))
def test_a_refusal_of_the_model_leaves_the_plan_to_the_other_stages(
    monkeypatch: pytest.MonkeyPatch, objective: Objective
) -> None:
    """What the model does not cover, every stage that uses it stands aside for: A* stops
    within this limit, the model is asked and refuses, and the plan is still made, sound, by
    the searches."""
    asked = _model_says(monkeypatch, highs.UnmodelledError("not covered"))
    learner = learner_from_data(BAKER, BUILTIN)
    route = Planner(BUILTIN, work_limit=50_000).plan(learner, objective)
    assert asked
    assert_route_sound(BUILTIN, learner, route)


@pytest.mark.parametrize("objective", list(Objective))
def test_a_model_out_of_rounds_of_cuts_leaves_the_plan_to_the_other_stages(
    monkeypatch: pytest.MonkeyPatch, objective: Objective
) -> None:
    """With no round of cuts allowed, the model gives up (``CutsExhaustedError``) on the
    candidate it would offer once A* stops: a stop, not a fault, so the plan is still made."""
    monkeypatch.setattr(highs, "_UNTIMED_ROUNDS", 0)
    monkeypatch.setattr(highs, "_PLANNER_ROUNDS", 0)
    learner = learner_from_data(BAKER, BUILTIN)
    with pytest.raises(highs.CutsExhaustedError):
        highs.planner_candidate(BUILTIN, learner, objective, 1_000)
    route = Planner(BUILTIN, work_limit=50_000).plan(learner, objective)
    assert_route_sound(BUILTIN, learner, route)


@pytest.mark.parametrize("stage", ["settle", "settle_duration", "decompose"])
def test_the_stages_after_the_model_let_its_faults_through(
    monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """The ties stages and the decomposition stand aside for a refusal (None) and let any other
    error through."""
    learner = learner_from_data(BAKER, BUILTIN)
    calls: dict[str, Callable[[], object]] = {
        "settle": lambda: settling.settle(BUILTIN, learner, Objective.COST, 10010, 1_000, 100_000),
        "settle_duration": lambda: settling.settle_duration(
            BUILTIN, learner, 458, None, 1_000, 100_000
        ),
        "decompose": lambda: decomposition.decompose(BUILTIN, learner, 1_000, 100_000),
    }
    _model_says(monkeypatch, highs.UnmodelledError("not covered"))
    assert calls[stage]() is None
    _model_says(monkeypatch, _FaultError("a fault in the model"))
    with pytest.raises(_FaultError, match="a fault in the model"):
        calls[stage]()
