"""The HiGHS backend against the A* planner: the same optimal value for ``cost`` and ``hours``.

On the built-in catalogue (several learner profiles, sessions and a late start included) and on
small generated catalogues with remediation gates, a language chain, alternative modules,
modules validating two blocks, placements bringing experience for VAE, equivalences and "n of m"
validation rules. Also what the backend refuses (``duration``, employment as steps, planned
employment still to come) and its install hint when ``highspy`` is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route, settling
from itineraire.planning import highs as backend
from itineraire.planning.actions import module_actions
from itineraire.planning.highs import plan_with_highs, planner_candidate
from itineraire.planning.milp import Milp
from itineraire.planning.ordering import OrderingStoppedError
from itineraire.planning.planner import route_values
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.simulation import simulate
from itineraire.testing import assert_route_sound

OBJECTIVES = (Objective.COST, Objective.HOURS)

BUILTIN = builtin_catalogue()

# Learner documents on the built-in catalogue: (positioning extras, constraints, target).
PROFILES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "web-scratch": ({}, {}, {"certification": "RNCP37674"}),
    "web-clea-english": (
        {"competences": ["clea.1", "clea.2", "clea.3", {"competence": "lang.en", "level": "A2"}]},
        {},
        {"certification": "RNCP37674"},
    ),
    "cda-placement-then-vae": ({}, {}, {"certification": "RNCP37873"}),
    "cda-experienced": (
        {"experience": [{"rome": "M1805", "hours": 1300}]},
        {},
        {"certification": "RNCP37873"},
    ),
    "home-help-equivalence": (
        {"blocks": [{"block": "ILLUSTR-TP-APH-B1", "date": "2025-06-30"}]},
        {},
        {"certification": "RNCP37715"},
    ),
    "home-help-vae-hybrid": (
        {"experience": [{"rome": "K1304", "hours": 800}]},
        {"weekly_hours": 20},
        {"certification": "RNCP37715"},
    ),
    "home-help-no-vae": (
        {"experience": [{"rome": "K1304", "hours": 800}]},
        {"vae_allowed": False},
        {"certification": "RNCP37715"},
    ),
    "sales-by-job": ({}, {}, {"job": "D1214"}),
    "bac-pro-blocks": ({}, {}, {"blocks": ["RNCP37231-B1", "RNCP37231-B2"]}),
    # Sessions and a summer break make the fewest hours 1,620 instead of 1,130.
    "web-late-start": (
        {"competences": ["clea.1", "clea.2", "clea.7"]},
        {"start": "2027-06-01", "unavailable": [{"start": "2027-07-01", "end": "2027-08-31"}]},
        {"certification": "RNCP37674"},
    ),
    "restaurant-summer-break": (
        {"competences": ["clea.1", "clea.2", "clea.7"]},
        {"start": "2027-02-01", "unavailable": [{"start": "2027-07-01", "end": "2027-08-31"}]},
        {"certification": "ILLUSTR-TP-ADR"},
    ),
    "bakery-budget": ({}, {"budget": 12000}, {"certification": "ILLUSTR-CAP-BOUL"}),
    "industry-excluded": (
        {"competences": ["clea.1", "clea.2", "clea.7"]},
        {"excluded_modules": ["cp-eimsa-b2"]},
        {"certification": "RNCP38561"},
    ),
}


def _learner(catalogue: Catalogue, name: str, document: dict[str, Any]) -> Learner:
    return learner_from_data({"id": name, **document}, catalogue)


def _profile(name: str) -> Learner:
    positioning, constraints, target = PROFILES[name]
    document = {
        "positioning": {"date": "2026-12-01", **positioning},
        "constraints": constraints,
        "target": target,
    }
    return _learner(BUILTIN, name, document)


def _value(route: Route, objective: Objective) -> int:
    return route.totals.cost if objective is Objective.COST else route.totals.training_hours


def _both(catalogue: Catalogue, learner: Learner, objective: Objective) -> tuple[Any, Any]:
    """The optimal values of A* and HiGHS (None: no route), the A* route proven optimal."""
    try:
        star = Planner(catalogue).plan(learner, objective)
    except NoRouteError:
        star_value = None
    else:
        assert star.proven_optimal
        star_value = _value(star, objective)
    try:
        highs = plan_with_highs(catalogue, learner, objective)
    except NoRouteError:
        return star_value, None
    # The route is a sequence simulate accepts, with the same totals.
    replayed = simulate(catalogue, learner, _sequence(highs), objective)
    assert replayed.totals == highs.totals
    if not highs.proven_optimal:
        # A VAE priced per block is in the model at its least: the model's optimum is then a
        # lower bound, and the A* optimum lies between it and the model's route.
        assert objective is Objective.COST
        assert catalogue.vae_policy.block_cost > 0
        assert highs.bound is not None
        assert star_value is not None
        assert highs.bound <= star_value <= _value(highs, objective)
        return star_value, star_value
    return star_value, _value(highs, objective)


def _sequence(route: Route) -> list[str]:
    """The route's actions once each (a VAE spans three steps), without the positioning and
    the person's planned periods that the route shows."""
    shown = ("positioning", "planned")
    return list(dict.fromkeys(s.action for s in route.steps if s.action not in shown))


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("name", sorted(PROFILES))
def test_builtin_catalogue_same_optimum(name: str, objective: Objective) -> None:
    """On the built-in catalogue, HiGHS finds the A* planner's optimal cost and hours."""
    star, highs = _both(BUILTIN, _profile(name), objective)
    assert star is not None
    assert highs == star


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_relaxation_of_the_calendar_from_the_start_finds_the_same_optimum(
    monkeypatch: pytest.MonkeyPatch, name: str, objective: Objective
) -> None:
    """With no round without the relaxation of the calendar (the backend then solves the model
    with it from the start, as it did before it tried without), it finds the same optimum, the
    A* planner's: the path the backend falls back on stays exact."""
    monkeypatch.setattr(backend, "_UNTIMED_ROUNDS", 0)
    star, found = _both(BUILTIN, _profile(name), objective)
    assert star is not None
    assert found == star


