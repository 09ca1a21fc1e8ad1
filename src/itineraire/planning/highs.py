"""An optional exact backend for the route planner: a mixed-integer model solved by HiGHS.

``plan_with_highs(catalogue, learner, objective)`` answers the same question as
:meth:`itineraire.planning.Planner.plan` for the additive objectives ``cost`` and ``hours``. It
chooses a *set* of actions with a mixed-integer linear program, orders it, and replays the order
with :func:`~itineraire.planning.simulation.simulate`, so the route is checked by exactly the rules
of the A* planner. The planner itself uses it once A* stops at its work limit
(:func:`planner_candidate`).

The model
---------

- a binary ``x[a]`` per relevant action: every module, placement and transversal module of the
  :class:`~itineraire.planning.problem.PlanningProblem`, and one VAE per certification open to it;
- the goal rule, and the prerequisite rule of every chosen action (the VAE eligibility rule for a
  VAE), must hold using what the person holds at positioning or what chosen actions provide.
  ``AllOf`` shares its activation with its items; ``AnyOf`` and ``AtLeast`` get one auxiliary
  binary per item. A ``HasCompetence(c, rank r)`` is provided by any action teaching ``c`` at a
  rank of at least ``r``;
- a fact (a block, a competence at a rank) used by a rule gets a *supporter* among the chosen
  actions that provide it, and a continuous *potential*: a fact is available only to actions
  whose potential is above its supporter's. Potentials make support acyclic, so the chosen set
  can be ordered (a module never supports its own prerequisite, two modules never support each
  other). Their rows are written only within a cycle of possible supports (a mutual
  equivalence, cyclic prerequisites): no cycle of chosen supports goes anywhere else
  (:meth:`~itineraire.planning.program.Program.write_orderings`);
- an equivalence direction is a free pseudo-action that needs its ``from`` blocks and provides
  its ``to`` blocks (auxiliary binaries, ordered like actions); a direction's support of a
  block another direction needs, while it needs a block that one gives, asks for another
  supporter of that block (a row each: it keeps the linear relaxation from taking a block
  through a fraction of a mutual equivalence's two directions);
- experience is a sum: a ``HasExperience(h, jobs)`` rule of an action is met by the positioning's
  experience plus the hours of the chosen placements in those jobs ordered before it (one binary
  per placement and consumer). A VAE covers a block when the related experience at its start
  reaches the policy's ``block_coverage_hours``, placements ordered before it included; a chosen
  VAE must cover at least one block;
- the budget caps the total cost; a required placement asks for at least one placement;
- the objective is the total cost (VAE: support and jury, and with a price per block
  covered, the price of one block: the least a VAE costs, so that the model's optimum is then a
  lower bound and a route that costs more is returned unproven) or the total hours (VAE:
  support),
  ties broken by the number of actions (a small term per action, below a unit in total).

The calendar matters to ``cost`` and ``hours`` only through sessions: a module whose sessions
are over cannot be taken. Modules with no session left are left out; when some module has
sessions, the model also gets a relaxation of the calendar: a start day per action (a module with
sessions starts on one of them, clear of unavailable periods), "a fact is held from the end of
its supporter", no module or placement inside an unavailable period, and a module with sessions
starting after the total length of the steps ordered before it. The chosen set is then ordered
by its supports (group of potentials, then potential) and replayed with the A* planner's
calendar; if that order does not fit, the
earliest-finishing order of the set is searched for, and if none fits, the set is excluded by a
cut (with every larger set whose other actions provide nothing the set's rules use: dropping
steps never delays the others) and the model solved again. The answer therefore stays exact; a
:class:`CutsExhaustedError` is raised only if this takes more than ``MAX_ROUNDS`` rounds, and
:class:`~itineraire.planning.ordering.OrderingStoppedError` if an order search takes more than
``MAX_ORDERS`` partial orders (both are :class:`ValueError`).

The relaxation of the calendar is asked for only where it is needed: :func:`plan_with_highs`
and the planner's stage (:func:`planner_candidate`) first solve the model without it for a few
rounds (``_UNTIMED_ROUNDS``), each set the calendar refuses cut off as above, and add it when
those rounds run out (the backend also when ordering a set stops; the planner's stage then
leaves the plan to its other stages). Both ways are exact: the model without the relaxation is
a relaxation of the one with it. With sessions for many modules its rows make the model many
times larger (on a generated catalogue of 400 modules, sessions for one in three: 39,562
columns and 108,218 rows; with a time limit of 5 s a solve stopped at more than twice the
optimum that the model without them proves, its set ordered, in a third of a second).

What it does not model (an :class:`UnmodelledError`, a :class:`ValueError`, says which): the
objective ``duration``; modules that run part time beside other steps (a ``weekly_hours`` below
the person's). The A* planner handles both.

Periods of employment as steps (``employment_allowed``) are modelled by a relaxation: a rule
that asks for hours in named jobs (the target's, a module's prerequisite, a VAE's eligibility
or its coverage of a block) counts as met, since the person may work for them at no cost and
with no training hours (:meth:`Program.workable`); ordering the chosen set offers the periods
of employment the stepper offers where hours are lacking
(:func:`~itineraire.planning.ordering.schedule`), and a set that no order with them brings to
the target is cut off alone.

A VAE under way when the route starts (``Positioning.vae_under_way``) is modelled by a
relaxation: its blocks count as held from the start (:attr:`Program.held`) and its
certification gets no VAE of its own; ordering the chosen set with the planner's stepper puts
the blocks on the jury's day, and a set that cannot wait for them is cut off. Planned
employment still to come is modelled the same way: its hours count as held from the start
(:meth:`Program.experience_held`); ordering the set waits for its end where a step or the
target needs them, and tries a VAE on each day it covers more blocks
(:func:`~itineraire.planning.ordering.takes`), so a VAE that waits for the period to cover a
block is found.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.actions import Action, module_actions
from itineraire.planning.encoding import Encoder
from itineraire.planning.milp import SolverStoppedError
from itineraire.planning.objectives import Objective
from itineraire.planning.ordering import (
    MAX_ORDERS,
    OrderingStoppedError,
    prune,
    replay,
    schedule,
    sequence_of,
)
from itineraire.planning.planner import no_route_error, root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.route import Route
from itineraire.planning.simulation import SequenceError, simulate
from itineraire.planning.stepping import Node, Stepper

__all__ = [
    "GAVE_WAY",
    "CutsExhaustedError",
    "Modelled",
    "SolverStoppedError",
    "UnmodelledError",
    "model_problem",
    "plan_with_highs",
    "planner_candidate",
    "refuse_unmodelled",
]

MAX_ROUNDS = 200
"""Sets the model may propose that no calendar order can follow, before giving up."""


class UnmodelledError(ValueError):
    """The model does not cover this person's problem (the message says what): the planner's
    other stages handle it. Only this is a refusal: any other error from the model is a fault,
    and the planner lets it through instead of planning without the model."""


class CutsExhaustedError(ValueError):
    """The rounds of cuts ran out: every set the model chose was refused by the calendar."""


GAVE_WAY = (UnmodelledError, CutsExhaustedError, OrderingStoppedError, SolverStoppedError)
"""What :func:`planner_candidate` raises where the planner goes on without the model: its
refusals and its stops. Any other error from it is a fault, and reaches the caller."""


def plan_with_highs(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective = Objective.COST,
    *,
    time_limit: float | None = None,
) -> Route:
    """The route of lowest cost or fewest hours for ``learner``, found by a MILP solved by HiGHS.

    Raises :class:`~itineraire.planning.NoRouteError` when no route exists,
    :class:`UnmodelledError` (a :class:`ValueError`) for what this backend does not model (see
    the module's documentation), :class:`CutsExhaustedError` or
    :class:`~itineraire.planning.ordering.OrderingStoppedError` (both :class:`ValueError`) when
    it gives up on the calendar's refusals. With ``time_limit`` (seconds, for each solve) the
    best route found in time is returned, marked ``proven_optimal=False`` with its bound when
    the solver could not prove it optimal. The model is first solved without the relaxation
    of the calendar (a few rounds, each set the calendar refuses cut off), then with it.
    """
    if objective not in (Objective.COST, Objective.HOURS):
        raise UnmodelledError(
            f"the HiGHS backend handles the objectives cost and hours, not {objective.value}:"
            " the duration depends on sessions and on the calendar; use Planner"
        )
    # First without the relaxation of the calendar, as the planner's stage (see the module's
    # documentation: with many sessions it makes the model many times larger); with it where
    # the calendar refuses more rounds of sets, or ordering one stops (the planner's stage
    # leaves the plan to its other stages there; the backend has no other).
    try:
        limits = _Limits(time=time_limit, rounds=_UNTIMED_ROUNDS, calendar=False)
        return _solve(catalogue, learner, objective, objective, limits)
    except (CutsExhaustedError, OrderingStoppedError):
        return _solve(catalogue, learner, objective, objective, _Limits(time=time_limit))


def planner_candidate(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    node_limit: int,
    order_limit: int = MAX_ORDERS,
    *,
    modules: tuple[Action, ...] | None = None,
) -> Route:
    """The route this backend offers the planner once A* has stopped: the optimum for ``cost``
    and ``hours`` (unproven if HiGHS stopped at ``node_limit`` nodes in a solve); for
    ``duration``, the cheapest set of actions in its earliest order, a route but not proven
    the shortest. Raises :class:`NoRouteError` when no route exists, :class:`UnmodelledError`
    for what the model does not cover, :class:`CutsExhaustedError` when the rounds of cuts run
    out, :class:`~itineraire.planning.ordering.OrderingStoppedError` when ordering a chosen set
    takes more than ``order_limit`` partial orders, and :class:`SolverStoppedError` when the
    limits end it first. ``modules``: the person's module actions, when the planner has them
    already (see :func:`model_problem`)."""
    # First without the relaxation of the calendar: with many sessions its ordering rows make
    # the root node cost seconds, and a chosen set the calendar refuses is cut off instead.
    # Where the cuts do not settle it within the rounds, with the relaxation.
    model = Objective.COST if objective is Objective.DURATION else objective
    try:
        limits = _Limits(
            nodes=node_limit, rounds=_UNTIMED_ROUNDS, calendar=False, orders=order_limit
        )
        route = _solve(catalogue, learner, model, objective, limits, modules)
    except CutsExhaustedError:
        limits = _Limits(nodes=node_limit, rounds=_PLANNER_ROUNDS, orders=order_limit)
        route = _solve(catalogue, learner, model, objective, limits, modules)
    if objective is Objective.DURATION:
        return attrs.evolve(route, proven_optimal=False, bound=None)
    return route


@attrs.frozen
class Modelled:
    """One person's problem as the model sees it: the module actions, the problem, the start,
    the stepper that orders a chosen set, and the encoded model."""

    modules: tuple[Action, ...]
    problem: PlanningProblem
    root: Node
    stepper: Stepper
    model: Encoder


def model_problem(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    *,
    calendar: bool = True,
    modules: tuple[Action, ...] | None = None,
) -> Modelled:
    """The model of ``learner``'s problem, its weights ``objective``'s (``calendar``: with the
    relaxation of the calendar, see :class:`Encoder`); raises :class:`UnmodelledError` for what
    it does not cover (:func:`refuse_unmodelled`). Every user of the model (this backend, the
    decomposition, the settling stage) starts here. ``modules`` are
    ``module_actions(catalogue, learner)`` when the caller has them already (the planner keeps
    them per person's constraints: making them again was a few milliseconds a stage)."""
    if modules is None:
        modules = module_actions(catalogue, learner)
    # Every placement, not only those A* keeps for a placement requirement: an independent check.
    problem = PlanningProblem.build(catalogue, learner, objective, modules, every_placement=True)
    root = root_node(catalogue, learner)
    stepper = Stepper(problem, modules)
    refuse_unmodelled(problem)
    model = Encoder(problem, root, stepper, calendar=calendar).encode()
    return Modelled(modules, problem, root, stepper, model)


_PLANNER_ROUNDS = 20
"""Rounds of cuts the planner's use of this backend allows (see :data:`MAX_ROUNDS`)."""

_UNTIMED_ROUNDS = 4
"""Rounds of cuts tried without the relaxation of the calendar, before it is added."""


@attrs.frozen
class _Limits:
    time: float | None = None
    nodes: int | None = None
    rounds: int = MAX_ROUNDS
    calendar: bool = True
    orders: int = MAX_ORDERS


def _solve(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective,
    shown: Objective,
    limits: _Limits,
    modules: tuple[Action, ...] | None = None,
) -> Route:
    """The best route for ``objective`` (cost or hours), given as a route for ``shown``."""
    modelled = model_problem(
        catalogue,
        learner,
        objective,
        calendar=limits.calendar,
        modules=modules,
    )
    problem, root, stepper, model = (
        modelled.problem,
        modelled.root,
        modelled.stepper,
        modelled.model,
    )
    for _ in range(limits.rounds):
        solution = None if model.infeasible else model.milp.solve(limits.time, limits.nodes)
        if solution is None:
            raise no_route_error(problem, root)
        chosen = model.chosen(solution.values)
        order = model.order(chosen, solution.values)
        end = replay(stepper, root, order)
        if end is None:
            found = schedule(stepper, root, order, limits.orders)
            if found is None:
                model.exclude(chosen)
                continue
            order = [step.action.id for step in found.steps]
            end = replay(stepper, root, order)
        order, end = prune(stepper, root, order, end, model.weights)
        assert end is not None  # the scheduler's order replays, and prune keeps one that does
        route = _route(catalogue, learner, sequence_of(end), shown, modelled.modules)
        totals = route.totals
        budget = learner.constraints.budget
        if budget is not None and totals.cost > budget:
            # The model prices a VAE at its least (one block covered): a VAE priced per block
            # may take the route over the budget. Then this set is no route: cut it off.
            model.exclude_exactly(chosen)
            continue
        value = totals.cost if objective is Objective.COST else totals.training_hours
        expected = sum(model.weights[item] for item in chosen)
        # A VAE priced per block is in the model at its least (one block covered): the route
        # may cost more, and the model's optimum is then a lower bound, not the optimum.
        priced = objective is Objective.COST and catalogue.vae_policy.block_cost > 0
        if value < expected or (value > expected and not priced):
            raise RuntimeError(
                f"HiGHS backend: the model's value {expected} differs from the route's"
                f" {value} for {order}; please report this with the catalogue and learner"
            )
        if not solution.proven or value > expected:
            # The model's bound includes the tie-break (less than 1/2): the objective is whole.
            bound = float(math.ceil(solution.bound - 0.5 - 1e-9))
            return attrs.evolve(route, proven_optimal=False, bound=bound)
        return route
    raise CutsExhaustedError(
        f"the HiGHS backend gave up after {limits.rounds} sets of actions that the sessions,"
        f" unavailable periods do not allow (modules with sessions: {model.sessions_text()});"
        " use Planner"
    )


def _refuse_part_time(problem: PlanningProblem) -> None:
    """Part-time modules run beside other steps: the model's schedule (one step after the
    other on the person's track) does not hold them."""
    part_time = [action.id for action in problem.actions if action.intensity]
    if part_time:
        raise UnmodelledError(
            "the HiGHS backend does not model modules run part time beside other steps"
            f" (weekly_hours below the person's {problem.learner.constraints.weekly_hours} h: "
            + ", ".join(part_time)
            + "); use Planner"
        )


def refuse_unmodelled(problem: PlanningProblem) -> None:
    """Raises :class:`UnmodelledError` for what the model does not cover (see the module's
    documentation) and can be told before it is encoded, so that a refusal costs no encoding.
    Every user of the model refuses through here: a model of steps one after the other bounds
    nothing beside them, so the decomposition stage stands aside for them as well."""
    _refuse_part_time(problem)


def _route(
    catalogue: Catalogue,
    learner: Learner,
    order: Sequence[str],
    objective: Objective,
    modules: tuple[Action, ...],
) -> Route:
    try:
        return simulate(catalogue, learner, order, objective, modules=modules)
    except SequenceError as error:  # the replay accepted it: the two disagree
        raise RuntimeError(
            f"HiGHS backend: simulate refused the order {list(order)}: {error};"
            " please report this with the catalogue and learner"
        ) from error
