"""The duration bound that counts the waits for sessions (``LowerBound.timed``: the earliest day
each fact can be held, the tasks on the person's track one after the other at their sessions,
the blocks no early step can validate) never exceeds the shortest route: at the start of a
route, against the exhaustive reference, and at every step of an optimal route, with steps run
part time, VAE beside training and a VAE under way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, note, settings

from itineraire import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Objective, Planner
from itineraire.planning.actions import module_actions
from itineraire.planning.bound import LowerBound
from itineraire.planning.calendar import Calendar
from itineraire.planning.pending import with_rest
from itineraire.planning.planner import root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.search import search
from itineraire.planning.stepping import Node, Stepper
from itineraire.testing import PlanningCase, Reference, planning_cases

SMALL = planning_cases(max_modules=5)
PART_TIME = planning_cases(max_modules=5, part_time=True)
UNDER_WAY = planning_cases(max_modules=5, vae_under_way=True)

patient = settings(deadline=None)


def _problem(catalogue: Catalogue, learner: Learner) -> PlanningProblem:
    actions = module_actions(catalogue, learner)
    return PlanningProblem.build(catalogue, learner, Objective.DURATION, actions)


def _arguments(
    problem: PlanningProblem, stepper: Stepper, node: Node
) -> tuple[
    frozenset[str],
    dict[str, int],
    int,
    Calendar,
    Callable[[frozenset[str]], int],
    tuple[tuple[str, int], ...],
    bool,
]:
    """What the search gives the bounds of ``node``: its holdings once its juries and steps
    beside are over, its day, the person's calendar, experience and placement still needed."""
    settled = stepper.settle(node)
    return (
        settled.blocks,
        settled.ranks,
        node.day,
        stepper.calendar,
        node.experience_planned,
        tuple(sorted(node.experience.items())),
        problem.learner.constraints.placement_required and not node.placed,
    )


def _bounded(problem: PlanningProblem, stepper: Stepper, node: Node, origin: int) -> float:
    """The least duration (days from ``origin``) of a route through ``node``, as the waits
    bound sees it (what the search would count)."""
    rest = problem.bound.timed(*_arguments(problem, stepper, node))
    return with_rest(Objective.DURATION, node.finish - origin, node.day - origin, rest)


def _check_root(case: PlanningCase) -> None:
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    best = Reference(catalogue, learner).best(Objective.DURATION)
    problem = _problem(catalogue, learner)
    root = root_node(catalogue, learner)
    bound = _bounded(problem, Stepper(problem), root, root.day)
    if best is None:
        return
    assert bound <= best.vector[0], f"waits bound {bound} above the shortest route {best.vector[0]}"


@patient
@given(case=SMALL)
def test_the_waits_bound_at_the_start_never_exceeds_the_shortest_route(case: PlanningCase) -> None:
    """From the positioning, the bound is at most the exhaustive reference's shortest route."""
    _check_root(case)


@patient
@given(case=PART_TIME)
def test_the_waits_bound_stays_below_with_steps_side_by_side(case: PlanningCase) -> None:
    """The same with modules run part time: a part-time step is never one of the tasks put one
    after the other (another may run beside it)."""
    _check_root(case)


@patient
@given(case=UNDER_WAY)
def test_the_waits_bound_stays_below_with_a_vae_under_way(case: PlanningCase) -> None:
    """The same with a VAE under way at the start: its jury is later than the day the
    person's track is free, and the bound counts from that day (``with_rest``)."""
    _check_root(case)


def _check_route(case: PlanningCase) -> None:
    """Along an optimal route found by A*, every partial route is bounded by at most the
    optimum (the reference's): partial routes with pending juries and steps still running
    included."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    best = Reference(catalogue, learner).best(Objective.DURATION)
    if best is None:
        return
    problem = _problem(catalogue, learner)
    root = root_node(catalogue, learner)
    found = search(problem, root)
    assert found.proven
    assert found.goals
    goal = found.goals[0]
    stepper = Stepper(problem)
    optimum = best.vector[0]
    assert goal.finish - root.day == optimum
    node = root
    for index in range(len(root.steps), len(goal.steps)):
        wanted = goal.steps[index]
        assert _bounded(problem, stepper, node, root.day) <= optimum
        node = next(
            child
            for child in stepper.children(node)
            if child.steps[index].action.id == wanted.action.id
            and child.steps[index].start == wanted.start
        )
    assert node.taken == goal.taken
    assert _bounded(problem, stepper, node, root.day) <= optimum


@patient
@given(case=SMALL)
def test_the_waits_bound_never_exceeds_the_optimum_along_an_optimal_route(
    case: PlanningCase,
) -> None:
    """At every step of an optimal route, the route so far plus the bound of the rest is at
    most the optimum."""
    _check_route(case)


@patient
@given(case=PART_TIME)
def test_along_an_optimal_route_with_steps_side_by_side(case: PlanningCase) -> None:
    """The same with part-time steps still running beside the partial routes."""
    _check_route(case)


@patient
@given(case=UNDER_WAY)
def test_along_an_optimal_route_with_a_vae_under_way(case: PlanningCase) -> None:
    """The same with a VAE under way (its jury pending along the route)."""
    _check_route(case)


def _chained() -> dict[str, Any]:
    """One block whose only module needs a competence that a 30-day module teaches; the
    block's module starts on 11 January or 1 July 2027 only."""
    return {
        "name": "chained",
        "competences": [{"id": "clea.1", "title": "Communiquer en français"}],
        "certifications": [
            {
                "code": "RNCP9002",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "rome": ["M1805"],
                "blocks": [{"code": "RNCP9002BC01", "title": "Block 1"}],
            }
        ],
        "modules": [
            {
                "kind": "transversal",
                "id": "basics",
                "title": "Basics",
                "hours": 210,
                "cost": 100,
                "domain": "basic_skills",
                "teaches": ["clea.1"],
            },
            {
                "kind": "professional",
                "id": "trade",
                "title": "Trade",
                "hours": 35,
                "cost": 100,
                "block": "RNCP9002BC01",
                "validates": ["RNCP9002BC01"],
                "requires": "clea.1",
                "sessions": ["2027-01-11", "2027-07-01"],
            },
        ],
    }