def test_the_model_is_first_solved_without_the_relaxation_of_the_calendar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With sessions, the relaxation of the calendar makes the model many times larger (on a
    generated catalogue of 400 modules, the backend's plans with it from the start did not
    finish in 25 minutes): the backend asks for it only once the rounds without it are over,
    and a set they find is the optimum."""
    asked: list[bool] = []
    original = backend.model_problem

    def recorded(*arguments: Any, calendar: bool = True, **options: Any) -> Any:
        asked.append(calendar)
        return original(*arguments, calendar=calendar, **options)

    monkeypatch.setattr(backend, "model_problem", recorded)
    learner = _profile("web-late-start")
    route = plan_with_highs(BUILTIN, learner, Objective.HOURS)
    assert asked == [False]
    assert route.proven_optimal
    fewest = Planner(BUILTIN).plan(learner, Objective.HOURS)
    assert fewest.proven_optimal
    assert route.totals.training_hours == fewest.totals.training_hours


def test_ordering_stopped_without_the_relaxation_falls_back_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where ordering a set stops in the rounds without the relaxation of the calendar, the
    backend solves the model with it and still returns the optimum."""
    learner = _profile("web-late-start")
    expected = plan_with_highs(BUILTIN, learner, Objective.HOURS)
    original = backend._solve
    asked: list[bool] = []

    def solve(*arguments: Any, **options: Any) -> Any:
        limits = arguments[4]
        asked.append(limits.calendar)
        if not limits.calendar:
            raise OrderingStoppedError("stopped, as if the set had too many orders")
        return original(*arguments, **options)

    monkeypatch.setattr(backend, "_solve", solve)
    route = plan_with_highs(BUILTIN, learner, Objective.HOURS)
    assert asked == [False, True]
    assert route.proven_optimal
    assert route.totals.training_hours == expected.totals.training_hours


