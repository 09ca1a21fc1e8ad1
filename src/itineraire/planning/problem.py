"""A planning problem: the goal, the actions relevant to it, and what they weigh.

The relevant actions come from :mod:`itineraire.planning.relevance`; the A* lower bound on what a
route still costs lives in :mod:`itineraire.planning.bound`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification
from itineraire.model.learners import Learner, Target, TargetKind
from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    HasBlock,
    Requirement,
    all_of,
)
from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.bound import LowerBound
from itineraire.planning.calendar import open_day_rate
from itineraire.planning.memory import PlanMemory
from itineraire.planning.objectives import Objective
from itineraire.planning.relevance import Needs, Relevance, VaeReach, requirement_placements

__all__ = [
    "PlanningProblem",
    "goal_rule",
    "mandatory_alternatives",
    "mandatory_blocks",
]


def goal_rule(catalogue: Catalogue, target: Target) -> Requirement:
    """The rule a route must meet for ``target``."""
    if target.kind is TargetKind.CERTIFICATION:
        assert target.certification is not None
        return catalogue.certifications[target.certification].validation
    if target.kind is TargetKind.BLOCKS:
        return all_of(tuple(HasBlock(block) for block in target.blocks))
    assert target.rome is not None
    return AnyOf(tuple(c.validation for c in catalogue.certifications_for_job(target.rome)))


def mandatory_alternatives(rule: Requirement) -> tuple[frozenset[str], ...]:
    """For a goal that is one of several rules (a job reached by any of its certifications),
    the mandatory blocks of each; otherwise the goal's own mandatory blocks."""
    if isinstance(rule, AnyOf):
        return tuple(mandatory_blocks(item) for item in rule.items)
    return (mandatory_blocks(rule),)


def mandatory_blocks(rule: Requirement) -> frozenset[str]:
    """The blocks every way of meeting ``rule`` needs (its top-level all-of block leaves)."""
    if isinstance(rule, HasBlock):
        return frozenset({rule.block})
    if isinstance(rule, AllOf):
        return frozenset().union(*(mandatory_blocks(item) for item in rule.items))
    return frozenset()


@attrs.define
class PlanningProblem:
    """The search's view of one plan request."""

    catalogue: Catalogue
    learner: Learner
    objective: Objective
    goal: Requirement
    actions: tuple[Action, ...]
    vae_certifications: tuple[Certification, ...]
    needs: Needs
    """What a route can need: the goal's needs, and the prerequisites of the placements tried
    for a placement requirement."""
    goal_needs: Needs
    """What the goal alone can need: all a route needs once it holds a placement."""
    mandatory: tuple[frozenset[str], ...]
    free_blocks: frozenset[str]
    vae_blocks: frozenset[str]
    """Blocks that VAE could ever cover for this person: enough related experience can be had."""
    memory: PlanMemory | None = None
    """What earlier plans computed (a planner's memory), or None: this problem's alone."""
    bound: LowerBound = attrs.field(init=False)
    """The A* lower bound for this problem (see :mod:`itineraire.planning.bound`)."""

    open_days: tuple[float, float] | None = attrs.field(init=False)
    """For the duration, when every step of the person's track runs on the same week: the
    calendar days per open day and the slack of :func:`~.calendar.open_day_rate`, with which
    the bounds add up open days (:meth:`track_weight`); None: they add up each step's fewest
    calendar days."""

    def __attrs_post_init__(self) -> None:
        week = self.learner.constraints.training_days
        shared = self.objective is Objective.DURATION and all(
            action.week == week for action in self.actions if action.workdays
        )
        self.open_days = open_day_rate(week) if shared else None
        self.bound = LowerBound(self)

    @classmethod
    def build(
        cls,
        catalogue: Catalogue,
        learner: Learner,
        objective: Objective,
        modules: Iterable[Action],
        *,
        every_placement: bool = False,
        memory: PlanMemory | None = None,
    ) -> PlanningProblem:
        """The problem of planning ``learner``'s route with ``modules``.

        For a placement requirement, only the placements that the goal needs or that no other
        placement dominates are considered (see
        :func:`~itineraire.planning.relevance.requirement_placements`); ``every_placement``
        considers them all (the HiGHS backend does, as an independent check); ``memory`` the
        values earlier plans computed (see :class:`~.memory.PlanMemory`)."""
        goal = goal_rule(catalogue, learner.target)
        relevance = Relevance(catalogue, learner, tuple(modules))
        relevance.walk(goal)
        goal_needs = relevance.needs()
        if learner.constraints.placement_required:
            placements = (
                [a for a in relevance.modules if a.kind is ActionKind.PLACEMENT]
                if every_placement
                else requirement_placements(relevance.modules, relevance.relevant)
            )
            for action in placements:
                relevance.use(action)
            relevance.walk()
        free = frozenset(
            block
            for equivalence in catalogue.equivalences
            for _, gained in equivalence.directions()
            for block in gained
        )
        # The target's own VAE comes first, so that among equal routes a VAE on the target is
        # preferred to one on another certification credited by equivalence.
        target = learner.target.certification
        vae = tuple(sorted(relevance.vae.values(), key=lambda c: (c.code != target, c.code)))
        reachable = VaeReach(catalogue, learner, relevance.modules)
        vae_blocks = frozenset(
            block for certification in vae for block in reachable.coverable(certification)
        )
        return cls(
            catalogue=catalogue,
            learner=learner,
            objective=objective,
            goal=goal,
            actions=tuple(a for a in relevance.modules if a.id in relevance.relevant),
            vae_certifications=tuple(
                c for c in vae if any(block in vae_blocks for block in c.blocks)
            ),
            vae_blocks=vae_blocks,
            needs=relevance.needs(),
            goal_needs=goal_needs,
            mandatory=mandatory_alternatives(goal),
            free_blocks=free,
            memory=memory,
        )

    def weight(self, action: Action) -> int:
        """The action's contribution to the objective, as far as it is additive."""
        if self.objective is Objective.COST:
            return action.cost
        if self.objective is Objective.HOURS:
            return action.hours
        return action.days

    def track_weight(self, action: Action) -> float:
        """The action's weight in the bounds' sums: its :meth:`weight`, except for the duration
        on one week (:attr:`open_days`), where a step counts its open days (a part-time one
        its share of the person's) at the week's rate, the slack taken once from the sum."""
        if self.open_days is None or not action.workdays:
            return float(self.weight(action))
        rate, _slack = self.open_days
        return rate * (action.days if action.intensity else action.workdays)

    def vae_weight(self) -> int:
        policy = self.catalogue.vae_policy
        if self.objective is Objective.COST:
            return policy.cost(1)  # a VAE covers at least one block
        if self.objective is Objective.HOURS:
            return policy.support_hours
        return 7 * (policy.admissibility_weeks + policy.support_weeks + policy.jury_weeks)
