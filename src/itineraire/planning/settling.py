r"""A stage of the planner for cost and hours: settle the ties among the cheapest routes.

Once A* has stopped, the mixed-integer model proves the least cost (or the fewest hours) ``V``
in milliseconds, but the planner breaks ties by duration, then by the other value, and proving
*that* is where the depth-first search used to spend the rest of the work limit, often in vain.
Few sets of actions reach
``V`` (one to nine on the random re-plans measured), so this stage looks at them one by one:

1. The model, its value pinned at ``V`` or less, chooses the set whose steps on the person's
   track need the fewest open days (:func:`~itineraire.planning.decomposition.fewest_track_days`).
2. The scheduler finds the best order of that set (:func:`~itineraire.planning.ordering.schedule`
   with an estimate of the days left, as in A\*: the shortest, then the cheapest, then the
   fewest hours), or that none fits the calendar. Where a VAE is priced per block and cost
   matters (the objective or a budget), A\* restricted to the set's actions does it instead.
3. The set is cut off (with every larger set whose other actions give nothing its rules use,
   :meth:`~itineraire.planning.encoding.Encoder.exclude`), and the model is asked again.

It stops when no set is left, or when the open days of the next one already end after the best
route found (``track_bound``): then the best route found is the optimum, ties included.

Why this is exact. The model is a relaxation of the routes: every route's set of actions meets
its rows, and its value in the model (a VAE priced at its least) is at most the route's. So
every route of value ``V`` has a set that the pinned model allows until it is cut off. A set is
cut off once its best order is known (or that it has none), and with it every larger set whose
other actions give nothing that a rule of the set or the goal uses: dropping those steps from a
route leaves a route of the set, no step later (the earliest start is monotone) and no dearer,
so no worse on any value. (Not so beside a VAE priced per block: a module that validates one of
its blocks makes it cheaper. A set with such a VAE is cut off alone.) The sets not yet offered
need at least the model's optimum in open days on the person's track, so their routes end no
sooner than ``track_bound`` (the argument of :mod:`~itineraire.planning.decomposition`); once
that is after the best route's end, none of them beats it on duration, the first tie-break
(once the best route reaches ``V``: a set whose VAE priced per block covers more blocks than the
model counts has a dearer route, and a later, longer set may reach ``V`` and beat it). The
scheduler is exact for its set: partial orders come out by a bound of their end (the steps left,
each from its first start the calendar allows, see :func:`track_estimate`), two with the same
actions, holdings, juries, cost and hours keep the one free earlier (one free and ending no
sooner is dropped before its estimate: that is no sooner either), and orders ending on the
same day are compared on cost, then hours. Every step's work is counted (the solver's in
nodes). Where a limit stops the scheduler, the better of the orders found step by step and by a
beam stands in for the set's (:func:`~itineraire.planning.ordering.greedy`,
:func:`~itineraire.planning.ordering.beam`); where it stops the stage, the stage gives the
best route it found, unproven, and the planner goes on with the depth-first search (with a
quarter of the work limit when that route reaches the optimum: only ties are left).

Where the person may work for experience (periods of employment as steps), the model counts
a rule that asks for hours in named jobs as met (a relaxation), and ordering a set offers the
periods of employment the stepper offers (:func:`~itineraire.planning.ordering.schedule`); a set
is then cut off alone, since the periods a route is offered depend on the actions it may still
take.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.actions import Action
from itineraire.planning.calendar import Calendar
from itineraire.planning.decomposition import (
    fewest_track_days,
    open_span,
    track_bound,
    track_days,
)
from itineraire.planning.estimate import track_estimate
from itineraire.planning.highs import Modelled, UnmodelledError, model_problem
from itineraire.planning.milp import Solution, SolverStoppedError, solve_work
from itineraire.planning.objectives import Objective
from itineraire.planning.ordering import order_set
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.search import search
from itineraire.planning.stepping import Node, node_values

__all__ = [
    "Settled",
    "applies",
    "settle",
    "settle_duration",
    "track_days_within",
]

_NO_ORDER_LIMIT = 10**12
"""Ordering a set is bounded by the work limit (in the stepper's units), not by partial orders."""


@attrs.frozen
class Settled:
    """The end of the best route the stage found (None: none; the planner builds the route),
    whether it is proven the optimum, ties included, and the stage's work in the planner's
    units."""

    goal: Node | None
    values: tuple[int, ...] | None
    """The best route's values in the objective's order (days from the start to the day after
    its end, euros, hours), as the planner compares them."""
    proven: bool
    """Whether the best route is the optimum, ties included: ``goal``'s, or where the stage
    found none better, the route known before it ran (see :func:`settle_duration`)."""
    work: int
    bound: float | None = None
    """For duration, a proven lower bound of the shortest route: the days asked, or as far as
    the stage raised them (the shortest route's days when it got there; infinite when every
    set was seen and none has an order: there is no route)."""


def applies(objective: Objective) -> bool:
    """Whether :func:`settle` helps: for cost and hours, whose optimum the model proves (for
    duration, :func:`settle_duration` takes a proven bound instead)."""
    return objective is not Objective.DURATION


@attrs.frozen
class _Sets:
    """What both entry points share: the person's problem as the model sees it (whose sets are
    offered one by one) and the objective whose ties are settled."""

    modelled: Modelled
    objective: Objective

    @classmethod
    def prepare(
        cls,
        catalogue: Catalogue,
        learner: Learner,
        objective: Objective,
        modules: tuple[Action, ...] | None,
    ) -> _Sets | None:
        """The model of ``learner``'s problem for ``objective`` (its weights are that
        objective's, for duration the cost's), or None where it does not apply; ``modules``:
        the person's module actions, when known already."""
        weighed = Objective.COST if objective is Objective.DURATION else objective
        try:
            modelled = model_problem(catalogue, learner, weighed, calendar=False, modules=modules)
        except UnmodelledError:
            return None
        if modelled.model.infeasible:
            return None
        return cls(modelled, objective)

    def cap(self, most: int) -> None:
        """Allow only the sets whose value in the model (its weights) is at most ``most``."""
        model = self.modelled.model
        weights = model.weights
        terms = [(a.x, float(weights[a.id])) for a in model.program.actors if a.action is not None]
        model.milp.row(terms, -float("inf"), most + 0.5)

    def at_start(self) -> Settled | None:
        """The route with no step, when the start already reaches the target."""
        root = self.modelled.root
        if not self.modelled.stepper.is_goal(root):
            return None
        return Settled(root, self.values(root), True, 0)

    def values(self, node: Node) -> tuple[int, ...]:
        """``node``'s values in the objective's order, as the planner compares them."""
        return node_values(node, self.objective.order(), self.modelled.root.day)

    def offered(
        self,
        done: Callable[[Solution, tuple[int, ...] | None], bool],
        best: tuple[tuple[int, ...], Node | None] | None,
        node_limit: int,
        work_limit: int,
    ) -> _Offered:
        """Order the sets the model offers, best first, cutting each off, until none is left
        or ``done(solution, best values)`` says no set left can beat the best route (None
        before any); ``best`` is a route known already (its node None when it is only values to
        beat), kept as the best until a better one is found."""
        model = self.modelled.model
        work = 0
        while True:
            solve = solve_work(model.milp)
            if work + solve > work_limit:
                return _Offered(best, False, work)
            work += solve
            try:
                solution = model.milp.solve(None, node_limit)
            except SolverStoppedError:
                return _Offered(best, False, work)
            if solution is None:
                break  # no set left
            if done(solution, None if best is None else best[0]):
                break  # no set left can beat the best route
            chosen = model.chosen(solution.values)
            goal, proven, used = _best_of(self, chosen, max(1, work_limit - work))
            work += used
            if goal is not None:
                values = self.values(goal)
                if best is None or values < best[0]:
                    best = (values, goal)
            if not proven:
                return _Offered(best, False, work)
            if _priced_vae(self.modelled.problem.catalogue, chosen):
                model.exclude_exactly(chosen)
            else:
                model.exclude(chosen)
        return _Offered(best, True, work)


@attrs.frozen
class _Offered:
    """The best route after some sets were offered (its node None when it is a route known
    before), whether the offer finished (no set left, or none left that can beat it), and the
    work spent."""

    best: tuple[tuple[int, ...], Node | None] | None
    finished: bool
    work: int


def settle(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    value: int,
    node_limit: int,
    work_limit: int,
    *,
    modules: tuple[Action, ...] | None = None,
) -> Settled | None:
    """The best route among those of ``value`` (the proven optimum of ``objective``, cost or
    hours), ties included; None where the model does not apply. HiGHS may explore
    ``node_limit`` nodes a solve; ordering the sets takes at most ``work_limit`` units of
    work. ``modules``: the person's module actions, when the planner has them already."""
    sets = _Sets.prepare(catalogue, learner, objective, modules)
    if sets is None:
        return None
    known = sets.at_start()
    if known is not None:
        return known
    sets.cap(value)
    weeks = fewest_track_days(sets.modelled.model)
    duration = objective.order().index(Objective.DURATION)
    calendar, origin = sets.modelled.stepper.calendar, sets.modelled.root.day

    def done(solution: Solution, best: tuple[int, ...] | None) -> bool:
        if best is None or best[0] > value:
            # A VAE priced per block is in the model at its least: the best route so far may
            # cost more than the optimum, and a later set, however long, reaches it and wins.
            return False
        # Every set left ends after the best route.
        return track_bound(calendar, origin, solution, weeks) > best[duration]

    offered = sets.offered(done, None, node_limit, work_limit)
    return _settled(offered.best, offered.finished, offered.work)


def settle_duration(
    catalogue: Catalogue,
    learner: Learner,
    days: int,
    known: tuple[int, ...] | None,
    node_limit: int,
    work_limit: int,
    *,
    modules: tuple[Action, ...] | None = None,
) -> Settled | None:
    """The shortest route, ties included, from ``days`` (a proven lower bound of it: days from
    the start to the day after its end); where the work ends first, the best route found and
    the bound raised so far; None where the model does not apply. ``known`` are the values
    (days, euros, hours) of the best route found so far, if any.

    1. The model offers the sets whose open days on the person's track fit in ``days``
       (:func:`track_days_within`; no other can end that soon), cheapest first; each is ordered
       at its best; once the next set costs more than the best route of ``days`` found, that
       route is the optimum, ties included.
    2. When every such set was seen and none takes ``days`` days, the bound rises
       (:func:`_raise_bound`) to the shortest route's days, and step 1 settles its ties there.

    HiGHS may explore ``node_limit`` nodes a solve; the solves and ordering the sets take at
    most ``work_limit`` units of work. ``modules``: the person's module actions, when the
    planner has them already."""
    sets = _Sets.prepare(catalogue, learner, Objective.DURATION, modules)
    if sets is None:
        return None
    start = sets.at_start()
    if start is not None and start.values is not None:
        # No route ends before the juries under way at the start: this one ends with them.
        return attrs.evolve(start, bound=float(start.values[0]))
    track = _Track.of(sets)
    best: tuple[tuple[int, ...], Node | None] | None = None if known is None else (known, None)
    offered = track.at_days(days, best, node_limit, work_limit)
    best, spent = offered.best, offered.work
    if not offered.finished:
        # Stopped first: its best route is one more candidate, the bound the one it was given.
        return _settled(best, False, spent, days)
    if best is not None and best[0][0] <= days:
        return _settled(best, True, spent, days)
    # Every set that fits in ``days`` was seen, and none takes so few days.
    raised = _raise_bound(track, days + 1, best, node_limit, work_limit - spent)
    best, spent = raised.offered.best, spent + raised.offered.work
    if not raised.offered.finished or best is None:
        # Stopped first, or every set seen and none has an order: no route at all.
        return _settled(best, False, spent, raised.bound)
    shortest = best[0][0]  # the shortest route: its ties are left to settle
    offered = track.at_days(shortest, best, node_limit, work_limit - spent)
    return _settled(offered.best, offered.finished, spent + offered.work, shortest)


@attrs.frozen
class _Track:
    """The model with a row that bounds the open days of its sets on the person's track."""

    sets: _Sets
    row: int
    weeks: frozenset[int]

    @classmethod
    def of(cls, sets: _Sets) -> _Track:
        terms, weeks = track_days(sets.modelled.model)
        row = sets.modelled.model.milp.row(terms, -math.inf, math.inf)
        return cls(sets, row, weeks)

    def within(self, days: int | None) -> None:
        """Allow only the sets whose open days on the track fit in ``days`` (None: all)."""
        milp = self.sets.modelled.model.milp
        if days is None:
            milp.bound_row(self.row, -math.inf, math.inf)
            return
        stepper, root = self.sets.modelled.stepper, self.sets.modelled.root
        most = track_days_within(stepper.calendar, root.day, days, self.weeks)
        milp.bound_row(self.row, -math.inf, most + 0.5)

    def at_days(
        self,
        days: int,
        best: tuple[tuple[int, ...], Node | None] | None,
        node_limit: int,
        work_limit: int,
    ) -> _Offered:
        """Offer the sets that fit in ``days``, cheapest first, until none is left or the next
        costs more than the best route of ``days``."""
        self.within(days)
        if best is not None and best[0][0] <= days:
            self.sets.cap(best[0][1])  # sets that cost more than the best route cannot beat it

        def done(solution: Solution, best: tuple[int, ...] | None) -> bool:
            if best is None or best[0] > days:
                return False  # no route of that many days found yet
            # Every set left costs more than the best route of those days.
            return solution.least > best[1]

        return self.sets.offered(done, best, node_limit, max(1, work_limit))


@attrs.frozen
class _Raised:
    """What :func:`_raise_bound` found, and the proven lower bound of the shortest route it
    raised (infinite when no set has an order: there is no route)."""

    offered: _Offered
    bound: float


def _raise_bound(
    track: _Track,
    days: int,
    best: tuple[tuple[int, ...], Node | None] | None,
    node_limit: int,
    work_limit: int,
) -> _Raised:
    """Raise the proven bound ``days`` of the shortest route to the shortest route's days, by
    offering the sets fewest open days on the person's track first, each ordered at its best.

    Why this is exact. The sets not offered yet need at least the model's least open days on the
    track, so their routes end no sooner than :func:`track_bound` of it; the sets offered are cut
    off with every larger set whose other steps serve nothing (their routes end no sooner than
    the set's best order). So the shortest route ends no sooner than the earlier of the best
    route found and ``track_bound``; once ``track_bound`` reaches the best route, that route is
    the shortest. Before, the stage only learnt that no route took ``days`` days (the bound rose
    by a day), and the depth-first search spent the rest of the limit proving what a handful of
    sets show (re-plan 394: A*'s bound 378, the route 379 days; 600,000 units of work against
    about 30,000)."""
    sets = track.sets
    model = sets.modelled.model
    calendar, origin = sets.modelled.stepper.calendar, sets.modelled.root.day
    costs = list(model.milp.cost)
    fewest_track_days(model)  # its weeks are the track's
    track.within(None)
    raised = float(days)

    def done(solution: Solution, best: tuple[int, ...] | None) -> bool:
        nonlocal raised
        left = track_bound(calendar, origin, solution, track.weeks)
        shortest = math.inf if best is None else best[0]
        raised = max(raised, min(shortest, left))
        return left >= shortest

    offered = sets.offered(done, best, node_limit, work_limit)
    model.milp.cost[:] = costs
    if offered.finished:
        # Every set left ends no sooner than the best route, or no set is left.
        raised = math.inf if offered.best is None else float(offered.best[0][0])
    return _Raised(offered, raised)


def track_days_within(calendar: Calendar, origin: int, days: int, weeks: frozenset[int]) -> int:
    """The most open days of ``weeks`` a route's track may need and still end within ``days``
    of ``origin`` (:func:`open_span` is monotone: a binary search)."""
    low, high = 0, max(0, days)
    while low < high:
        middle = (low + high + 1) // 2
        if open_span(calendar, origin, middle, weeks) <= days:
            low = middle
        else:
            high = middle - 1
    return low


def _best_of(sets: _Sets, chosen: frozenset[str], work_limit: int) -> tuple[Node | None, bool, int]:
    """The best route made of the ``chosen`` actions (None: no order of them fits the
    calendar), whether that is proven, and the work spent. Beyond ``work_limit``, the better
    of the orders found by :func:`~itineraire.planning.ordering.greedy` and
    :func:`~itineraire.planning.ordering.beam`, unproven, or None (their work comes on top).

    The set's cost and hours are the same in every order, which the scheduler then finds the
    shortest of, except with a VAE priced per block: it costs less when a module has validated
    one of its blocks first. For cost, or under a budget, the best order of such a set may be
    a slower, cheaper one; A* restricted to the set's actions sorts that out."""
    budget = sets.modelled.problem.learner.constraints.budget is not None
    if _priced_vae(sets.modelled.problem.catalogue, chosen) and (
        sets.objective is Objective.COST or budget
    ):
        restricted = _restricted(sets, chosen)
        found = search(restricted, sets.modelled.root, work_limit=max(1, work_limit))
        return (found.goals[0] if found.goals else None), found.proven, found.work
    stepper, root = sets.modelled.stepper, sets.modelled.root
    start = stepper.work
    goal, proven = order_set(
        stepper,
        root,
        sorted(chosen),
        limit=_NO_ORDER_LIMIT,
        work_limit=max(1, work_limit),
        estimate=track_estimate(stepper, root, chosen),
    )
    return goal, proven, stepper.work - start


def _priced_vae(catalogue: Catalogue, chosen: frozenset[str]) -> bool:
    """Whether ``chosen`` has a VAE whose cost depends on the blocks it covers."""
    return catalogue.vae_policy.block_cost > 0 and any(i.startswith("vae:") for i in chosen)


def _restricted(sets: _Sets, chosen: frozenset[str]) -> PlanningProblem:
    """The planning problem with only the ``chosen`` actions (modules, placements, VAE); every
    placement among them is kept for a required placement, as in the model that chose them
    (none is dropped as dominated by another)."""
    problem = PlanningProblem.build(
        sets.modelled.problem.catalogue,
        sets.modelled.problem.learner,
        sets.objective,
        tuple(a for a in sets.modelled.modules if a.id in chosen),
        every_placement=True,
    )
    vae = tuple(c for c in problem.vae_certifications if f"vae:{c.code}" in chosen)
    return attrs.evolve(problem, vae_certifications=vae)


def _settled(
    best: tuple[tuple[int, ...], Node | None] | None,
    proven: bool,
    work: int,
    bound: float | None = None,
) -> Settled:
    """The stage's answer: the best route found by the stage itself (a route only known
    before, its node None, is the caller's), proven or not, and for duration the proven bound
    of the shortest route."""
    if best is None or best[1] is None:
        return Settled(None, None, proven, work, bound)
    return Settled(best[1], best[0], proven, work, bound)
