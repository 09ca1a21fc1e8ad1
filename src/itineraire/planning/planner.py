"""The planner's front door: the best route for a person, or the k best of different mixes.

>>> from itineraire import builtin_catalogue
>>> from itineraire.planning import Planner
>>> planner = Planner(builtin_catalogue())      # doctest: +SKIP
>>> route = planner.plan(learner)               # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from itineraire.analysis.reachability import Reach
from itineraire.errors import ItineraireError
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Constraints, Learner
from itineraire.planning.actions import Action, SessionDays, module_actions, undated_actions
from itineraire.planning.building import build_route, every_step_serves
from itineraire.planning.diagnosis import explain_no_route
from itineraire.planning.dive import Dive
from itineraire.planning.memory import PlanMemory, recently_used
from itineraire.planning.objectives import Objective
from itineraire.planning.pending import under_way
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.route import Route
from itineraire.planning.search import search
from itineraire.planning.stepping import Node, Stepper
from itineraire.planning.trimming import without_idle_steps
from itineraire.validation import credited_blocks

if TYPE_CHECKING:  # imported when used: a route that A* proves never loads the solver
    from itineraire.planning.decomposition import Decomposition
    from itineraire.planning.settling import Settled

__all__ = ["DEFAULT_WORK_LIMIT", "NoRouteError", "Planner", "PlanningLimitError", "plan"]

DEFAULT_WORK_LIMIT = 1_000_000
"""The work a plan may do before it returns the best route found so far, unproven: about half
a second to a second of one core of the shared two-core machine the benchmarks ran on (see
``docs/planner.md``). Every plan of the built-in catalogue's benchmark is proven well within it."""

_WORK_PER_SOLVER_NODE = 1_000
"""The mixed-integer model may explore a node of branch and bound per this much work."""

_WORK_PER_ORDER = 4_000
"""Ordering a set the model chose may try a partial order per this much work (each tries every
action of the set after it: on a target of many blocks, a few tenths of a millisecond)."""

_STAGE_SHARE = 10
"""Ordering the decomposition's set may use a tenth of the work limit (measured on random
re-plans: a sixteenth loses some of its shorter routes, a third costs up to 0.4 s more)."""

_SETTLE_SHARE = 4
"""Settling the ties of a proven cost or hours may use a quarter of the work limit (measured on
random re-plans: most that settle at all do within it; the depth-first search gets the rest)."""

_SETTLE_DURATION_SHARE = 10
"""Settling the ties of duration at its proven bound may use a tenth of the work limit
(measured on random re-plans: those it proves take a few sets; when the bound is below the
shortest route, it would go through every set that fits and prove only a day more)."""

_TIES_SHARE = 4
"""Once the model has proven the optimum of cost or hours and a route reaches it, only ties
are left: the depth-first search gets at most a quarter of the work limit for them, not all
the rest (measured: on 1,000 random re-plans it never settled such ties, 16 plans spending 80
to 240 ms each; on the generated catalogues of 40 blocks it shortens some, and a quarter still
finds every one of them, a sixteenth not)."""

_DIVE_KEPT_SHARE = 8
"""For duration, the depth-first search keeps back an eighth of the work limit (at most half
of what it gets) until the decomposition has offered its route: where it stops, that route
is nearly always the shorter, and the search then goes on below it."""

_ACTIONS_KEPT = 32
"""The module actions of this many sets of constraints are kept for the next plans (the least
recently used go first): a planner kept for a whole population, where nearly every person
starts on another day, kept every set (254 sets and 25,000 actions after 500 re-plans), and
Python's garbage collector scanned them all again in each full collection."""

_SEARCH_SHARE = 4
"""A* gets the first quarter of the work limit; the depth-first search the rest, if needed."""

_GLANCE_SHARE = 64
"""For the cheapest cost named in a budget refusal, A* on the cost alone first gets a
sixty-fourth of the work limit: it proves most of them in a few milliseconds, where the model
may spend a tenth of a second without proving some (a VAE priced per block)."""