def _generated(seed: int) -> dict[str, Any]:
    """A small random catalogue: two or three certifications of three blocks, gates, English
    A1 → B1 with a shortcut, alternatives, a two-block module, a placement with experience,
    equivalences and sometimes an "n of m" validation."""
    rng = random.Random(seed)
    competences: list[dict[str, Any]] = [{"id": f"clea.{n}", "title": f"CléA {n}"} for n in (1, 2)]
    competences.append({"id": "lang.en", "title": "English", "scale": "cefr"})
    modules: list[dict[str, Any]] = [
        {
            "kind": "transversal",
            "id": f"clea-{n}",
            "title": f"CléA {n}",
            "hours": rng.choice((21, 35)),
            "cost": rng.randrange(200, 600, 50),
            "domain": "basic_skills",
            "teaches": [f"clea.{n}"],
        }
        for n in (1, 2)
    ]
    levels = ("A1", "A2", "B1")
    for rank, level in enumerate(levels):
        modules.append(
            {
                "kind": "transversal",
                "id": f"en-{level}",
                "title": level,
                "hours": 60,
                "cost": rng.randrange(400, 900, 50),
                "domain": "language",
                "teaches": [{"competence": "lang.en", "level": level}],
                **({"requires": f"lang.en>={levels[rank - 1]}"} if rank else {}),
            }
        )
    modules.append(
        {
            "kind": "transversal",
            "id": "en-intensive",
            "title": "Intensive English",
            "hours": 120,
            "cost": rng.randrange(1200, 2400, 100),
            "domain": "language",
            "teaches": [{"competence": "lang.en", "level": "B1"}],
        }
    )
    certifications: list[dict[str, Any]] = []
    codes: list[list[str]] = []
    for c in range(rng.choice((2, 3))):
        code = f"RNCP{31000 + c}"
        blocks = [f"{code}BC{b:02d}" for b in (1, 2, 3)]
        codes.append(blocks)
        certification: dict[str, Any] = {
            "code": code,
            "registry": "rncp",
            "title": code,
            "level": 4,
            "access_routes": ["continuing_training", *(["vae"] if rng.random() < 0.7 else [])],
            "rome": [f"M{1800 + c}"],
            "entry_requirement": rng.choice(
                (["clea.1"], {"any": ["clea.2", "lang.en>=A2"]}, ["clea.1", "clea.2"])
            ),
            "blocks": [{"code": block, "title": block} for block in blocks],
        }
        if rng.random() < 0.3:
            certification["validation"] = {"at_least": 2, "of": [f"block:{b}" for b in blocks]}
        certifications.append(certification)
        for b, block in enumerate(blocks):
            for m in range(rng.choice((1, 2, 3))):
                module: dict[str, Any] = {
                    "kind": "professional",
                    "id": f"{block}-m{m}",
                    "title": f"{block} {m}",
                    "hours": rng.choice((35, 70, 105, 140)),
                    "cost": rng.randrange(500, 3000, 100),
                    "block": block,
                    "validates": [block],
                }
                rule = rng.choice((None, f"block:{blocks[b - 1]}" if b else None, "lang.en>=A2"))
                if rule is not None:
                    module["requires"] = rule
                modules.append(module)
        if rng.random() < 0.6:
            modules.append(
                {
                    "kind": "professional",
                    "id": f"{code}-combined",
                    "title": "Two blocks",
                    "hours": rng.choice((105, 140, 175)),
                    "cost": rng.randrange(2000, 4500, 100),
                    "block": blocks[1],
                    "validates": [blocks[1], blocks[2]],
                    "requires": "lang.en>=B1",
                }
            )
        modules.append(
            {
                "kind": "placement",
                "id": f"cp-{code}",
                "title": "Placement",
                "placement_type": "professionalisation_contract",
                "hours": rng.choice((210, 420)),
                "cost": rng.choice((0, 300)),
                "rome": f"M{1800 + c}",
                "experience_hours": rng.choice((300, 700)),
                "validates": [blocks[2]] if rng.random() < 0.5 else [],
                "requires": f"block:{blocks[0]}",
            }
        )
    equivalences = [
        {"id": "eq-one", "from": [codes[0][0]], "to": [codes[1][0]], "mutual": True},
        {"id": "eq-two", "from": [codes[0][1], codes[0][2]], "to": [codes[1][1]], "mutual": False},
    ]
    return {
        "name": f"generated-{seed}",
        "competences": competences,
        "certifications": certifications,
        "modules": modules,
        "equivalences": equivalences,
    }


