"""Relevance: which actions a route to the goal can need, worked out backwards from the goal.

An action is relevant when it gives something the goal needs, or something a relevant action
needs, and so on (through prerequisites, equivalences and VAE's experience). Only relevant
actions are searched; the others can only make a route longer or costlier.
"""

from __future__ import annotations

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification
from itineraire.model.learners import Learner
from itineraire.model.requirements import HasBlock, HasCompetence, HasExperience, Requirement
from itineraire.planning.actions import Action, ActionKind
from itineraire.validation import eligibility_rule
from itineraire.validation.equivalences import directions_by_block

__all__ = ["Needs", "Relevance", "VaeReach", "requirement_placements"]

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


@attrs.frozen
class Needs:
    """What a route can need: blocks, competences, experience in some jobs (or in any job)."""

    blocks: frozenset[str]
    competences: frozenset[str]
    rome: frozenset[str]
    any_experience: bool


class _Nothing:
    """Holdings with nothing at all: a rule met by them is met by anyone (rules are monotone)."""

    def holds_block(self, block: str) -> bool:
        return False

    def competence_rank(self, competence: str) -> int | None:
        return None

    def experience_hours(self, rome: frozenset[str]) -> int:
        return 0


def requirement_placements(modules: tuple[Action, ...], relevant: set[str]) -> list[Action]:
    """The placements worth trying only to meet a placement requirement, among those the goal
    does not need (``relevant`` holds the ids of the actions it can need).

    Such a placement serves nothing but the requirement. One that needs nothing and has no
    sessions (a PMSMP, say) replaces any other such placement that costs, lasts and weighs at
    least as much: it can start no later (a shorter step fits wherever a longer one does) and
    so ends no later, and the rest of the route is unchanged. So only the placements that no
    such one dominates are kept; among equal ones, the first by id."""
    free = [a for a in modules if a.kind is ActionKind.PLACEMENT and _free_standing(a)]
    kept = []
    for action in modules:
        if action.kind is not ActionKind.PLACEMENT or action.id in relevant:
            continue
        if not any(_dominates(other, action) for other in free if other is not action):
            kept.append(action)
    return kept


def _free_standing(action: Action) -> bool:
    return not action.sessions and action.requires.is_met(_Nothing())


def _dominates(better: Action, other: Action) -> bool:
    """Whether the free-standing ``better`` can stand in for ``other`` (ties: by id)."""
    mine = (better.cost, better.hours, better.workdays, better.days)
    theirs = (other.cost, other.hours, other.workdays, other.days)
    if any(a > b for a, b in zip(mine, theirs, strict=True)):
        return False
    return mine != theirs or better.id < other.id


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
        self._vae_reach: VaeReach | None = None
        # Who gives what, indexed once: a walk asks for each block and competence.
        self._validators: dict[str, list[Action]] = {}
        self._teachers: dict[str, list[Action]] = {}
        self._workers: dict[str, list[Action]] = {}
        for action in modules:
            for block in action.blocks:
                self._validators.setdefault(block, []).append(action)
            for competence in dict.fromkeys(taught[0] for taught in action.teaches):
                self._teachers.setdefault(competence, []).append(action)
            if action.experience is not None:
                self._workers.setdefault(action.experience[0], []).append(action)
        self._giving = directions_by_block(catalogue.equivalences)

    def needs(self) -> Needs:
        """What the rules walked so far can need."""
        return Needs(
            frozenset(self.blocks),
            frozenset(self.competences),
            frozenset(self.rome),
            self.any_experience,
        )

    def walk(self, *rules: Requirement) -> None:
        """Adds what ``rules``, and the actions used so far, can need."""
        self._queue.extend(rules)
        while self._queue:
            for leaf in self._queue.pop().leaves():
                self._leaf(leaf)

    def _leaf(self, leaf: HasBlock | HasCompetence | HasExperience) -> None:
        if isinstance(leaf, HasBlock):
            self._need_block(leaf.block)
        elif isinstance(leaf, HasCompetence):
            if leaf.competence not in self.competences:
                self.competences.add(leaf.competence)
                for action in self._teachers.get(leaf.competence, ()):
                    self.use(action)
        elif not leaf.rome:
            if not self.any_experience:
                self.any_experience = True
                for workers in self._workers.values():
                    for action in workers:
                        self.use(action)
        else:
            # Jobs already needed had their placements used then.
            for job in sorted(leaf.rome - self.rome):
                self.rome.add(job)
                for action in self._workers.get(job, ()):
                    self.use(action)

    def _need_block(self, block: str) -> None:
        # A worklist, not recursion: a chain of equivalences may be longer than Python's stack.
        pending = [block]
        while pending:
            code = pending.pop()
            if code not in self.blocks:
                self.blocks.add(code)
                pending.extend(reversed(self._new_needs(code)))

    def _new_needs(self, block: str) -> list[str]:
        """Uses the actions that validate ``block`` and queues the rules of its certification's
        VAE; returns the blocks ``block`` may come from (equivalences, a VAE's blocks)."""
        for action in self._validators.get(block, ()):
            self.use(action)
        # The blocks an equivalence needs to grant it, in the catalogue's order.
        more = [
            source
            for _id, _index, needed, _granted in self._giving.get(block, ())
            for source in sorted(needed)
        ]
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
            if self.catalogue.vae_policy.block_cost > 0:
                # Priced per block covered, a VAE costs less for each block it would cover
                # that is held before it: those blocks can serve the route.
                more.extend(self._reach().coverable(owner))
        return more

    def _reach(self) -> VaeReach:
        if self._vae_reach is None:
            self._vae_reach = VaeReach(self.catalogue, self.learner, self.modules)
        return self._vae_reach

    def use(self, action: Action) -> None:
        if action.id not in self.relevant:
            self.relevant.add(action.id)
            self._queue.append(action.requires)
