"""A stage of the planner for the duration objective: choose the set of actions with the fewest
open days on the person's track, then order it in time.

The mixed-integer model of :mod:`itineraire.planning.highs` has no time in it, so for
``duration`` it can only offer the cheapest set. This stage asks the same model for the set
whose steps on the person's track (every chosen action but a VAE, which runs on its own track)
need the fewest open days in all, and orders that set with the earliest-finishing order the
calendar allows (:func:`~itineraire.planning.ordering.schedule`).

Why its bound is exact. A route's steps on the person's track follow one another: their days
never overlap. A step of ``n`` open days of its week runs on ``n`` days that are in that week and
not public holidays (:meth:`~itineraire.planning.calendar.Calendar.end`), so from the start to
the route's end there are at least as many days of the union of the steps' weeks, holidays
excepted, as the steps' open days added up. The model is a relaxation of the routes (every
route's set of actions meets its rows), so its proven optimum ``W`` is at most that sum for every
route, and no route ends before ``W`` open days of the union of the weeks, counted from the
start, are over. Steps counted in calendar days and VAE count for nothing: the bound is lower
still. The solver's bound is used where a node limit stopped it first.

The set of the fewest open days is not always the one that waits least for sessions. While its
share of the work lasts, the stage asks the model again for the next set (the one just ordered
cut off, with every larger set whose other steps serve nothing), orders it too, and keeps the
shortest route: on a random re-plan, 719 days instead of 858 for the first set.

It gives the planner a route (not proven the shortest: waits for sessions and weekends between
steps are not in the model) and that bound, once A* and the depth-first search have both
stopped unfinished (so a route they prove is untouched). Where the model does not cover the
person (see :func:`~itineraire.planning.highs.refuse_unmodelled`: modules run part time among
others) its optimum would be no bound, and the stage stands aside. Where the person may work
for experience, the model counts a rule that asks for hours in named jobs as met and the
scheduler offers the periods of employment (their days are not in the model's count: the bound
stands). A VAE under way is in the
model as held from the start (a relaxation, so the bound stands), and no route ends before its
jury; a route that the budget refuses once
its VAE is priced per block is no route. Work is counted in the solver's nodes and in the
scheduler's units of work (those of :class:`~itineraire.planning.stepping.Stepper`), never in
time.
"""

from __future__ import annotations

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.calendar import Calendar, fewest_days
from itineraire.planning.encoding import Encoder
from itineraire.planning.highs import UnmodelledError, model_problem
from itineraire.planning.milp import Solution, SolverStoppedError, solve_work
from itineraire.planning.objectives import Objective
from itineraire.planning.ordering import order_set, sequence_of
from itineraire.planning.planner import route_values
from itineraire.planning.route import Route
from itineraire.planning.simulation import simulate
from itineraire.planning.stepping import Node

__all__ = [
    "Decomposition",
    "applies",
    "decompose",
    "fewest_track_days",
    "open_span",
    "track_bound",
    "track_days",
]


@attrs.frozen
class Decomposition:
    """The stage's route (None when no order of the set was found, or its VAE priced per
    block takes it over the budget) and a proven lower bound of the shortest route, in days
    from the start to the day after its end."""

    route: Route | None
    bound: float


@attrs.frozen
class _Span:
    """``workdays`` open days of ``week``, as the calendar measures a step."""

    workdays: int
    days: int
    week: frozenset[int]
    sessions: tuple[int, ...] = ()


def applies(objective: Objective) -> bool:
    """Whether the stage helps: for duration (the model proves cost and hours itself)."""
    return objective is Objective.DURATION