def _generated_learners(catalogue: Catalogue, seed: int) -> list[Learner]:
    rng = random.Random(seed)
    learners = []
    for index, code in enumerate(catalogue.certifications):
        rome = catalogue.certifications[code].rome[0]
        positioning: dict[str, Any] = {"date": "2026-12-01"}
        if rng.random() < 0.5:
            positioning["competences"] = ["clea.1"]
        if rng.random() < 0.5:
            positioning["experience"] = [{"rome": rome, "hours": rng.choice((300, 700))}]
        other = sorted(catalogue.blocks)[rng.randrange(len(catalogue.blocks))]
        if rng.random() < 0.4:
            positioning["blocks"] = [{"block": other, "date": "2025-01-01"}]
        constraints = {"placement_required": True} if rng.random() < 0.2 else {}
        document = {"positioning": positioning, "constraints": constraints}
        learners.append(
            _learner(catalogue, f"g{seed}-{index}", {**document, "target": {"certification": code}})
        )
    return learners


@pytest.mark.parametrize("seed", range(12))
def test_generated_catalogues_same_optimum(seed: int) -> None:
    """On generated catalogues, HiGHS and A* agree on the optimum (or on there being none)."""
    catalogue = catalogue_from_data(_generated(seed))
    for learner in _generated_learners(catalogue, seed):
        for objective in OBJECTIVES:
            star, highs = _both(catalogue, learner, objective)
            assert highs == star, (learner.id, objective)


def test_no_route_is_reported_like_the_planner() -> None:
    """Without the only modules and without VAE, HiGHS raises NoRouteError with reasons."""
    learner = _learner(
        BUILTIN,
        "stuck",
        {
            "positioning": {"date": "2026-12-01"},
            "constraints": {"vae_allowed": False, "excluded_modules": ["aph-b1"]},
            "target": {"blocks": ["ILLUSTR-TP-APH-B1"]},
        },
    )
    with pytest.raises(NoRouteError) as raised:
        plan_with_highs(BUILTIN, learner, Objective.COST)
    assert any(reason.block == "ILLUSTR-TP-APH-B1" for reason in raised.value.reasons)


def test_duration_is_refused() -> None:
    """The objective duration depends on the calendar: a clear ValueError."""
    with pytest.raises(ValueError, match="cost and hours, not duration"):
        plan_with_highs(BUILTIN, _profile("web-scratch"), Objective.DURATION)


def _worker() -> Learner:
    """RNCP37715 for a person with no experience who allows periods of employment: the
    cheapest route works 600 h in each of three jobs, then takes the VAE for every block."""
    return _learner(
        BUILTIN,
        "worker",
        {
            "positioning": {"date": "2026-12-01"},
            "constraints": {"employment_allowed": True},
            "target": {"certification": "RNCP37715"},
        },
    )


def _shop_worker() -> Learner:
    """RNCP37099 without VAE and with periods of employment allowed: ec-bc01-court, which needs
    300 h in D1106, D1505 or D1507, is cheaper than ec-bc01 after 300 h of work."""
    return _learner(
        BUILTIN,
        "shop-worker",
        {
            "positioning": {"date": "2026-12-01"},
            "constraints": {"employment_allowed": True, "vae_allowed": False},
            "target": {"certification": "RNCP37099"},
        },
    )


