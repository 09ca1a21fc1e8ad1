"""A route found, without the steps in it that serve nothing.

Periods of employment are offered for the experience a VAE's eligibility, a block's coverage,
the target or a module's prerequisite lacks (``Stepper.employment_children``). The policy's
eligibility asks for one hour of related experience by default, so "work one hour" is offered
too; a route that then takes no VAE may keep that hour of work when it costs nothing on any
value: employment costs no euros and counts no training hours, and one day of work in a wait
for a session delays nothing. Such a route is as good as the one without the step, but shows a
referent a step "of no direct use". A route the limit stopped may hold a module that serves
nothing too: without it, the route is cheaper. The planner gives the route without such steps,
where that route is as good on every value (it is when the step truly serves nothing: each
later step may only start sooner).
"""

from __future__ import annotations

from itineraire.planning.actions import ActionKind
from itineraire.planning.building import idle_steps
from itineraire.planning.node import Node, Scheduled, node_values
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.stepping import Stepper

__all__ = ["without_idle_steps"]


def without_idle_steps(problem: PlanningProblem, root: Node, goal: Node) -> Node:
    """``goal``'s route without its steps that serve nothing, each other step taken again at
    its earliest, where that route reaches the target with values no worse; ``goal`` itself
    otherwise. Each is dropped in turn, alone, the first in the route first; then again, since
    a step that served only a dropped one serves nothing any more."""
    stepper = Stepper(problem)
    order, origin = problem.objective.order(), root.day
    best = goal
    while True:
        before = best
        for step in idle_steps(problem, root, before, stepper):
            trimmed = _without(stepper, root, best, step.action.id)
            if trimmed is not None and node_values(trimmed, order, origin) <= node_values(
                best, order, origin
            ):
                best = trimmed
        if best is before:
            return best


def _without(stepper: Stepper, root: Node, goal: Node, identifier: str) -> Node | None:
    """The route of ``goal``'s steps but ``identifier``, each taken again at its earliest;
    None when one cannot be taken or the target is not reached."""
    node: Node | None = root
    for step in goal.steps:
        if node is None:
            return None
        if step.action.id != identifier:
            node = _again(stepper, node, step)
    return None if node is None else stepper.reached(node)


def _again(stepper: Stepper, node: Node, step: Scheduled) -> Node | None:
    """The route after ``step``'s action taken again after ``node``, at its earliest (a VAE
    covering the same blocks); None when it cannot be taken."""
    action = step.action
    if action.kind is ActionKind.EMPLOYMENT:
        assert action.experience is not None  # a period of employment brings experience
        job, hours = action.experience
        return stepper.employment(node, job, hours)
    if action.kind is ActionKind.VAE:
        assert action.certification is not None
        children = stepper.vae_children(node, only=action.certification)
        same = (child for child in children if child.steps[-1].action.blocks == action.blocks)
        return next(same, None)
    return stepper.take_module(node, action.id)
