"""The route planner against an exhaustive reference, and the soundness of every route it plans.

``tests/bruteforce.py`` enumerates every sequence of actions on small random catalogues
(``planning_cases`` in ``tests/strategies.py``) following ``docs/planner.md``; the planner must
find the same best objective vector, or, like the reference, no route at all. Every route the
planner returns is also replayed step by step, by the reference (with its dates) and by
``simulate``, and checked for the properties a route always has.

The unmarked tests draw catalogues of at most five modules; the ``slow`` ones up to seven modules
and more examples.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from typing import Any

import pytest
from hypothesis import given, note, settings

from itineraire import catalogue_from_data, learner_from_data
from itineraire.catalogue import Catalogue
from itineraire.learners import Learner
from itineraire.modules import Placement
from itineraire.planning import NoRouteError, Objective, Planner, Route, Step, StepKind
from itineraire.planning.simulation import simulate
from tests.bruteforce import Outcome, Reference, ReplayError, Vector, objective_vector
from tests.strategies import planning_cases

Case = tuple[dict[str, Any], dict[str, Any]]

SMALL = planning_cases(max_modules=5)
LARGER = planning_cases(max_modules=7)

# The reference can take a few tens of milliseconds on the largest draws: no per-example deadline.
patient = settings(deadline=None)
thorough = settings(deadline=None, max_examples=4 * settings().max_examples)

MODULE_KINDS = (StepKind.TRAINING, StepKind.TRANSVERSAL, StepKind.PLACEMENT)


def _load(case: Case) -> tuple[Catalogue, Learner]:
    catalogue_data, learner_data = case
    # Not strict: a catalogue where some block can never be validated is still a planning input.
    catalogue = catalogue_from_data(catalogue_data, strict=False)
    return catalogue, learner_from_data(learner_data, catalogue)


def _inputs(case: Case) -> tuple[Catalogue, Learner]:
    """The drawn case, loaded, and shown with a failing example as JSON to reproduce it."""
    catalogue_data, learner_data = case
    note(f"catalogue = {json.dumps(catalogue_data)}")
    note(f"learner = {json.dumps(learner_data)}")
    return _load(case)


def _plan(planner: Planner, learner: Learner, objective: Objective) -> Route | None:
    try:
        return planner.plan(learner, objective)
    except NoRouteError:
        return None


def route_vector(route: Route, objective: Objective) -> Vector:
    """The route's objective vector, from its totals (duration 0 when it has no step)."""
    totals = route.totals
    return objective_vector(objective, totals.duration_days, totals.cost, totals.training_hours)


def _action_steps(route: Route) -> list[Step]:
    """The steps the route takes (not the positioning, not the person's planned periods)."""
    return [
        step
        for step in route.steps
        if step.kind is not StepKind.POSITIONING and step.action != "planned"
    ]


def _schedule(route: Route) -> list[tuple[str, dt.date, dt.date]]:
    """Each action of the route with its first and last day (a VAE's three steps as one)."""
    schedule: list[tuple[str, dt.date, dt.date]] = []
    for step in _action_steps(route):
        if schedule and schedule[-1][0] == step.action:
            action, first, _ = schedule[-1]
            schedule[-1] = (action, first, step.end)
        else:
            schedule.append((step.action, step.start, step.end))
    return schedule


def _show(route: Route | None) -> str:
    if route is None:
        return "no route"
    steps = ", ".join(f"{action} {first}..{last}" for action, first, last in _schedule(route))
    return f"[{steps}] totals {route.totals}"


def _show_outcome(outcome: Outcome | None) -> str:
    if outcome is None:
        return "no route"
    steps = ", ".join(f"{s.action} {s.first}..{s.last}" for s in outcome.steps)
    return f"[{steps}] vector {outcome.vector}"


# -- optimality ------------------------------------------------------------------------------


def check_optimal(catalogue: Catalogue, learner: Learner, objective: Objective) -> None:
    best = Reference(catalogue, learner).best(objective)
    route = _plan(Planner(catalogue), learner, objective)
    expected = None if best is None else best.vector
    found = None if route is None else route_vector(route, objective)
    assert found == expected, (
        f"objective {objective.value}: planner {found} {_show(route)}; "
        f"brute force {expected} {_show_outcome(best)}"
    )
    if route is not None:
        assert route.proven_optimal


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL)
def test_planner_is_optimal(case: Case, objective: Objective) -> None:
    """The planner's route has the best objective vector of all sequences of actions (primary
    objective, then duration, cost, hours), or no sequence reaches the target and neither does
    the planner."""
    check_optimal(*_inputs(case), objective)


@pytest.mark.slow
@pytest.mark.parametrize("objective", list(Objective))
@thorough
@given(case=LARGER)
def test_planner_is_optimal_larger(case: Case, objective: Objective) -> None:
    """The same on catalogues of up to seven modules, with more examples."""
    check_optimal(*_inputs(case), objective)


# -- soundness -------------------------------------------------------------------------------