@pytest.mark.parametrize("objective", [Objective.COST, Objective.HOURS])
@pytest.mark.parametrize("person", ["worker", "shop-worker"])
def test_periods_of_employment_are_modelled(person: str, objective: Objective) -> None:
    """Periods of employment as steps: the model counts the hours a rule asks for in named
    jobs as met (the person may work for them, at no cost), and ordering its set offers the
    periods where hours are lacking. The same optimum as the planner's, proven, and the route
    works for it (the model refused both: for a VAE's experience, and for a module's
    prerequisite, where it once returned ec-bc01, 1,260 EUR dearer, as proven)."""
    learner = _worker() if person == "worker" else _shop_worker()
    planned = Planner(BUILTIN).plan(learner, objective)
    modelled = plan_with_highs(BUILTIN, learner, objective)
    assert planned.proven_optimal
    assert modelled.proven_optimal
    origin = learner.constraints.start.toordinal()
    first = route_values(planned, objective, origin)[0]
    assert route_values(modelled, objective, origin)[0] == first
    assert_route_sound(BUILTIN, learner, modelled)
    worked = [item for item in modelled.sequence() if item.startswith("employment:")]
    if person == "worker":
        assert sorted(worked) == [f"employment:{job}:600" for job in ("K1302", "K1303", "K1304")]
    else:
        assert worked == ["employment:D1106:300"]
        assert "ec-bc01-court" in modelled.sequence()


def test_the_planners_candidate_is_proven_where_the_person_may_work() -> None:
    """The model's route is the planner's candidate once A* stops, proven: working 300 h then
    ec-bc01-court (it was a route only, unproven and dearer: the model had no periods of
    employment)."""
    learner = _shop_worker()
    route = planner_candidate(BUILTIN, learner, Objective.COST, 1_000)
    assert route.proven_optimal
    best = Planner(BUILTIN).plan(learner, Objective.COST)
    assert route.totals.cost == best.totals.cost


def test_the_ties_stages_prove_where_the_person_may_work() -> None:
    """The ties stages order the model's sets with the periods of employment they lack, and
    prove: the cheapest route with its ties, and the shortest from a bound a day below it
    (they proved nothing, and kept the bound they were given)."""
    learner = _shop_worker()
    origin = learner.constraints.start.toordinal()
    best = Planner(BUILTIN).plan(learner, Objective.COST)
    cost = settling.settle(BUILTIN, learner, Objective.COST, best.totals.cost, 1_000, 10**6)
    assert cost is not None
    assert cost.proven
    assert cost.values == route_values(best, Objective.COST, origin)
    shortest = Planner(BUILTIN).plan(learner, Objective.DURATION)
    days = route_values(shortest, Objective.DURATION, origin)[0]
    duration = settling.settle_duration(BUILTIN, learner, days - 1, None, 1_000, 10**6)
    assert duration is not None
    assert duration.proven
    assert duration.values == route_values(shortest, Objective.DURATION, origin)


def _problem(learner: Learner, objective: Objective) -> PlanningProblem:
    return PlanningProblem.build(BUILTIN, learner, objective, module_actions(BUILTIN, learner))


@pytest.mark.parametrize("objective", [Objective.COST, Objective.HOURS])
def test_planned_employment_to_come_is_modelled(objective: Objective) -> None:
    """Planned employment ending after the start (600 h in K1304, March to June; with the
    1,700 h in K1302 held, a VAE then covers two blocks of the target, one before): the model
    counts its hours from the start, and ordering the set it chooses waits for the period where
    a step needs them (a VAE on its earliest day, in January, covers one block only). The same
    optimum as the planner's (it was refused: its experience counts only from a date)."""
    learner = _learner(
        BUILTIN,
        "seasonal",
        {
            "positioning": {
                "date": "2026-12-01",
                "experience": [{"rome": "K1302", "hours": 1700}],
            },
            "constraints": {
                "unavailable": [
                    {
                        "start": "2027-03-01",
                        "end": "2027-06-30",
                        "label": "seasonal job",
                        "rome": "K1304",
                        "hours": 600,
                    }
                ]
            },
            "target": {"certification": "RNCP37715"},
        },
    )
    planned = Planner(BUILTIN).plan(learner, objective)
    modelled = plan_with_highs(BUILTIN, learner, objective)
    assert modelled.proven_optimal
    origin = learner.constraints.start.toordinal()
    first = route_values(planned, objective, origin)[0]
    assert route_values(modelled, objective, origin)[0] == first
    assert_route_sound(BUILTIN, learner, modelled)
    # The VAE starts once the season is over, and its jury awards both blocks.
    vae = [step for step in modelled.steps if step.action.startswith("vae:")]
    assert vae[0].start > dt.date(2027, 6, 30)
    assert vae[-1].validates == ("RNCP37715-B1", "RNCP37715-B2")