def decompose(
    catalogue: Catalogue,
    learner: Learner,
    node_limit: int,
    work_limit: int,
    *,
    modules: tuple[Action, ...] | None = None,
) -> Decomposition | None:
    """The stage's route and bound, or None where the model does not apply (see
    :mod:`itineraire.planning.highs`), proves there is no route, or stops without a set.
    HiGHS may explore ``node_limit`` nodes a solve. Ordering the sets and solving for the next
    ones (each solve counted as :func:`~itineraire.planning.milp.solve_work`) share
    ``work_limit`` units of the planner's work: the set of the fewest open days first, then the
    model's next sets while the share lasts. Where ordering a set stops, the better of the
    orders found by :func:`~itineraire.planning.ordering.greedy` and
    :func:`~itineraire.planning.ordering.beam` stands in (their work on top), or no route
    where they find none. The route is the shortest found (then the cheapest, then the fewest
    hours). ``modules``: the person's module actions, when the planner has them already."""
    try:
        # What the model does not cover (modules run part time among them) would make its
        # optimum no bound: the stage stands aside.
        modelled = model_problem(
            catalogue, learner, Objective.DURATION, calendar=False, modules=modules
        )
    except UnmodelledError:
        return None
    root, stepper, model = modelled.root, modelled.stepper, modelled.model
    if model.infeasible:
        return None
    weeks = fewest_track_days(model)
    try:
        solution = model.milp.solve(None, node_limit)
    except SolverStoppedError:
        return None
    if solution is None:
        return None
    # No route ends before the juries of its VAE under way either.
    bound = max(track_bound(stepper.calendar, root.day, solution, weeks), root.finish - root.day)
    # The set of the fewest open days is not always the one that waits least for sessions:
    # while the share allows, the model's next sets are ordered too, and the shortest route
    # of them all is the stage's.
    start = stepper.work
    solves = 0
    routes: list[Route] = []
    while True:
        chosen = model.chosen(solution.values)
        order = model.order(chosen, solution.values)
        left = work_limit - (stepper.work - start) - solves
        found, _proven = order_set(stepper, root, order, work_limit=max(1, left))
        route = _route(catalogue, learner, found, modelled.modules)
        if route is not None:
            routes.append(route)
        model.exclude(chosen)  # and every larger set whose other steps serve nothing
        solves += solve_work(model.milp)
        if (stepper.work - start) + solves > work_limit:
            break
        try:
            solution = model.milp.solve(None, node_limit)
        except SolverStoppedError:
            break
        if solution is None:
            break  # no set left
    # The shortest, then the cheapest, then the fewest hours; the first found on a tie.
    best = min(
        routes, key=lambda route: route_values(route, Objective.DURATION, root.day), default=None
    )
    if best is None:
        return Decomposition(None, float(bound))
    return Decomposition(attrs.evolve(best, proven_optimal=False, bound=float(bound)), bound)


def _route(
    catalogue: Catalogue, learner: Learner, found: Node | None, modules: tuple[Action, ...]
) -> Route | None:
    """The route of the order ``found``, or None (no order, or over the budget: the model
    prices a VAE at its least, one block covered, and once priced the route may cost more than
    the budget allows)."""
    if found is None:
        return None
    sequence = sequence_of(found)
    route = simulate(catalogue, learner, sequence, Objective.DURATION, modules=modules)
    budget = learner.constraints.budget
    if budget is not None and route.totals.cost > budget:
        return None
    return route


def track_days(model: Encoder) -> tuple[list[tuple[int, float]], frozenset[int]]:
    """Each action's open days on the person's track (a VAE runs on its own: none), by its
    column in the model, and the weeks those days fall in."""
    terms: list[tuple[int, float]] = []
    weeks: set[int] = set()
    for actor in model.program.actors:
        action = actor.action
        if action is None:
            continue
        days = 0 if action.kind is ActionKind.VAE else action.workdays
        if days:
            weeks |= action.week
        terms.append((actor.x, float(days)))
    return terms, frozenset(weeks)


def fewest_track_days(model: Encoder) -> frozenset[int]:
    """Make the model's objective the open days of the steps on the person's track (see
    :func:`track_days`), ties broken by the fewest actions (below one day in all); the weeks
    those days fall in."""
    terms, weeks = track_days(model)
    tie = 1 / (2 * (len(terms) + 1))
    for column, days in terms:
        model.milp.cost[column] = days + tie
    return weeks


def track_bound(calendar: Calendar, origin: int, solution: Solution, weeks: frozenset[int]) -> int:
    """Days from ``origin`` before which no route of the sets the model still allows can end:
    the end of the least open days on the person's track (its optimum, or its bound when the
    solver stopped first; see the module's documentation for why)."""
    return open_span(calendar, origin, solution.least, weeks)


def open_span(calendar: Calendar, origin: int, workdays: int, week: frozenset[int]) -> int:
    """Days from ``origin`` to the day after the earliest end of ``workdays`` open days of
    ``week``: no route whose track needs that many open days ends sooner."""
    if workdays <= 0 or not week:
        return 0
    first = calendar.next_open(origin, week)
    return calendar.end(first, _Span(workdays, fewest_days(workdays, week), week)) - origin