def _mix(route: Route) -> tuple[str, ...]:
    """The modalities the route's steps show."""
    mix: set[str] = set()
    for step in _action_steps(route):
        if step.kind in (StepKind.TRAINING, StepKind.TRANSVERSAL):
            mix.add("training")
        elif step.kind is StepKind.PLACEMENT:
            mix.add("company" if step.validates else "placement")
        elif step.kind is StepKind.EMPLOYMENT:
            mix.add("employment")
        else:
            mix.add("vae")
    return tuple(sorted(mix))


def check_sound(catalogue: Catalogue, learner: Learner, route: Route, objective: Objective) -> None:
    """The properties every planned route has, checked against the reference's replay."""
    constraints = learner.constraints
    steps = route.steps
    # Positioning first, and only there; steps numbered in order.
    assert steps[0].kind is StepKind.POSITIONING
    assert steps[0].start == steps[0].end == learner.positioning.date
    assert all(step.kind is not StepKind.POSITIONING for step in steps[1:])
    assert [step.number for step in steps] == list(range(1, len(steps) + 1))
    assert all(a.start <= b.start for a, b in itertools.pairwise(steps))
    # Dates never go backwards and steps never overlap.
    actions = _action_steps(route)
    for step in actions:
        assert constraints.start <= step.start <= step.end, step
    for earlier, later in itertools.pairwise(actions):
        assert earlier.end < later.start, (earlier, later)
    # Modules, placements: their length, their sessions, never inside an unavailable period.
    for step in actions:
        if step.kind in MODULE_KINDS:
            module = catalogue.modules[step.action]
            weekly = 35 if isinstance(module, Placement) else constraints.weekly_hours
            assert (step.end - step.start).days + 1 == math.ceil(module.hours * 7 / weekly)
            assert not module.sessions or step.start in module.sessions
            for period in constraints.unavailable:
                assert step.end < period.start or period.end < step.start, (step, period)
    # Totals.
    totals = route.totals
    assert totals.cost == sum(step.cost for step in steps)
    assert totals.training_hours == sum(step.hours for step in steps)
    assert totals.start == constraints.start
    if actions:
        assert totals.finish == actions[-1].end
        assert totals.duration_days == (totals.finish - totals.start).days + 1
    else:
        assert totals.duration_days == 0
    if constraints.budget is not None:
        assert totals.cost <= constraints.budget
    # Replayed by the reference, with the route's dates: each step can start when the route says
    # (prerequisites, sessions, VAE eligibility and coverage), validates what the route says, the
    # target is reached and the totals are the same.
    reference = Reference(catalogue, learner)
    schedule = _schedule(route)
    try:
        state = reference.replay([(action, first) for action, first, _ in schedule])
    except ReplayError as error:
        pytest.fail(f"the reference cannot follow the route {_show(route)}: {error}")
    assert [(s.action, s.first, s.last) for s in state.steps] == schedule
    assert reference.is_goal(state), "the route does not reach the target"
    assert reference.vector(state, objective) == route_vector(route, objective)
    # No block validated twice (a step shows only the blocks it newly validates, and
    # equivalences credit only blocks not held), no step without use.
    held = set(reference.root().blocks)
    ranks = dict(reference.root().ranks)
    by_action = {s.action: s for s in state.steps}
    placed = not constraints.placement_required  # a placement is then of use only for what it gives
    for step in actions:
        if step.kind in (StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT):
            assert not step.validates
            assert not step.credited
            continue
        validates, credited = set(step.validates), set(step.credited)
        assert validates == by_action[step.action].blocks - held, step
        assert not credited & (held | validates), f"{step.action} credits a block already held"
        used = catalogue.modules.get(step.action)
        taught = used is not None and any(
            t.rank > ranks.get(t.competence, -1) for t in used.teaches
        )
        experience = isinstance(used, Placement) and used.rome and used.experience_hours
        first_placement = isinstance(used, Placement) and not placed
        placed = placed or isinstance(used, Placement)
        assert validates or credited or taught or experience or first_placement, (
            f"{step.action} gives nothing"
        )
        held |= validates | credited
        if used is not None:
            for t in used.teaches:
                ranks[t.competence] = max(t.rank, ranks.get(t.competence, -1))
    assert held == set(state.blocks)
    # simulate() follows the same sequence to the same route (a VAE on its day: a VAE may wait
    # for planned employment to cover more blocks).
    sequence = [
        f"{action}@{first.isoformat()}" if action.startswith("vae:") else action
        for action, first, _ in schedule
    ]
    again = simulate(catalogue, learner, sequence, objective)
    assert again.totals == route.totals
    assert _schedule(again) == schedule
    # The mix of modalities is the one the steps show (company: a block validated in a company).
    assert route.modalities == _mix(route)
    assert route.proven_optimal
    assert route.bound is None


