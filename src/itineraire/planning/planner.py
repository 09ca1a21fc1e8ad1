"""The planner's front door: the best route for a person, or the k best of different mixes.

>>> from itineraire import builtin_catalogue
>>> from itineraire.planning import Planner
>>> planner = Planner(builtin_catalogue())      # doctest: +SKIP
>>> route = planner.plan(learner)               # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from itineraire.analysis.reachability import Reach
from itineraire.errors import ItineraireError
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.actions import Action, module_actions
from itineraire.planning.building import build_route, every_step_serves
from itineraire.planning.diagnosis import explain_no_route
from itineraire.planning.objectives import Objective
from itineraire.planning.problem import Problem
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.route import Route
from itineraire.planning.search import Node, search
from itineraire.validation import credited_blocks

__all__ = ["NoRouteError", "Planner", "plan"]

DEFAULT_MAX_NODES = 200_000
"""Nodes the search may expand before it returns the best route found so far (not proven)."""


class NoRouteError(ItineraireError):
    """No route reaches the target; ``reasons`` say which requirement fails and what blocks it,
    as data (:class:`~itineraire.planning.reasons.Reason`); the message is rendered from them."""

    def __init__(self, learner: str, reasons: Sequence[Reason]) -> None:
        self.learner = learner
        self.reasons = tuple(reasons)
        lines = [f"no route for learner {learner}:", *(f"  - {reason}" for reason in reasons)]
        super().__init__("\n".join(lines))


class Planner:
    """Plans routes on one catalogue.

    ``max_nodes`` bounds the search (a node budget rather than a time limit, so that the result
    never depends on the machine's speed); a route found within it is proven optimal unless
    its ``proven_optimal`` says otherwise.
    """

    def __init__(self, catalogue: Catalogue, *, max_nodes: int = DEFAULT_MAX_NODES) -> None:
        self.catalogue = catalogue
        self.max_nodes = max_nodes
        # The catalogue is immutable: its actions depend only on these three constraints.
        self._actions: dict[tuple[int, frozenset[str], dt.date], tuple[Action, ...]] = {}

    def plan(self, learner: Learner, objective: Objective = Objective.DURATION) -> Route:
        """The best route for ``learner`` under ``objective``; raises :class:`NoRouteError`."""
        return self.alternatives(learner, 1, objective)[0]

    def alternatives(
        self, learner: Learner, count: int, objective: Objective = Objective.DURATION
    ) -> tuple[Route, ...]:
        """Up to ``count`` best routes whose mixes of modalities differ (training only, hybrid
        VAE, contrat de professionnalisation…), best first."""
        if count < 1:
            raise ValueError(f"count must be at least 1 (got {count})")
        problem = Problem.build(self.catalogue, learner, objective, self._module_actions(learner))
        root = root_node(self.catalogue, learner)
        result = search(
            problem,
            root,
            alternatives=count,
            max_nodes=self.max_nodes,
            accept=lambda goal: every_step_serves(problem, root, goal),
        )
        if not result.goals:
            if result.proven:
                start = Reach(
                    blocks=set(root.blocks),
                    competences=dict(root.ranks),
                    assume_experience=False,
                    experience=sum(root.experience.values()),
                )
                budget = learner.constraints.budget is not None
                reasons = explain_no_route(
                    problem, start, budget, lambda: self._cheapest_cost(learner)
                )
                raise NoRouteError(learner.id, reasons)
            stopped = Reason(code=ReasonCode.SEARCH_STOPPED, limit=self.max_nodes)
            raise NoRouteError(learner.id, [stopped])
        return tuple(
            build_route(problem, root, goal, result.proven, result.bound) for goal in result.goals
        )

    def _cheapest_cost(self, learner: Learner) -> int | None:
        """For a budget refusal: what the cheapest route costs without the budget, when it is
        proven cheapest. With no route even without the budget, that plan's ``NoRouteError``
        propagates: its reasons, not the budget, are the cause."""
        free = attrs.evolve(learner.constraints, budget=None)
        route = self.plan(attrs.evolve(learner, constraints=free), Objective.COST)
        return route.totals.cost if route.proven_optimal else None

    def _module_actions(self, learner: Learner) -> tuple[Action, ...]:
        constraints = learner.constraints
        key = (constraints.weekly_hours, frozenset(constraints.excluded_modules), constraints.start)
        known = self._actions.get(key)
        if known is None:
            known = self._actions[key] = module_actions(self.catalogue, learner)
        return known


def plan(
    catalogue: Catalogue, learner: Learner, objective: Objective = Objective.DURATION
) -> Route:
    """The best route for ``learner`` on ``catalogue`` (see :class:`Planner`)."""
    return Planner(catalogue).plan(learner, objective)


def root_node(catalogue: Catalogue, learner: Learner) -> Node:
    """The search's starting point: what the positioning says the person holds."""
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
    return Node(
        taken=frozenset(),
        blocks=frozenset(held),
        ranks=ranks,
        experience=experience,
        day=learner.constraints.start.toordinal(),
        cost=0,
        hours=0,
        placed=False,
        steps=(),
        planned=planned,
    )
