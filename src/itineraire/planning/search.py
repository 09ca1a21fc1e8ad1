"""The exact search: A* over the sets of actions a route takes.

A node is the route so far. Two routes that took the same set of actions hold the same things and
cost the same; the one that finishes earlier is kept, since starting later never helps (the
calendar's earliest start is monotone). Priorities are compared lexicographically on (objective +
lower bound, then the other two objectives), and ties are broken by the order in which nodes were
made, itself fixed by identifier order: the same input always gives the same route.

Only useful actions are tried: an action must give something the goal needs, directly or
transitively, and that the route does not hold yet. A route with a useless step is never better
than the same route without it, so this pruning keeps optimality.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

import attrs

from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.holdings import SameHoldings
from itineraire.planning.objectives import Objective
from itineraire.planning.pending import Frontier, with_rest
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.stepping import Node, Stepper, modalities, node_values

__all__ = ["SearchResult", "search"]


_Entry = tuple[tuple[float, ...], int, int, bool, "Node", "_Rest | None"]
"""A queued node: its priority, minus its number of steps (ties: deeper first), a counter
(then: first made first), whether the priority already includes all the node's own bounds, and
the cheap bound of the first objective worked out when it was queued (None once refined)."""

_Rest = tuple[float, int]
"""The cheap bound of the rest for the first objective, and the work asking it again counts."""

_INFINITY = float("inf")


@attrs.define
class _Usage:
    """Whether the LM-cut bound is worth its cost in this search: it is computed while it raises
    at least one bound in four over the cheap one, and tried again every 16 nodes otherwise
    (a rule on counts, not time, so that the search stays deterministic). Where the cheap
    bound is as good, skipping LM-cut changes nothing but the time."""

    tried: int = 0
    raised: int = 0
    skipped: int = 0

    def wanted(self) -> bool:
        if self.tried < 3 or 4 * self.raised >= self.tried:
            return True
        self.skipped += 1
        return self.skipped % 16 == 0

    def record(self, raised: bool) -> None:
        self.tried += 1
        self.raised += raised


@attrs.frozen
class SearchResult:
    """The goal nodes found, best first, and whether the first is proven optimal."""

    goals: tuple[Node, ...]
    proven: bool
    bound: float
    """A lower bound of the optimum, for the first objective (the optimum when proven)."""
    expanded: int
    work: int


def search(
    problem: PlanningProblem,
    root: Node,
    *,
    alternatives: int = 1,
    work_limit: int = 10**9,
    accept: Callable[[Node], bool] | None = None,
    ties: bool = True,
) -> SearchResult:
    """Best routes from ``root`` to the problem's goal, up to ``alternatives`` of different
    modality mixes; stops once its work reaches ``work_limit`` (see :func:`search_work`) and
    returns the best route seen, unproven.

    ``accept`` filters the alternatives after the first (a referent is not shown a route with a
    step that serves nothing). ``ties`` false: only the objective's own value counts, for a
    caller that wants the optimum's value and not its route (the first route found has that
    value, whatever it lasts or costs otherwise); the ties cost bounds and expansions."""
    return _Search(problem, root, alternatives, work_limit, accept, ties).run()


class _Search:
    def __init__(
        self,
        problem: PlanningProblem,
        root: Node,
        alternatives: int,
        work_limit: int,
        accept: Callable[[Node], bool] | None,
        ties: bool = True,
    ) -> None:
        self.problem = problem
        self.accept = accept
        self.root = root
        self.alternatives = alternatives
        self.work_limit = work_limit
        self.order = problem.objective.order() if ties else (problem.objective,)
        self.origin = root.day
        self.budget = problem.learner.constraints.budget
        self.stepper = Stepper(problem)
        self.stepper.admit = self._admit
        self.calendar = self.stepper.calendar
        self.counter = itertools.count()
        # The routes kept per set of actions (see ``Frontier``): a route as good as another
        # with the same actions is dropped.
        self.frontier = Frontier(problem.learner.constraints.employment_allowed)
        # A route holding the same as a better one taken out before is skipped too (looked at
        # when taken out: a look for every route queued cost more than it saved on small
        # plans), but not where alternatives are asked for: those differ in their mix of
        # modalities, which holdings do not show.
        self.holding = SameHoldings(self.stepper.modules) if alternatives == 1 else None
        self.cost_index = self.order.index(Objective.COST) if Objective.COST in self.order else -1
        self.usage = _Usage()
        # The tie-breaking objectives are bounded too, by the bound of the same problem under
        # each of them.
        self.bounds = [problem.bound] + [
            attrs.evolve(problem, objective=objective).bound for objective in self.order[1:]
        ]

    def work(self, expanded: int) -> int:
        """The work done: each expansion weighs the actions it tries, each bound its own."""
        return self.stepper.work + sum(bound.work for bound in self.bounds)

    def key(self, node: Node) -> tuple[int, ...]:
        return node_values(node, self.order, self.origin)

    def over_budget(self, cost: float) -> bool:
        return self.budget is not None and cost > self.budget

    def _admit(self, node: Node, action: Action, start: int) -> bool:
        """Whether the child of ``node`` by ``action`` could be kept: within budget and not
        dominated by a known route with the same actions (checked before building it)."""
        cost = node.cost + action.cost
        if self.budget is not None and cost > self.budget:
            return False
        if node.pending or action.kind is ActionKind.VAE or action.intensity:
            # The child's juries or its steps running decide: checked once it is made.
            return True
        end = self.calendar.end(start, action)
        return not self.frontier.beaten(node.taken | {action.id}, node.variant, end)

    def priority(
        self, node: Node, known: tuple[float, ...], first: _Rest | None = None
    ) -> tuple[float, ...] | None:
        """The node's objective so far plus a lower bound of the rest, for each objective in
        order, no lower than the ``known`` bounds; None at a dead end or when every way on
        costs more than the budget.

        Every objective is bounded, not only the first: among routes as good on the first, the
        one that can still be best on the second comes out first (a lower bound over every
        rest is below the best rest's); the duration as a tie-break without its waits for
        sessions. Some also get the costlier LM-cut bound (see :meth:`_lm_cut_wanted`).
        ``first``: the first objective's cheap bound, worked out when the node was queued with
        the same arguments: kept, its work counted as if asked again."""
        experience = tuple(sorted(node.experience.items()))
        placement = self.problem.learner.constraints.placement_required and not node.placed
        # What remains is bounded as if the pending juries and the running steps were over: a
        # lower bound still.
        settled = self.stepper.settle(node)
        held, ranks = settled.blocks, settled.ranks
        priority = []
        first_cut = False
        for index, (value, bound) in enumerate(zip(self.key(node), self.bounds, strict=True)):
            beside = self.stepper.beside(node) if self.order[index] is Objective.DURATION else 0.0
            if index == 0 and first is not None:
                rest = first[0]
                bound.count_repeat(first[1])
            else:
                rest = bound.value(
                    held,
                    ranks,
                    node.day,
                    # The waits for sessions bound the duration as the first objective only:
                    # as a tie-break of cost or hours they cost more than the order they give
                    # (see docs/performance.md, eleventh session); the cover still bounds it.
                    self.calendar if index == 0 else None,
                    node.experience_planned,
                    experience,
                    placement,
                    beside,
                )
            if rest < _INFINITY and self._lm_cut_wanted(index, first_cut):
                relaxed = bound.relaxed(
                    held, ranks, node.experience_planned, experience, placement, beside
                )
                if index == 0:
                    first_cut = True
                    self.usage.record(relaxed > rest)
                rest = max(rest, relaxed)
            if rest == _INFINITY:
                return None
            objective = self.order[index]
            total = with_rest(objective, value, node.day - self.origin, rest)
            priority.append(max(total, known[index]))
        if self.cost_index >= 0 and self.over_budget(priority[self.cost_index]):
            return None
        return tuple(priority)

    def _lm_cut_wanted(self, index: int, first_cut: bool) -> bool:
        """Whether the objective at ``index`` of the order gets the LM-cut bound for a node
        (``first_cut``: the first objective got it for this node): the first while it raises
        bounds often enough (:class:`_Usage`); the cost under a budget, which it then enforces
        sooner; and the cost as a tie-break where the first did not get it.

        Where the first's LM-cut is not worth it, its bound is flat: most nodes share the first
        priority, and the cost orders them. Its cheap cover left the prerequisites' chains out,
        and A* went through hundreds of nodes before the cheapest (re-plan 405 of the
        benchmark's draw: it stopped unproven after 323 expansions; with LM-cut for the cost it
        proves the route after 18). Asked for every node, it cost more work than it saved where
        the first's LM-cut is asked too: A* stopped at its share on plans it proved before (see
        ``docs/performance.md``, tenth session)."""
        if index == 0:
            return self.usage.wanted() or (self.cost_index == 0 and self.budget is not None)
        if index != self.cost_index:
            return False
        return self.budget is not None or not first_cut

    def run(self) -> SearchResult:
        heap: list[_Entry] = []
        self._push(heap, self.root, self.key(self.root))
        goals: list[Node] = []
        signatures: set[frozenset[str]] = set()
        incumbent: Node | None = None
        expanded = 0
        while heap:
            priority, _, _, refined, node, first = heapq.heappop(heap)
            # A route waiting for planned employment to reach the target was queued whole, by
            # its values (below): the frontier and the holdings do not know it.
            if not node.until and not self.frontier.kept(node):
                continue  # a better way to the same set of actions was found since
            if not node.until and self.holding is not None and not self.holding.admit(node):
                continue  # a route holding the same, as good, was taken out before
            reached = self.stepper.reached(node)
            if reached is node:
                signature = modalities(node)
                acceptable = not goals or self.accept is None or self.accept(node)
                if signature not in signatures and acceptable:
                    signatures.add(signature)
                    goals.append(node)
                    if len(goals) >= self.alternatives:
                        work = self.work(expanded)
                        return SearchResult(tuple(goals), True, priority[0], expanded, work)
                continue
            if reached is not None:
                # It reaches the target once planned employment is over: that route is queued
                # by its values (the wait included; queued again if this one comes out again
                # after its bound, and the first out ends it), and this one is still expanded,
                # since a step (a placement bringing the experience sooner) may do better. The
                # root's own wait is the incumbent too: no child records it.
                incumbent = self._better(reached, incumbent)
                self._push_reached(heap, reached)
            if not refined:
                # Deferred evaluation: a node is bounded in full only when it comes out of the
                # queue (many never do); a raised priority sends it back, so that nodes still
                # come out in the order of their best known bound.
                better = self.priority(node, priority, first)
                if better is None:
                    continue
                if better != priority:
                    entry = (better, -len(node.taken), next(self.counter), True, node, None)
                    heapq.heappush(heap, entry)
                    continue
            if self.work(expanded) >= self.work_limit:
                return self._stopped(goals, incumbent, heap, priority, expanded)
            expanded += 1
            for child in self.stepper.children(node):
                reached = self.stepper.reached(child)
                if reached is not None:
                    incumbent = self._better(reached, incumbent)
                self._push(heap, child, priority)
        return SearchResult(tuple(goals), True, float("inf"), expanded, self.work(expanded))

    def _stopped(
        self,
        goals: list[Node],
        incumbent: Node | None,
        heap: list[_Entry],
        priority: tuple[float, ...],
        expanded: int,
    ) -> SearchResult:
        bound = max(priority[0], self._waits_at_root())
        work = self.work(expanded)
        if goals:
            return SearchResult(tuple(goals), True, priority[0], expanded, work)
        found = () if incumbent is None else (incumbent,)
        return SearchResult(found, False, bound, expanded, work)

    def _waits_at_root(self) -> float:
        """For the duration, the bound that counts the waits for sessions at the root (see
        :meth:`LowerBound.timed`): a proven lower bound of the optimum, often above the lowest
        priority left open. It is asked only once the search stops, so that the order in
        which routes come out (and so which of two routes as good is returned) is the one of
        the cheaper bounds."""
        if self.order[0] is not Objective.DURATION:
            return 0.0
        root = self.root
        settled = self.stepper.settle(root)
        rest = self.problem.bound.timed(
            settled.blocks,
            settled.ranks,
            root.day,
            self.calendar,
            root.experience_planned,
            tuple(sorted(root.experience.items())),
            self.problem.learner.constraints.placement_required and not root.placed,
        )
        return with_rest(Objective.DURATION, self.key(root)[0], root.day - self.origin, rest)

    def _better(self, reached: Node, incumbent: Node | None) -> Node:
        """The better of a route reaching the target and the incumbent (the earlier on a tie)."""
        if incumbent is None or self.key(reached) < self.key(incumbent):
            return reached
        return incumbent

    def _push_reached(self, heap: list[_Entry], reached: Node) -> None:
        """Queues a route that reaches the target once planned employment is over, by its
        values: it comes out when no route queued can be better, as any other goal."""
        priority = tuple(float(value) for value in self.key(reached))
        entry = (priority, -len(reached.taken), next(self.counter), True, reached, None)
        heapq.heappush(heap, entry)

    def _push(self, heap: list[_Entry], node: Node, parent: tuple[float, ...]) -> None:
        """Queues ``node`` unless a route with the same actions is as good, with a first
        priority: the cheap bound of the first objective, and for the others the priority of
        its ``parent`` (a lower bound of every route through the parent is one of every route
        through the node, and so is what the node has spent). The costlier bounds wait until
        the node comes out of the queue."""
        if self.budget is not None and node.cost > self.budget:
            return
        if self.frontier.dominated(node):
            return
        key = self.key(node)
        settled = self.stepper.settle(node)
        rest = self.problem.bound.value(
            settled.blocks,
            settled.ranks,
            node.day,
            self.calendar,
            node.experience_planned,
            tuple(sorted(node.experience.items())),
            self.problem.learner.constraints.placement_required and not node.placed,
            self.stepper.beside(node) if self.order[0] is Objective.DURATION else 0.0,
        )
        if rest == _INFINITY:
            return
        self.frontier.add(node)
        first = with_rest(self.order[0], key[0], node.day - self.origin, rest)
        priority = tuple(
            [max(parent[0], key[0], first)]
            + [max(bound, value) for bound, value in zip(parent[1:], key[1:], strict=True)]
        )
        queued = (rest, self.problem.bound.repeat_work)
        heapq.heappush(heap, (priority, -len(node.taken), next(self.counter), False, node, queued))