_QUICK_SHARE = 16
"""For the cheapest cost named in a budget refusal, A* gets a sixteenth of the work limit once
neither its glance nor the model has proven it."""


@attrs.frozen
class _Settling:
    """What the ties stage leaves the planner: a proven route (the plan's answer), or a bound
    and the work it spent."""

    route: Route | None
    bound: float
    work: int


class NoRouteError(ItineraireError):
    """No route reaches the target (proven); ``reasons`` say which requirement fails and what
    blocks it, as data (:class:`~itineraire.planning.reasons.Reason`); the message is rendered
    from them."""

    def __init__(self, learner: str, reasons: Sequence[Reason]) -> None:
        self.learner = learner
        self.reasons = tuple(reasons)
        lines = [f"no route for learner {learner}:", *(f"  - {reason}" for reason in reasons)]
        super().__init__("\n".join(lines))


class PlanningLimitError(ItineraireError):
    """The work limit ended the planning before any route was found: one may still exist.

    ``bound`` is a lower bound of the best route's value for the objective (days, euros or
    hours), ``work_limit`` the limit that was reached."""

    def __init__(self, learner: str, objective: Objective, work_limit: int, bound: float) -> None:
        self.learner = learner
        self.objective = objective
        self.work_limit = work_limit
        self.bound = bound
        reason = Reason(code=ReasonCode.SEARCH_STOPPED, limit=work_limit, bound=bound)
        self.reasons = (reason,)
        """Why there is no route in the answer, as :attr:`NoRouteError.reasons` (one reason)."""
        super().__init__(f"planning for learner {learner} {reason}")