def test_solver_threads_started_elsewhere_do_not_stop_the_model() -> None:
    """The model asks HiGHS for one thread; HiGHS's threads are shared by the whole process,
    and when another solver started them with two first, the model still solves (with the
    threads there are) instead of reporting a stopped solver."""
    import highspy
    import numpy as np

    model = Milp()
    cheap, dear = model.binary(cost=2.0), model.binary(cost=3.0)
    model.row([(cheap, 1.0), (dear, 1.0)], 1.0, float("inf"))
    highspy.Highs.resetGlobalScheduler(True)
    try:
        other = highspy._core._Highs()  # the bare class: the wrapper prints a banner
        other.setOptionValue("output_flag", False)
        other.setOptionValue("threads", 2)
        other.addVars(1, np.array([0.0]), np.array([1.0]))
        other.run()
        solution = model.solve(None)
    finally:
        highspy.Highs.resetGlobalScheduler(True)  # the rest of the session starts them again
    assert solution is not None
    assert (solution.values, solution.objective, solution.proven) == ((1.0, 0.0), 2.0, True)


_PRESOLVE_FAULT = Path(__file__).parent / "data" / "highs" / "presolve-fault.json"
"""The ties stage's model of re-plan 395 of the benchmark's draw (job D1210), its track limited
to the open days that fit in 378 days: no set fits. Written out by the stage itself; columns
are ``[lower, upper, cost, integer]``, rows ``[lower, upper, [[column, coefficient], ...]]``
(null: no bound)."""


def test_a_model_presolve_cannot_solve_is_solved_without_it() -> None:
    """HiGHS 1.16's presolve reduces this infeasible model to nothing and then reports a solve
    error for the point it is left with; the ties stage took it for a stopped solver and gave
    up. Solved again without presolve, the model is proven infeasible: no set is left."""
    model = _read_model(_PRESOLVE_FAULT)
    assert model.solve(None, 1_000) is None
    assert model.solve(60.0) is None  # solved again within what is left of the time asked


_PRESOLVE_INFEASIBLE = Path(__file__).parent / "data" / "highs" / "presolve-infeasible.json"
"""The ties stage's model of generated plan 95 of the benchmark (``dump_routes.py --set
generated``: the harder 10-block catalogue, ``hours``, its A* stopped at 62,500 units), its sets
capped at the fewest hours (375), the open days on the track its objective, and the first set
it offered cut off; written out as :data:`_PRESOLVE_FAULT` is."""


def _read_model(path: Path) -> Milp:
    data = json.loads(path.read_text(encoding="utf-8"))
    model = Milp()
    for lower, upper, cost, integer in data["columns"]:
        model.column(lower, upper, integer=integer, cost=cost)
    for lower, upper, terms in data["rows"]:
        model.row(
            ((column, value) for column, value in terms),
            -math.inf if lower is None else lower,
            math.inf if upper is None else upper,
        )
    return model


def test_a_model_presolve_calls_infeasible_is_checked_without_it() -> None:
    """HiGHS 1.16's presolve calls this model infeasible, though another set of 375 hours is
    left (the optimum, 54 open days and a fraction); the ties stage took it that no set was
    left and proved a route of 98 days where one of 78 exists. An infeasible verdict is
    checked without presolve: the set is found."""
    solution = _read_model(_PRESOLVE_INFEASIBLE).solve(None, 250)
    assert solution is not None
    assert solution.proven
    assert round(solution.objective, 4) == 54.0444