def test_the_bound_sees_the_session_missed_along_a_chain() -> None:
    """From 4 January 2027, the basics take six weeks (to 12 February): the trade's January
    session is missed, and the route ends after the July one, on 7 July (185 days). The set
    cover and the modules one after the other at their sessions ignore the chain (54 days: the
    trade in January, then the basics); the waits bound counts it, and equals the optimum."""
    catalogue = catalogue_from_data(_chained())
    learner = learner_from_data(
        {
            "id": "ana",
            "positioning": {"date": "2027-01-04"},
            "target": {"certification": "RNCP9002"},
        },
        catalogue,
    )
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    problem = _problem(catalogue, learner)
    root = root_node(catalogue, learner)
    stepper = Stepper(problem)
    days = (route.totals.finish - route.totals.start).days + 1
    assert [step.action for step in route.steps[1:]] == ["basics", "trade"]
    assert _bounded(problem, stepper, root, root.day) == days
    old = problem.bound.value(root.blocks, root.ranks, root.day, stepper.calendar)
    assert (days, old) == (185, 54)


def _side_by_side() -> dict[str, Any]:
    """Two blocks, each validated by one module at 17 h a week, both starting on 11 January or
    5 July 2027 only."""
    modules = [
        {
            "kind": "professional",
            "id": f"trade-{number}",
            "title": f"Trade {number}",
            "hours": 170,
            "cost": 100,
            "weekly_hours": 17,
            "block": f"RNCP9003BC0{number}",
            "validates": [f"RNCP9003BC0{number}"],
            "sessions": ["2027-01-11", "2027-07-05"],
        }
        for number in (1, 2)
    ]
    return {
        "name": "side by side",
        "certifications": [
            {
                "code": "RNCP9003",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "rome": ["M1805"],
                "blocks": [
                    {"code": "RNCP9003BC01", "title": "Block 1"},
                    {"code": "RNCP9003BC02", "title": "Block 2"},
                ],
            }
        ],
        "modules": modules,
    }


def test_part_time_steps_are_not_put_one_after_the_other() -> None:
    """Two part-time modules of the same intake run side by side, over ten weeks from 11
    January to 19 March (75 days): the bound does not make them wait for each other (one after
    the other, the second would start in July)."""
    catalogue = catalogue_from_data(_side_by_side())
    learner = learner_from_data(
        {
            "id": "ana",
            "positioning": {"date": "2027-01-04"},
            "target": {"certification": "RNCP9003"},
        },
        catalogue,
    )
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    problem = _problem(catalogue, learner)
    root = root_node(catalogue, learner)
    days = (route.totals.finish - route.totals.start).days + 1
    assert [step.start.isoformat() for step in route.steps[1:]] == ["2027-01-11"] * 2
    assert days == 75
    assert _bounded(problem, Stepper(problem), root, root.day) == days


def _value(bound: LowerBound, held: Node, ranks: Node, day: int, calendar: Calendar) -> float:
    """The duration bound the search asks for, of the blocks ``held`` holds and the
    competences ``ranks`` holds, from ``day``."""
    return bound.value(held.blocks, ranks.ranks, day, calendar, lambda _rome: 0, (), False)


@patient
@given(case=SMALL)
def test_the_remembered_waits_are_those_a_new_bound_works_out(case: PlanningCase) -> None:
    """The duration bound remembers its waits per missing blocks, day and landmarks held: asked
    for the blocks of each route of one or two steps with the competences of each other, from
    the start's day, the bound that has seen all the others answers as a new bound does."""
    note(case.reproduction())
    problem = _problem(case.catalogue, case.learner)
    stepper = Stepper(problem)
    root = root_node(case.catalogue, case.learner)
    nodes = [root, *stepper.children(root)]
    nodes += [grandchild for child in nodes[1:] for grandchild in stepper.children(child)]
    settled = [stepper.settle(node) for node in nodes]
    for held in settled:
        for ranks in settled:
            remembered = _value(problem.bound, held, ranks, root.day, stepper.calendar)
            fresh = _value(LowerBound(problem), held, ranks, root.day, stepper.calendar)
            assert remembered == fresh, (sorted(held.blocks), ranks.ranks)


def _asked(problem: PlanningProblem, stepper: Stepper, node: Node) -> tuple[float, int]:
    """The cheap bound of ``node`` for the duration, as A* asks it, and the work it counted."""
    before = problem.bound.work
    value = problem.bound.value(*_arguments(problem, stepper, node), stepper.beside(node))
    return value, problem.bound.work - before


@patient
@given(case=UNDER_WAY)
def test_a_bound_kept_counts_the_work_asking_it_again_counts(case: PlanningCase) -> None:
    """A* keeps the first objective's cheap bound from when a route is queued to when it comes
    out, and counts the work asking it again would count (``repeat_work``): for the root and
    every route one or two steps on, asking again gives the same value and counts exactly
    that work (so where a stopped search stops is unchanged)."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    problem = _problem(catalogue, learner)
    stepper = Stepper(problem)
    root = root_node(catalogue, learner)
    nodes = [root]
    for child in stepper.children(root):
        nodes += [child, *stepper.children(child)]
    for node in nodes:
        value, _work = _asked(problem, stepper, node)
        repeat = problem.bound.repeat_work
        assert _asked(problem, stepper, node) == (value, repeat)
