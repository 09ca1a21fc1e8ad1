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
that is after the best route's end, none of them beats it on duration, the first tie-break. The
scheduler is exact for its set: partial orders come out by a bound of their end (the open days
left, counted from the track's free day), two with the same actions, holdings, juries, cost and
hours keep the one free earlier, and orders ending on the same day are compared on cost, then
hours. Every step's work is counted (the solver's in nodes); where a limit stops the stage, it
gives the best route it found, unproven, and the planner goes on with the depth-first search.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.actions import Action, ActionKind, module_actions
from itineraire.planning.decomposition import fewest_track_days, open_span, track_bound
from itineraire.planning.encoding import Encoder
from itineraire.planning.highs import refuse_unmodelled, refuse_unmodelled_experience
from itineraire.planning.milp import SolverStoppedError
from itineraire.planning.objectives import Objective
from itineraire.planning.ordering import schedule
from itineraire.planning.planner import root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.search import search
from itineraire.planning.stepping import Node, Stepper

__all__ = ["Settled", "applies", "settle"]

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
    work: int


def applies(objective: Objective) -> bool:
    """Whether the stage helps: for cost and hours, whose optimum the model proves."""
    return objective is not Objective.DURATION


def settle(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    value: int,
    node_limit: int,
    work_limit: int,
) -> Settled | None:
    """The best route among those of ``value`` (the proven optimum of ``objective``), ties
    included; None where the model does not apply. HiGHS may explore ``node_limit`` nodes a
    solve; the restricted searches together do at most ``work_limit`` units of work."""
    modules = module_actions(catalogue, learner)
    problem = PlanningProblem.build(catalogue, learner, objective, modules, every_placement=True)
    root = root_node(catalogue, learner)
    stepper = Stepper(problem, modules)
    try:
        refuse_unmodelled(problem)
        model = Encoder(problem, root, stepper, calendar=False).encode()
        refuse_unmodelled_experience(problem, root, model.experience_matters)
    except ValueError:
        return None
    if model.infeasible:
        return None
    if stepper.is_goal(root):
        return Settled(root, _values(root, objective, root.day), True, 0)  # nothing to do
    weights = model.weights
    pinned = [(a.x, float(weights[a.id])) for a in model.program.actors if a.action is not None]
    model.milp.row(pinned, -float("inf"), value + 0.5)
    weeks = fewest_track_days(model)
    duration = objective.order().index(Objective.DURATION)
    best: tuple[tuple[int, ...], Node] | None = None
    work = 0
    while True:
        try:
            solution = model.milp.solve(None, node_limit)
        except SolverStoppedError:
            return _settled(best, False, work)
        if solution is None:
            break  # no set left
        if (
            best is not None
            and track_bound(stepper.calendar, root.day, solution, weeks) > (best[0][duration])
        ):
            break  # every set left ends after the best route
        chosen = model.chosen(solution.values)
        try:
            goal, proven, used = _best_of(
                catalogue, learner, objective, modules, stepper, root, chosen, work_limit - work
            )
        except ValueError:
            return _settled(best, False, work_limit)
        work += used
        if goal is not None:
            values = _values(goal, objective, root.day)
            if best is None or values < best[0]:
                best = (values, goal)
        if not proven:
            return _settled(best, False, work)
        if _priced_vae(catalogue, chosen):
            model.exclude_exactly(chosen)
        else:
            model.exclude(chosen)
    return _settled(best, True, work)


def _best_of(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    modules: tuple[Action, ...],
    stepper: Stepper,
    root: Node,
    chosen: frozenset[str],
    work_limit: int,
) -> tuple[Node | None, bool, int]:
    """The best route made of the ``chosen`` actions (None: no order of them fits the
    calendar), whether that is proven, and the work spent; raises :class:`ValueError` beyond
    ``work_limit``.

    The set's cost and hours are the same in every order, which the scheduler then finds the
    shortest of, except with a VAE priced per block: it costs less when a module has validated
    one of its blocks first. For cost, or under a budget, the best order of such a set may be
    a slower, cheaper one; A* restricted to the set's actions sorts that out."""
    budget = learner.constraints.budget is not None
    if _priced_vae(catalogue, chosen) and (objective is Objective.COST or budget):
        restricted = _restricted(catalogue, learner, objective, modules, chosen)
        found = search(restricted, root, work_limit=max(1, work_limit))
        return (found.goals[0] if found.goals else None), found.proven, found.work
    start = stepper.work
    goal = schedule(
        stepper,
        root,
        sorted(chosen),
        limit=_NO_ORDER_LIMIT,
        work_limit=max(1, work_limit),
        estimate=_track_estimate(stepper, chosen),
    )
    return goal, True, stepper.work - start


def _priced_vae(catalogue: Catalogue, chosen: frozenset[str]) -> bool:
    """Whether ``chosen`` has a VAE whose cost depends on the blocks it covers."""
    return catalogue.vae_policy.block_cost > 0 and any(i.startswith("vae:") for i in chosen)


def _track_estimate(stepper: Stepper, chosen: frozenset[str]) -> Callable[[Node], int]:
    """A day before which no order of the rest of ``chosen`` can end, from a partial order:
    the steps left run on the person's track after its free day, one after the other (a VAE
    runs on its own track: it counts none), so they end no sooner than their open days counted
    from that day (:func:`open_span`, the argument of :func:`track_bound`)."""
    days = {
        action.id: action.workdays
        for action in stepper.actions
        if action.id in chosen and action.kind is not ActionKind.VAE and action.workdays
    }
    weeks = frozenset().union(*(action.week for action in stepper.actions if action.id in days))
    calendar = stepper.calendar

    def estimate(node: Node) -> int:
        left = sum(workdays for item, workdays in days.items() if item not in node.taken)
        return node.day + open_span(calendar, node.day, left, weeks)

    return estimate


def _restricted(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    modules: tuple[Action, ...],
    chosen: frozenset[str],
) -> PlanningProblem:
    """The planning problem with only the ``chosen`` actions (modules, placements, VAE)."""
    problem = PlanningProblem.build(
        catalogue, learner, objective, tuple(a for a in modules if a.id in chosen)
    )
    vae = tuple(c for c in problem.vae_certifications if f"vae:{c.code}" in chosen)
    return attrs.evolve(problem, vae_certifications=vae)


def _values(node: Node, objective: Objective, origin: int) -> tuple[int, ...]:
    """The node's values in ``objective``'s order, as the search compares them."""
    values = {
        Objective.DURATION: node.finish - origin,
        Objective.COST: node.cost,
        Objective.HOURS: node.hours,
    }
    return tuple(values[item] for item in objective.order())


def _settled(best: tuple[tuple[int, ...], Node] | None, proven: bool, work: int) -> Settled:
    if best is None:
        return Settled(None, None, proven, work)
    return Settled(best[1], best[0], proven, work)
