"""Relevance: which actions a route to the goal can need, worked out backwards from the goal.

An action is relevant when it gives something the goal needs, or something a relevant action
needs, and so on (through prerequisites, equivalences and VAE's experience). Only relevant
actions are searched; the others can only make a route longer or costlier.
"""

from __future__ import annotations

from itineraire.catalogue import Catalogue
from itineraire.certifications import Certification
from itineraire.learners import Learner
from itineraire.planning.actions import Action
from itineraire.requirements import HasBlock, HasCompetence, HasExperience, Requirement
from itineraire.validation import eligibility_rule

__all__ = ["Relevance", "VaeReach"]

_INFINITY = float("inf")


class VaeReach:
    """The most related experience a person could ever gather, to tell which blocks VAE could
    cover: what they have, planned employment, and every placement in a related job. Periods of
    employment as steps, when allowed, make any amount possible."""

    def __init__(self, catalogue: Catalogue, learner: Learner, modules: tuple[Action, ...]) -> None:
        self.catalogue = catalogue
        self.unbounded = learner.constraints.employment_allowed
        self.hours: dict[str, int] = {}
        records = [(r.rome, r.hours) for r in learner.positioning.experience]
        records += [
            (p.rome, p.hours) for p in learner.constraints.unavailable if p.rome is not None
        ]
        records += [a.experience for a in modules if a.experience is not None]
        for rome, hours in records:
            self.hours[rome] = self.hours.get(rome, 0) + hours

    # As Holdings: optimistic (any block or competence could be had), experience at its most.
    def holds_block(self, block: str) -> bool:
        return True

    def competence_rank(self, competence: str) -> int | None:
        return 10**6

    def experience_hours(self, rome: frozenset[str]) -> int:
        most = self.most(rome)
        return 10**9 if most == _INFINITY else int(most)

    def most(self, rome: frozenset[str]) -> float:
        if self.unbounded:
            return _INFINITY
        return sum(h for job, h in self.hours.items() if not rome or job in rome)

    def coverable(self, certification: Certification) -> list[str]:
        policy = self.catalogue.vae_policy
        own = [self.catalogue.blocks[code] for code in certification.blocks]
        rule = eligibility_rule(certification, policy, own)
        if not rule.is_met(self):
            return []
        return [
            block.code
            for block in own
            if self.most(frozenset(block.experience_rome)) >= policy.block_coverage_hours
        ]


class Relevance:
    """Backward relevance from the goal: what the goal can need, transitively."""

    def __init__(self, catalogue: Catalogue, learner: Learner, modules: tuple[Action, ...]) -> None:
        self.catalogue = catalogue
        self.learner = learner
        self.modules = modules
        self.relevant: set[str] = set()
        self.blocks: set[str] = set()
        self.competences: set[str] = set()
        self.rome: set[str] = set()
        self.any_experience = False
        self.vae: dict[str, Certification] = {}
        self._queue: list[Requirement] = []

    def walk(self, goal: Requirement) -> None:
        self._queue.append(goal)
        while self._queue:
            for leaf in self._queue.pop().leaves():
                self._leaf(leaf)

    def _leaf(self, leaf: HasBlock | HasCompetence | HasExperience) -> None:
        if isinstance(leaf, HasBlock):
            self._need_block(leaf.block)
        elif isinstance(leaf, HasCompetence):
            if leaf.competence not in self.competences:
                self.competences.add(leaf.competence)
                for action in self.modules:
                    if any(taught[0] == leaf.competence for taught in action.teaches):
                        self.use(action)
        else:
            if not leaf.rome:
                self.any_experience = True
            new = set(leaf.rome) - self.rome
            self.rome |= new
            for action in self.modules:
                if action.experience is not None and (
                    not leaf.rome or action.experience[0] in leaf.rome
                ):
                    self.use(action)

    def _need_block(self, block: str) -> None:
        if block in self.blocks:
            return
        self.blocks.add(block)
        for action in self.modules:
            if block in action.blocks:
                self.use(action)
        for equivalence in self.catalogue.equivalences:
            for needed, gained in equivalence.directions():
                if block in gained:
                    for source in sorted(needed):
                        self._need_block(source)
        owner = self.catalogue.certifications[self.catalogue.blocks[block].certification]
        if (
            owner.vae_allowed
            and self.learner.constraints.vae_allowed
            and owner.code not in self.vae
        ):
            self.vae[owner.code] = owner
            own = [self.catalogue.blocks[code] for code in owner.blocks]
            self._queue.append(eligibility_rule(owner, self.catalogue.vae_policy, own))
            for code in owner.blocks:
                rome = frozenset(self.catalogue.blocks[code].experience_rome)
                self._queue.append(HasExperience(1, rome))

    def use(self, action: Action) -> None:
        if action.id not in self.relevant:
            self.relevant.add(action.id)
            self._queue.append(action.requires)