def check_routes(catalogue: Catalogue, learner: Learner, objective: Objective) -> None:
    planner = Planner(catalogue)
    route = _plan(planner, learner, objective)
    if route is None:
        return
    check_sound(catalogue, learner, route, objective)
    # Same input, same route: twice on one planner, and on a new one.
    assert planner.plan(learner, objective) == route
    assert Planner(catalogue).plan(learner, objective) == route


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL)
def test_planned_routes_are_sound(case: Case, objective: Objective) -> None:
    """Every planned route opens with the positioning, keeps its dates in order without overlap,
    adds up its totals, validates no block twice, can be followed step by step to the target
    (by the reference and by ``simulate``), and is the same when planned again."""
    check_routes(*_inputs(case), objective)


@pytest.mark.slow
@pytest.mark.parametrize("objective", list(Objective))
@thorough
@given(case=LARGER)
def test_planned_routes_are_sound_larger(case: Case, objective: Objective) -> None:
    """The same on catalogues of up to seven modules, with more examples."""
    check_routes(*_inputs(case), objective)


# -- alternatives ----------------------------------------------------------------------------


@pytest.mark.parametrize("objective", list(Objective))
@patient
@given(case=SMALL)
def test_alternatives(case: Case, objective: Objective) -> None:
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
    assert vectors == sorted(vectors), [_show(r) for r in routes]
    for alternative in routes:
        check_sound(catalogue, learner, alternative, objective)


# -- cases found by the tests above, kept as examples ----------------------------------------

_VAE_BLOCKS = [
    {"code": "RNCP9001BC01", "title": "Block 1"},
    {"code": "RNCP9001BC02", "title": "Block 2"},
]

VAE_ELIGIBLE_BY_A_BLOCK: Case = (
    {
        "name": "eligible-by-a-block",
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "access_routes": ["vae"],
                "rome": ["M1805"],
                "blocks": _VAE_BLOCKS,
                # No way to get 1,607 h in K1304, but the block makes the person eligible.
                "vae_eligibility": {
                    "any": [{"experience_hours": 1607, "rome": ["K1304"]}, "block:RNCP9001BC01"]
                },
            }
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
    "certifications": [
        {
            "code": "RNCP9001",
            "registry": "rncp",
            "title": "Certification",
            "level": 4,
            "access_routes": ["vae"],
            "rome": ["M1805"],
            "blocks": [
                {"code": "RNCP9001BC01", "title": "Block 1", "experience_rome": ["K1304"]},
                {"code": "RNCP9001BC02", "title": "Block 2"},
            ],
        }
    ],
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
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "rome": ["M1805"],
                "blocks": [{"code": "RNCP9001BC01", "title": "Block 1"}],
            }
        ],
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
"""m1 cannot run before the planned work (it would overlap it) and starts on 2026-03-01, when the
700 h of K1304 are done. The specification does not say on which day a module's prerequisites
are checked: the reference checks them on the day the module starts, the planner on the day the
previous step ends (and finds no route)."""

REQUIRED_PLACEMENT_AFTER_VAE: Case = (
    {
        "name": "required-placement",
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "access_routes": ["vae"],
                "rome": ["M1805"],
                "blocks": _VAE_BLOCKS,
            }
        ],
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

KNOWN_CASES = [
    pytest.param(VAE_ELIGIBLE_BY_A_BLOCK, id="vae-eligible-by-a-block"),
    pytest.param(VAE_WAITS_FOR_PLANNED_WORK, id="vae-waits-for-planned-work"),
    pytest.param(VAE_ONLY_AFTER_PLANNED_WORK, id="vae-only-after-planned-work"),
    pytest.param(REQUIRED_PLACEMENT_AFTER_VAE, id="required-placement-after-vae"),
    pytest.param(
        EXPERIENCE_PREREQUISITE_AFTER_PLANNED_WORK, id="experience-prerequisite-after-planned-work"
    ),
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
        # m1 (7 days, 100 €, 35 h) then the VAE (28 weeks, 2,100 €, 24 h).
        (VAE_ELIGIBLE_BY_A_BLOCK, Objective.COST, (2200, 203, 59)),
        (VAE_ELIGIBLE_BY_A_BLOCK, Objective.DURATION, (14, 5100, 70)),
        # The VAE from 2026-05-01 (116 days after the start) for 196 days.
        (VAE_WAITS_FOR_PLANNED_WORK, Objective.COST, (2100, 312, 24)),
        (VAE_WAITS_FOR_PLANNED_WORK, Objective.DURATION, (203, 3100, 59)),
        (VAE_ONLY_AFTER_PLANNED_WORK, Objective.DURATION, (312, 2100, 24)),
        # m1 from 2026-03-01 (55 days after the start) for 7 days.
        (EXPERIENCE_PREREQUISITE_AFTER_PLANNED_WORK, Objective.COST, (1000, 62, 35)),
    ],
)
def test_reference_by_hand(case: Case, objective: Objective, vector: Vector) -> None:
    """The reference planner finds the vectors worked out by hand on the known cases."""
    best = Reference(*_load(case)).best(objective)
    assert best is not None
    assert best.vector == vector