class Planner:
    """Plans routes on one catalogue.

    ``work_limit`` bounds each plan: a count of the operations the search does (routes tried,
    actions weighed by the bounds), not a time, so that the result never depends on the
    machine's speed. A route found within it is proven optimal; when the limit ends the search
    first, the best route found is returned with ``proven_optimal=False`` and the proven lower
    bound of the optimum, and :class:`PlanningLimitError` is raised if there is none.
    """

    def __init__(self, catalogue: Catalogue, *, work_limit: int = DEFAULT_WORK_LIMIT) -> None:
        if isinstance(work_limit, bool) or not isinstance(work_limit, int) or work_limit < 1:
            raise ValueError(f"work_limit must be a positive integer (got {work_limit!r})")
        self.catalogue = catalogue
        self.work_limit = work_limit
        # The catalogue is immutable: its actions depend only on these four constraints, and
        # on all but the start before their sessions are read. The last few sets of each are
        # kept (see _ACTIONS_KEPT).
        self._actions: dict[
            tuple[int, frozenset[int], frozenset[str], dt.date], tuple[Action, ...]
        ] = {}
        self._undated: dict[tuple[int, frozenset[int], frozenset[str]], tuple[Action, ...]] = {}
        # The sessions of every module, per year of a start: kept for every plan.
        self._sessions = SessionDays()
        # What earlier plans computed: the same problems come back (see PlanMemory).
        self._memory = PlanMemory()

    def plan(self, learner: Learner, objective: Objective = Objective.DURATION) -> Route:
        """The best route for ``learner`` under ``objective``; raises :class:`NoRouteError`
        when none exists, :class:`PlanningLimitError` when none was found within the limit."""
        return self.alternatives(learner, 1, objective)[0]

    def alternatives(
        self, learner: Learner, count: int, objective: Objective = Objective.DURATION
    ) -> tuple[Route, ...]:
        """Up to ``count`` best routes whose mixes of modalities differ (training only, hybrid
        VAE, contrat de professionnalisation…), best first."""
        if count < 1:
            raise ValueError(f"count must be at least 1 (got {count})")
        problem = PlanningProblem.build(
            self.catalogue, learner, objective, self._module_actions(learner), memory=self._memory
        )
        root = root_node(self.catalogue, learner)
        result = search(
            problem,
            root,
            alternatives=count,
            # Alternatives come from A* alone: it gets the whole limit for them.
            work_limit=max(1, self.work_limit // (_SEARCH_SHARE if count == 1 else 1)),
            accept=lambda goal: every_step_serves(problem, root, goal),
        )
        if result.proven:
            if not result.goals:
                raise no_route_error(problem, root, lambda: self._cheapest_cost(learner))
            return tuple(_route(problem, root, goal, True, result.bound) for goal in result.goals)
        # Stopped by the limit. The mixed-integer model proves there is no route, or gives the
        # optimum of cost or hours (a bound, since it breaks ties its own way) or a route
        # (duration); the depth-first search looks for a better one with the rest of the work,
        # and proves the best one optimal if it finishes.
        candidates = [_route(problem, root, goal, False, result.bound) for goal in result.goals]
        origin = root.day
        bound = result.bound
        solved = self._solver_candidate(learner, objective)
        if solved is not None:
            if solved.proven_optimal:
                # Optimal for the objective, but the model does not break ties as the planner
                # does (duration is not in it): the objective's optimum is a proven bound.
                bound = max(bound, route_values(solved, objective, origin)[0])
            else:
                bound = max(bound, solved.bound or 0.0)
            candidates.append(solved)
        # The ties stage: for cost and hours once the model proved the optimum, for duration
        # at the proven bound; it often proves the route where the depth-first search spent
        # the rest of the limit in vain.
        settled = self._settle(problem, root, candidates, bound, solved, result.work)
        if settled.route is not None:
            return (settled.route,)
        bound = settled.bound
        spent = result.work + settled.work
        known = min((route_values(route, objective, origin) for route in candidates), default=None)
        rest = max(1, self.work_limit - spent)
        if _only_ties_left(objective, solved, known, bound, settled.work):
            rest = min(rest, max(1, self.work_limit // _TIES_SHARE))
        searched = Dive(problem, root, known)
        staged_route: Route | None = None
        # The decomposition's objective (its module is imported only when it runs: see
        # _staged_candidate).
        staging = objective is Objective.DURATION
        kept = min(rest // 2, self.work_limit // _DIVE_KEPT_SHARE) if staging else 0
        found = searched.run(rest - kept)
        if not found.finished and staging:
            # Stopped: the decomposition may offer a shorter route and a higher bound. It
            # comes after the first part of the depth-first search, so a route that search
            # proves within that part costs nothing more; the search then goes on with the
            # work it kept back, cutting what the decomposition's route beats.
            staged = self._staged_candidate(learner, objective)
            if staged is not None:
                bound = max(bound, staged.bound)
                staged_route = staged.route
                if staged_route is not None:
                    searched.beaten_by(route_values(staged_route, objective, origin))
            found = searched.run(rest)
        if found.best is not None:
            candidates.append(_route(problem, root, found.best, False, result.bound))
        if staged_route is not None:
            # After the depth-first search's own route: of two routes of the same values, its
            # route is kept, as when it finished before the decomposition ran.
            candidates.append(staged_route)
        if not candidates:
            if found.finished or bound == math.inf:
                # Finished without a route, or a proven bound says none can reach the target
                # (the waits bound: a block's only ways end before it can start).
                raise no_route_error(problem, root, lambda: self._cheapest_cost(learner))
            raise PlanningLimitError(learner.id, objective, self.work_limit, bound)
        best = min(candidates, key=lambda route: route_values(route, objective, origin))
        if found.finished:
            # The depth-first search saw or cut every route better than the best known: it is
            # the optimum.
            return (attrs.evolve(best, proven_optimal=True, bound=None),)
        return (attrs.evolve(best, proven_optimal=False, bound=float(bound)),)

    def _solver_candidate(self, learner: Learner, objective: Objective) -> Route | None:
        """The mixed-integer model's route, or None where it does not apply or stops first;
        raises :class:`NoRouteError` when it proves there is none."""
        # Imported here: a route that A* proves never loads the solver.
        from itineraire.planning import highs

        nodes = max(1, self.work_limit // _WORK_PER_SOLVER_NODE)
        orders = max(1, self.work_limit // _WORK_PER_ORDER)
        try:
            return highs.planner_candidate(
                self.catalogue,
                learner,
                objective,
                nodes,
                orders,
                modules=self._module_actions(learner),
            )
        except highs.GAVE_WAY:
            # Only the model's refusals and stops: the stages after it handle what it does
            # not cover; any other error is a fault, not a reason to plan without the model.
            return None

    def _settle(
        self,
        problem: PlanningProblem,
        root: Node,
        candidates: list[Route],
        bound: float,
        solved: Route | None,
        spent: int,
    ) -> _Settling:
        """The ties stage (see :mod:`.settling`) with at most a share of the work not
        ``spent`` yet: the proven route it finds, or the bound it raises and a route it adds to
        ``candidates``."""
        objective = problem.objective
        origin = root.day
        settled = self._settled_candidate(problem, root, candidates, bound, solved, spent)
        if settled is None:
            return _Settling(None, bound, 0)
        bound = max(bound, settled.bound or 0.0)
        if settled.goal is not None:
            route = _route(problem, root, settled.goal, settled.proven, bound)
            if settled.proven:
                return _Settling(route, bound, settled.work)
            candidates.append(route)
        elif settled.proven and objective is Objective.DURATION:
            # No route of the bound's days better than the best known one, which takes that
            # many days: it is the optimum, ties included.
            best = min(candidates, key=lambda route: route_values(route, objective, origin))
            return _Settling(attrs.evolve(best, proven_optimal=True, bound=None), bound, 0)
        return _Settling(None, bound, settled.work)

    def _settled_candidate(
        self,
        problem: PlanningProblem,
        root: Node,
        candidates: list[Route],
        bound: float,
        solved: Route | None,
        spent: int,
    ) -> Settled | None:
        """The ties stage's answer where it applies: for cost and hours, among the routes of
        the model's proven optimum; for duration, among the routes of the proven ``bound``."""
        # Imported here: a route that A* proves never loads the solver.
        from itineraire.planning import settling

        objective, learner = problem.objective, problem.learner
        origin = root.day
        nodes = max(1, self.work_limit // _WORK_PER_SOLVER_NODE)
        share = _SETTLE_SHARE if settling.applies(objective) else _SETTLE_DURATION_SHARE
        work = max(1, min(self.work_limit // share, self.work_limit - spent))
        modules = self._module_actions(learner)
        if settling.applies(objective):
            if solved is None or not solved.proven_optimal:
                return None
            optimum = route_values(solved, objective, origin)[0]
            return settling.settle(
                self.catalogue, learner, objective, optimum, nodes, work, modules=modules
            )
        if not math.isfinite(bound):
            return None  # the bound says no route can reach the target: nothing to settle
        known = min((route_values(route, objective, origin) for route in candidates), default=None)
        days = math.ceil(bound - 1e-9)
        return settling.settle_duration(
            self.catalogue, learner, days, known, nodes, work, modules=modules
        )

    def _staged_candidate(self, learner: Learner, objective: Objective) -> Decomposition | None:
        """The duration stage's route and bound (see :mod:`.decomposition`), where it applies."""
        # Imported here: a route that A* proves never loads the solver.
        from itineraire.planning import decomposition

        if not decomposition.applies(objective):
            return None
        nodes = max(1, self.work_limit // _WORK_PER_SOLVER_NODE)
        work = max(1, self.work_limit // _STAGE_SHARE)
        return decomposition.decompose(
            self.catalogue, learner, nodes, work, modules=self._module_actions(learner)
        )

    def _cheapest_cost(self, learner: Learner) -> int | None:
        """For a budget refusal: what the cheapest route costs without the budget, when it is
        proven cheapest (None when the limit stops that plan). With no route even without the
        budget, that plan's ``NoRouteError`` propagates: its reasons, not the budget, are the
        cause."""
        free = attrs.evolve(learner.constraints, budget=None)
        unbudgeted = attrs.evolve(learner, constraints=free)
        known = self._proven_cheapest_cost(unbudgeted)
        if known is not None:
            return known
        try:
            route = self.plan(unbudgeted, Objective.COST)
        except PlanningLimitError:
            return None
        return route.totals.cost if route.proven_optimal else None

    def _proven_cheapest_cost(self, learner: Learner) -> int | None:
        """The cheapest route's cost when A* or the mixed-integer model proves it (None
        otherwise).

        Only the cost is wanted, and both engines are exact: whichever proves it, it is the
        same. A* on the cost alone with a sixty-fourth of the limit proves most (225 of the 282
        budget refusals of 1,000 random re-plans); the model then proves nearly all the others
        in tens of milliseconds, where A* would spend its share in vain before asking it; A*
        with a sixteenth of the limit is asked about the few left (measured: 2.6 s of CPU for
        the 282 against 2.8 s, A* with a sixteenth first; 90th percentile 21 ms against 31).
        Where none proves it, the planner decides; where A* proves that there is no route, its
        error (with the reasons why) propagates."""
        glance = self._searched_cheapest_cost(learner, _GLANCE_SHARE)
        if glance is not None:
            return glance
        try:
            route = self._solver_candidate(learner, Objective.COST)
        except NoRouteError:
            route = None  # A* gives the reasons, or the planner's own search
        if route is not None and route.proven_optimal:
            return route.totals.cost
        return self._searched_cheapest_cost(learner, _QUICK_SHARE)

    def _searched_cheapest_cost(self, learner: Learner, share: int) -> int | None:
        """The cheapest route's cost when A* with ``1/share`` of the limit proves it (None
        when it stops first); raises its :class:`NoRouteError` when it proves there is no
        route. Each search starts afresh (the bounds remember what they computed), so that
        its work is what it would be alone."""
        problem = PlanningProblem.build(
            self.catalogue,
            learner,
            Objective.COST,
            self._module_actions(learner),
            memory=self._memory,
        )
        root = root_node(self.catalogue, learner)
        found = search(problem, root, work_limit=max(1, self.work_limit // share), ties=False)
        if not found.proven:
            return None
        if not found.goals:
            raise no_route_error(problem, root)
        return found.goals[0].cost

    def _module_actions(self, learner: Learner) -> tuple[Action, ...]:
        constraints = learner.constraints
        key = (*_undated_key(constraints), constraints.start)
        return recently_used(
            self._actions,
            key,
            lambda: module_actions(
                self.catalogue, learner, self._sessions, undated=self._undated_actions(constraints)
            ),
            _ACTIONS_KEPT,
        )

    def _undated_actions(self, constraints: Constraints) -> tuple[Action, ...]:
        """The person's module actions before their sessions are read, kept for every start."""
        return recently_used(
            self._undated,
            _undated_key(constraints),
            lambda: undated_actions(self.catalogue, constraints),
            _ACTIONS_KEPT,
        )


def _undated_key(constraints: Constraints) -> tuple[int, frozenset[int], frozenset[str]]:
    """What a person's module actions depend on besides the start."""
    return (
        constraints.weekly_hours,
        constraints.training_days,
        frozenset(constraints.excluded_modules),
    )


def _only_ties_left(
    objective: Objective,
    solved: Route | None,
    known: tuple[int, ...] | None,
    bound: float,
    settled_work: int,
) -> bool:
    """Whether a plan of cost or hours has nothing left to find but ties: the model proved the
    optimum (``bound``) and a route found reaches it (see :data:`_TIES_SHARE`).

    Not where the ties stage did no work (``settled_work``): a share too small for one solve
    of the model (a limit below about 32,000) offers no set, so the ties were never looked at,
    and on small catalogues the depth-first search proves them with the rest of the limit,
    often on a shorter route, where a quarter of the limit does not suffice."""
    if objective is Objective.DURATION or not settled_work:
        return False
    if solved is None or not solved.proven_optimal:
        return False
    return known is not None and known[0] <= bound


def _route(problem: PlanningProblem, root: Node, goal: Node, proven: bool, bound: float) -> Route:
    """The route ``goal`` ends, as the planner gives it: without its steps that serve nothing
    (see :mod:`.trimming`). Made first as it is: its steps' reasons tell whether any serves
    nothing, which is rare (the route is then made again)."""
    route = build_route(problem, root, goal, proven, bound)
    if all(reason.code is not ReasonCode.NO_USE for step in route.steps for reason in step.why):
        return route
    trimmed = without_idle_steps(problem, root, goal)
    return route if trimmed is goal else build_route(problem, root, trimmed, proven, bound)


def route_values(route: Route, objective: Objective, origin: int) -> tuple[int, ...]:
    """The route's values for ``objective`` and its tie-breaks, in order (less is better), as
    the search counts them: days from ``origin`` to the day after the last step, euros, hours."""
    totals = route.totals
    values = {
        Objective.DURATION: totals.finish.toordinal() + 1 - origin,
        Objective.COST: totals.cost,
        Objective.HOURS: totals.training_hours,
    }
    return tuple(values[item] for item in objective.order())


def no_route_error(
    problem: PlanningProblem,
    root: Node,
    cheapest_cost: Callable[[], int | None] | None = None,
) -> NoRouteError:
    """The error for a problem proven to have no route, with the reasons the diagnosis finds
    (the one place it is built, whichever engine proved it); ``cheapest_cost`` is the planner's
    hook for a budget refusal (see :func:`~itineraire.planning.diagnosis.explain_no_route`)."""
    # The VAE under way count with the blocks their juries grant: they come whatever is planned.
    held = Stepper(problem).settle(root).blocks
    # Experience per job as the relaxation counts it: what is held, and what the planned
    # employment brings once over (a route may wait for it); any at all where periods of
    # employment may be steps of the route (placements add theirs as the relaxation takes them).
    jobs = dict(root.experience)
    for _end, job, hours in root.planned:
        jobs[job] = jobs.get(job, 0) + hours
    start = Reach(
        blocks=set(held),
        competences=dict(root.ranks),
        assume_experience=problem.learner.constraints.employment_allowed,
        jobs=jobs,
    )
    budget = problem.learner.constraints.budget is not None
    reasons = explain_no_route(problem, start, budget, cheapest_cost)
    return NoRouteError(problem.learner.id, reasons)


def plan(
    catalogue: Catalogue, learner: Learner, objective: Objective = Objective.DURATION
) -> Route:
    """The best route for ``learner`` on ``catalogue`` (see :class:`Planner`)."""
    return Planner(catalogue).plan(learner, objective)


def root_node(catalogue: Catalogue, learner: Learner) -> Node:
    """The search's starting point: what the positioning says the person holds, and the VAE
    under way, pending until their juries (taken already: never planned a second time; their
    cost and hours are spent before the route, so not counted)."""
    positioning = learner.positioning
    held = {block.block for block in positioning.blocks}
    held |= set(credited_blocks(held, catalogue.equivalences))
    ranks: dict[str, int] = {}
    for competence in positioning.competences:
        ranks[competence.competence] = max(competence.rank, ranks.get(competence.competence, -1))
    experience: dict[str, int] = {}
    for record in positioning.experience:
        experience[record.rome] = experience.get(record.rome, 0) + record.hours
    planned = tuple(
        sorted(
            (period.end.toordinal(), period.rome, period.hours)
            for period in learner.constraints.unavailable
            if period.rome is not None and period.hours > 0
        )
    )
    start = learner.constraints.start
    pending = under_way(catalogue.vae_policy, positioning.vae_under_way, start)
    return Node(
        taken=frozenset(jury.action for jury in pending),
        blocks=frozenset(held),
        ranks=ranks,
        experience=experience,
        day=start.toordinal(),
        cost=0,
        hours=0,
        placed=False,
        steps=(),
        planned=planned,
        pending=pending,
    )
