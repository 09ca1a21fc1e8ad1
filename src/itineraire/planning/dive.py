"""A depth-first branch and bound: a good route early, for when A* stops before it finds one.

A* expands routes in order of their bound, so on a large target (ten blocks of eight
certifications, the duration objective) it may reach its work limit before any route is complete.
This search goes deep first: from each route it tries the next steps best first (by what the
route spends plus the cheap lower bound of the rest), keeps the best complete route it meets, and
cuts every route that cannot beat it. Two routes with the same actions hold the same things; the
one that is as good or better is kept, as in A*. Left to finish, it is exact (it has then seen
or cut every route); stopped by its work limit, it gives the best route found.
"""

from __future__ import annotations

import attrs

from itineraire.planning.objectives import Objective
from itineraire.planning.pending import Frontier, with_rest
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.stepping import Node, Stepper, node_values

__all__ = ["DiveResult", "dive"]

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
    order = problem.objective.order()
    origin = root.day
    budget = problem.learner.constraints.budget
    placement = problem.learner.constraints.placement_required
    stepper = Stepper(problem)
    bound = problem.bound

    def key(node: Node) -> tuple[int, ...]:
        return node_values(node, order, origin)

    duration = order[0] is Objective.DURATION

    def rest(node: Node) -> float:
        settled = stepper.settle(node)
        return bound.value(
            settled.blocks,
            settled.ranks,
            node.day,
            stepper.calendar,
            node.experience_planned,
            tuple(sorted(node.experience.items())),
            placement and not node.placed,
            stepper.beside(node) if duration else 0.0,
        )

    start_work = bound.work
    best: Node | None = None
    best_key: tuple[int, ...] | None = incumbent
    seen = Frontier()
    stack: list[tuple[tuple[float, ...], Node]] = [((0.0,), root)]

    def work() -> int:
        return stepper.work + bound.work - start_work

    while stack:
        if work() >= work_limit:
            return DiveResult(best, False, work_limit)
        estimate, node = stack.pop()
        if node is not root and not seen.kept(node):
            continue  # a better way to the same actions was found since
        if best_key is not None and estimate >= best_key:
            continue  # the best route found since is as good
        ranked: list[tuple[float, tuple[float, ...], int, Node]] = []
        for index, child in enumerate(stepper.children(node)):
            if budget is not None and child.cost > budget:
                continue
            if seen.dominated(child):
                continue  # half the children: their values are not needed
            seen.add(child)
            child_key = key(child)
            if stepper.is_goal(child):
                if best_key is None or child_key < best_key:
                    best, best_key = child, child_key
                continue
            remainder = rest(child)
            if remainder == _INFINITY:
                continue
            first = with_rest(order[0], child_key[0], child.day - origin, remainder)
            bounded = (first, *child_key[1:])
            if best_key is not None and bounded >= best_key:
                continue
            ranked.append((remainder, bounded, index, child))
        # The child closest to the goal (by the bound of what is left) is tried first, as in a
        # greedy search: it goes on the stack last.
        ranked.sort(key=lambda item: (item[0], item[1], item[2]), reverse=True)
        stack.extend((bounded, child) for _, bounded, _, child in ranked)
    return DiveResult(best, True, work())
