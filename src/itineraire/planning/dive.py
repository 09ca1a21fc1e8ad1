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
        self.seen = Frontier()
        self.holding = _SameHoldings(self.stepper)
        self.stack: list[tuple[tuple[float, ...], Node]] = [((0.0,), root)]

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
            if self.holding.beaten(node):
                continue  # a route holding the same, as good, was found since
            if self.best_key is not None and estimate >= self.best_key:
                continue  # the best route found since is as good
            stack.extend(self._ranked_children(node))
        return DiveResult(self._best(), True, self.work())

    def _best(self) -> Node | None:
        if self.best is None or self._key(self.best) != self.best_key:
            return None  # a route another stage found is better
        return self.best

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
            if self.seen.dominated(child) or self.holding.beaten(child):
                continue  # half the children: their values are not needed
            self.seen.add(child)
            self.holding.add(child)
            child_key = self._key(child)
            if self.stepper.is_goal(child):
                if self.best_key is None or child_key < self.best_key:
                    self.best, self.best_key = child, child_key
                continue
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


class _SameHoldings:
    """The routes the search has made with nothing pending or running, per what they hold:
    blocks, competences at their ranks, experience, a placement or not.

    One is as good as another holding the same when it is free no later, costs no more and
    takes no more hours, and the steps only it has taken give nothing the other could still
    gain by. Then whatever follows the other can follow it: each step starts no later (a
    step's first start, prerequisites met, moves no earlier with a later free day; a VAE waits
    for the planned employment it needs, as before), costs and takes the same, and the steps
    only it has taken are the other's to take no more than its own: they give blocks and
    competences, which the other holds already. A placement that brings experience, a VAE (one
    per certification, covering blocks by experience) or a period of employment is not such a
    step: the other could still gain by it. Frontier (``pending.py``) compares routes of the
    same actions; this compares routes of other actions that hold the same (an alternative
    module for a block, a transversal module taken before or after): a route cut for either is
    as good as one kept, so a finished search still proves its best route."""

    def __init__(self, stepper: Stepper) -> None:
        self._modules = stepper.modules
        self._kept: dict[object, list[Node]] = {}

    @staticmethod
    def _holdings(node: Node) -> object:
        return (
            node.blocks,
            frozenset(node.ranks.items()),
            frozenset(node.experience.items()),
            node.placed,
        )

    def _gives_only_holdings(self, item: str) -> bool:
        """Whether step ``item`` gives only blocks and competences: a module (a VAE or a period
        of employment is not one) that brings no experience."""
        action = self._modules.get(item)
        return action is not None and action.experience is None

    def _as_good(self, one: Node, other: Node) -> bool:
        return (
            one.day <= other.day
            and one.cost <= other.cost
            and one.hours <= other.hours
            and all(self._gives_only_holdings(item) for item in one.taken - other.taken)
        )

    def beaten(self, node: Node) -> bool:
        """Whether another route kept, holding the same, is as good as ``node``."""
        if node.pending or node.running:
            return False  # what it holds changes with time
        return any(
            other is not node and self._as_good(other, node)
            for other in self._kept.get(self._holdings(node), ())
        )

    def add(self, node: Node) -> None:
        """Keep ``node`` (not beaten) for the routes made after it."""
        if not node.pending and not node.running:
            self._kept.setdefault(self._holdings(node), []).append(node)
