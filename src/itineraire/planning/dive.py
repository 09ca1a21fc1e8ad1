"""A depth-first branch and bound: a good route early, for when A* stops before it finds one.

A* expands routes in order of their bound, so on a large target (ten blocks of eight
certifications, the duration objective) it may reach its work limit before any route is complete.
This search goes deep first: from each route it tries the next steps best first (by what the
route spends plus the cheap lower bound of the rest), keeps the best complete route it meets, and
cuts every route that cannot beat it. Two routes with the same actions hold the same things; the
one that is as good or better is kept, as in A*. Left to finish, it is exact (it has then seen
or cut every route); stopped by its work limit, it gives the best route found. Stopped, it
can go on (:class:`Dive`): the planner runs another stage meanwhile and tells it of that
stage's route, below which it then looks.
"""

from __future__ import annotations

import attrs

from itineraire.planning.holdings import SameHoldings
from itineraire.planning.objectives import Objective
from itineraire.planning.pending import Frontier, with_rest
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.stepping import Node, Stepper, node_values

__all__ = ["Dive", "DiveResult", "dive"]

_INFINITY = float("inf")


@attrs.frozen
class DiveResult:
    """The best route found (None: none better than the incumbent), whether the search
    finished (then nothing better exists), and its work."""

    best: Node | None
    finished: bool
    work: int


def dive(
    problem: PlanningProblem,
    root: Node,
    work_limit: int,
    incumbent: tuple[int, ...] | None = None,
) -> DiveResult:
    """The best route from ``root`` within ``work_limit`` (the work of :func:`search`) that is
    better than ``incumbent`` (the values of a route known already, in the objective's order:
    days from the start to the day after the end, euros, hours), when given."""
    return Dive(problem, root, incumbent).run(work_limit)


class Dive:
    """The depth-first search, resumable: :meth:`run` stops at a work limit with its routes
    still to try kept, and a later :meth:`run` with a higher limit goes on from there, after
    :meth:`beaten_by` has told it of a better route found meanwhile (it then cuts more)."""

    def __init__(
        self, problem: PlanningProblem, root: Node, incumbent: tuple[int, ...] | None = None
    ) -> None:
        self.problem = problem
        self.root = root
        self.order = problem.objective.order()
        self.origin = root.day
        self.budget = problem.learner.constraints.budget
        self.placement = problem.learner.constraints.placement_required
        self.stepper = Stepper(problem)
        self.bound = problem.bound
        self.duration = self.order[0] is Objective.DURATION
        self.start_work = self.bound.work
        self.best: Node | None = None
        self.best_key: tuple[int, ...] | None = incumbent
        self.seen = Frontier(problem.learner.constraints.employment_allowed)
        self.holding = SameHoldings(self.stepper.modules)
        self.stack: list[tuple[tuple[float, ...], Node]] = [((0.0,), root)]
        # The start itself may reach the target once planned employment is over: no child
        # would record that route.
        reached = self.stepper.reached(root)
        if reached is not None:
            self._offer(reached, self._key(reached))

    def work(self) -> int:
        """The work done so far, over every :meth:`run`."""
        return self.stepper.work + self.bound.work - self.start_work

    def beaten_by(self, values: tuple[int, ...]) -> None:
        """A route of ``values`` is known (found by another stage): only better ones are
        looked for from now on."""
        if self.best_key is None or values < self.best_key:
            self.best_key = values

    def run(self, work_limit: int) -> DiveResult:
        """Goes on until the work done in all reaches ``work_limit``, or until it has seen or
        cut every route (finished). ``best``: the best route this search found that is better
        than every route it was told of (:meth:`beaten_by`)."""
        stack = self.stack
        while stack:
            if self.work() >= work_limit:
                return DiveResult(self._best(), False, work_limit)
            estimate, node = stack.pop()
            if node is not self.root and not self.seen.kept(node):
                continue  # a better way to the same actions was found since
            if node is not self.root and not self.holding.admit(node):
                continue  # a route holding the same, as good, was found since
            if self.best_key is not None and estimate >= self.best_key:
                continue  # the best route found since is as good
            stack.extend(self._ranked_children(node))
        return DiveResult(self._best(), True, self.work())

    def _best(self) -> Node | None:
        if self.best is None or self._key(self.best) != self.best_key:
            return None  # a route another stage found is better
        return self.best

    def _offer(self, route: Node, key: tuple[int, ...]) -> None:
        """``route`` (reaching the target, of values ``key``) becomes the best if better."""
        if self.best_key is None or key < self.best_key:
            self.best, self.best_key = route, key

    def _key(self, node: Node) -> tuple[int, ...]:
        return node_values(node, self.order, self.origin)

    def _rest(self, node: Node) -> float:
        settled = self.stepper.settle(node)
        return self.bound.value(
            settled.blocks,
            settled.ranks,
            node.day,
            self.stepper.calendar,
            node.experience_planned,
            tuple(sorted(node.experience.items())),
            self.placement and not node.placed,
            self.stepper.beside(node) if self.duration else 0.0,
        )

    def _ranked_children(self, node: Node) -> list[tuple[tuple[float, ...], Node]]:
        """The children of ``node`` worth trying, the one to try first last (it is popped
        first); a goal better than the best known becomes the best."""
        ranked: list[tuple[float, tuple[float, ...], int, Node]] = []
        for index, child in enumerate(self.stepper.children(node)):
            if self.budget is not None and child.cost > self.budget:
                continue
            if self.seen.dominated(child) or not self.holding.admit(child):
                continue  # half the children: their values are not needed
            self.seen.add(child)
            child_key = self._key(child)
            reached = self.stepper.reached(child)
            if reached is not None:
                self._offer(reached, child_key if reached is child else self._key(reached))
                if reached is child:
                    continue
                # It reaches the target once planned employment is over: a step may still
                # bring the experience sooner (a placement), so it is tried further.
            remainder = self._rest(child)
            if remainder == _INFINITY:
                continue
            first = with_rest(self.order[0], child_key[0], child.day - self.origin, remainder)
            bounded = (first, *child_key[1:])
            if self.best_key is not None and bounded >= self.best_key:
                continue
            ranked.append((remainder, bounded, index, child))
        # The child closest to the goal (by the bound of what is left) is tried first, as in a
        # greedy search: it goes on the stack last.
        ranked.sort(key=lambda item: (item[0], item[1], item[2]), reverse=True)
        return [(bounded, child) for _, bounded, _, child in ranked]
