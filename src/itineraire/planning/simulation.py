"""Replaying a given sequence of actions: the route it makes, or why it cannot be followed.

The search and other planners (an external backend, a test's exhaustive enumeration) share this
one definition of what a step does, so a route can always be checked step by step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.actions import Action, employment_of, module_actions
from itineraire.planning.building import build_route
from itineraire.planning.objectives import Objective
from itineraire.planning.planner import root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.route import Route
from itineraire.planning.stepping import Node, Stepper

__all__ = ["SequenceError", "simulate"]


_BEFORE_VAE = (
    "it would end before the VAE listed before it starts: list it before that VAE (a step"
    " finished by a VAE's first day counts for it)"
)


class SequenceError(ValueError):
    """A sequence of actions that cannot be followed, with the step at fault."""


def simulate(
    catalogue: Catalogue,
    learner: Learner,
    sequence: Sequence[str],
    objective: Objective = Objective.DURATION,
    *,
    modules: tuple[Action, ...] | None = None,
) -> Route:
    """The route made by taking ``sequence`` in order, each step as early as it can start.

    Items are module ids, ``vae:CODE`` (a VAE as early as possible, for the blocks experience
    then covers), ``vae:CODE@YYYY-MM-DD`` (a VAE starting on that day, when planned employment
    makes a later VAE cover more) and ``employment:ROME:HOURS`` (``:N`` after it for the
    ``N``-th period of the same job and hours, as :func:`~.actions.employment_id` names them).
    A VAE runs beside the steps listed after it (its blocks come on its jury's day); a step
    listed after a VAE must end after that VAE starts (``Route.sequence()`` lists a route that
    way). Raises :class:`SequenceError` naming the first step that cannot be taken (prerequisites
    not met, no session left, VAE not possible, a step that belongs before the VAE listed before
    it, unknown item). The route is this sequence's schedule, nothing more: it is marked
    proven optimal only because no search was cut short. ``modules`` are
    ``module_actions(catalogue, learner)`` when the caller has them already.
    """
    if modules is None:
        modules = module_actions(catalogue, learner)
    problem = PlanningProblem.build(catalogue, learner, objective, modules)
    # Any VAE the rules allow may be replayed, not only those the search finds relevant.
    open_to_vae = tuple(
        certification
        for certification in catalogue.certifications.values()
        if certification.vae_allowed and learner.constraints.vae_allowed
    )
    stepper = Stepper(problem, modules, open_to_vae)
    by_id = {action.id: action for action in modules}
    node = root_node(catalogue, learner)
    for index, item in enumerate(sequence):
        node = _take(stepper, by_id, node, item, index)
    reached = stepper.reached(node)
    if reached is None:
        raise SequenceError(f"the sequence ends without reaching the target ({learner.target})")
    return build_route(problem, root_node(catalogue, learner), reached, True, 0.0)


def _take(stepper: Stepper, by_id: Mapping[str, Action], node: Node, item: str, index: int) -> Node:
    where = f"step {index + 1} ({item})"
    if item.partition("@")[0] in node.taken:
        raise SequenceError(f"{where}: already taken")
    action = by_id.get(item)
    if action is not None:
        start = stepper.module_start(node, action)
        if start is not None and not stepper.in_order(node, start, action):
            raise SequenceError(f"{where}: {_BEFORE_VAE}")
        child = stepper.take_module(node, item)
        if child is None:
            raise SequenceError(f"{where}: cannot start (prerequisites or sessions)")
        return child
    if item.startswith("vae:"):
        identifier, _, day = item.partition("@")
        for child in stepper.vae_children(node):
            last = child.steps[-1]
            on_day = not day or dt.date.fromordinal(last.start).isoformat() == day
            if last.action.id == identifier and on_day:
                return child
        raise SequenceError(f"{where}: VAE is not possible here")
    if item.startswith("employment:"):
        period = employment_of(item)
        if period is None:
            raise SequenceError(f"{where}: not employment:ROME:HOURS")
        child = stepper.employment(node, *period)
        if child is None:
            raise SequenceError(f"{where}: {_BEFORE_VAE}")
        return child
    raise SequenceError(f"{where}: unknown action")
