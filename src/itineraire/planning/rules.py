"""The requirement rules in the planner's mixed-integer model: a rule holds for an action (or the
goal) with what the positioning holds and what chosen actions ordered before it provide; a fact
(a block, a competence at a rank) gets a supporter and a potential; experience is a sum of the
placements ordered before; an equivalence direction is a pseudo-action with its own rule.
"""

from __future__ import annotations

from collections import deque

from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.planning.actions import ActionKind
from itineraire.planning.coverage import Coverage
from itineraire.planning.program import Actor, Program, Support
from itineraire.planning.timing import Timing
from itineraire.validation.equivalences import directions_by_block

__all__ = ["Rules"]

_Fact = tuple[str, str, int]
"""("block", code, 0) or ("competence", id, rank)."""

_Simple = Requirement | bool


class Rules:
    """Writes each rule to ``program``, with start days from ``timing`` and VAE coverage from
    ``coverage``."""

    def __init__(self, program: Program, timing: Timing, coverage: Coverage) -> None:
        self.program = program
        self.milp = program.milp
        self.timing = timing
        self.coverage = coverage
        self._facts: dict[_Fact, Support] = {}
        self._providers_of: dict[_Fact, list[Actor]] = {}
        self._uses: list[tuple[_Fact, Actor | None, int | None]] = []
        self._pairs: dict[tuple[int, int], int] = {}
        self._directions: dict[tuple[str, int], Actor] = {}
        self._giving = directions_by_block(program.catalogue.equivalences)
        self._direction_sets: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        """The blocks each direction needs and gives, by its binary."""
        self._unwritten: deque[Actor] = deque()
        """Directions made whose own rule is not written yet (see :meth:`require`)."""

    def require(self, rule: Requirement, consumer: Actor | None, active: int | None) -> None:
        """``active`` = 1 (always when None) implies ``rule`` holds for ``consumer`` (the goal
        when None), with what the positioning and the actions ordered before it provide."""
        self._require_one(rule, consumer, active)
        # The rules of the directions met on the way, written here rather than where each was
        # met: a chain of equivalences would nest as deep as it is long, beyond Python's stack.
        while self._unwritten:
            direction = self._unwritten.popleft()
            needed, _gained = self._direction_sets[direction.x]
            rule = AllOf(tuple(HasBlock(b) for b in sorted(needed)))
            self._require_one(rule, direction, direction.x)

    def _require_one(self, rule: Requirement, consumer: Actor | None, active: int | None) -> None:
        simple = self._simplify(rule)
        if simple is True:
            return
        if simple is False:
            if active is None:
                self.program.infeasible = True
            else:
                self.milp.upper[active] = 0.0
            return
        self._require_simple(simple, consumer, active)

    def settle_uses(self) -> None:
        """The rows of every fact used: one of its supporters is chosen, before its consumer.

        Facts are used before all their supporters are known (equivalences lead back to blocks
        being built), so their rows come last."""
        for fact, consumer, active in self._uses:
            support = self._facts[fact]
            self.program.at_least([(w, 1.0) for w in support.supporters], 1.0, active)
            if consumer is not None:
                self.program.after(consumer.t, support.potential, 0.0, active)
                self.timing.later(consumer.start, support.time, 0.0, active)

    def cut_two_cycles(self) -> None:
        """Rows that the linear relaxation needs and the potentials alone do not give: a
        direction of an equivalence supports a block that another direction needs, while it
        needs a block that other direction gives (the two directions of a mutual equivalence),
        only if that block has another supporter.

        Why it holds: were the other direction a supporter of the block needed, the block
        supported would come before the other direction (which needs it), that direction
        before the block needed, that block before the first direction (which needs it), and
        the first direction before the block supported: a cycle, which no route follows and
        the potentials forbid. Why it is needed: a potential's row lets a support go by a large
        coefficient times what is missing of it, so a fraction of a support goes almost free,
        and the relaxation took a block through a mutual equivalence's two directions at 1.0
        and 0.963 (a catalogue of 40 blocks: its bound 3,314 € against an optimum of 4,200 €,
        and 3,625 € with these rows, which HiGHS then solves four times faster)."""
        if not self._directions:
            return  # no equivalence in the model: no such cycle
        # Keyed by the providers' binaries: an id may be any module's (a module may be named
        # like a direction).
        supporters: dict[_Fact, dict[int, int]] = {}
        for fact, support in self._facts.items():
            providers = self._providers_of.get(fact, [])
            supporters[fact] = {
                actor.x: binary for actor, binary in zip(providers, support.supporters, strict=True)
            }
        directions = [
            (actor, *self._direction_sets[actor.x]) for actor in self._directions.values()
        ]
        needing: dict[str, list[tuple[Actor, frozenset[str]]]] = {}
        for other, other_needed, other_gained in directions:
            for block in other_needed:
                needing.setdefault(block, []).append((other, other_gained))
        for giver, needed, gained in directions:
            for block in sorted(gained):
                given = supporters.get(("block", block, 0), {}).get(giver.x)
                if given is None:
                    continue
                for other, other_gained in needing.get(block, []):
                    if other is giver:
                        continue
                    for wanted in sorted(needed & other_gained):
                        held = supporters.get(("block", wanted, 0))
                        if held is None:
                            continue  # held from the start: no support asked for
                        others = [(w, -1.0) for x, w in held.items() if x != other.x]
                        self.milp.row([(given, 1.0), *others], -float("inf"), 0.0)

    def _require_simple(
        self, rule: Requirement, consumer: Actor | None, active: int | None
    ) -> None:
        if isinstance(rule, HasBlock | HasCompetence):
            self._use_fact(_fact_of(rule), consumer, active)
        elif isinstance(rule, HasExperience):
            self._use_experience(rule, consumer, active)
        elif isinstance(rule, AllOf):
            for item in rule.items:
                self._require_simple(item, consumer, active)
        else:
            count = 1 if isinstance(rule, AnyOf) else rule.count
            chosen = []
            for item in rule.items:
                auxiliary = self.milp.binary()
                chosen.append((auxiliary, 1.0))
                self._require_simple(item, consumer, auxiliary)
            self.program.at_least(chosen, count, active)

    def _use_fact(self, fact: _Fact, consumer: Actor | None, active: int | None) -> None:
        self._support(fact)
        self._uses.append((fact, consumer, active))

    def _use_experience(
        self, rule: HasExperience, consumer: Actor | None, active: int | None
    ) -> None:
        program = self.program
        if program.workable(rule.rome):
            return  # the person may work for it (a VAE's coverage)
        missing = rule.hours - program.experience_held(rule.rome)
        terms = [
            (self._before(worker, consumer), float(hours))
            for job, hours, worker in program.workers
            if (not rule.rome or job in rule.rome) and worker is not consumer
        ]
        self.program.at_least(terms, float(missing), active)

    def _before(self, worker: Actor, consumer: Actor | None) -> int:
        """A binary: ``worker`` is chosen and ordered before ``consumer`` (the goal: chosen)."""
        if consumer is None:
            return worker.x
        key = (worker.x, consumer.x)
        known = self._pairs.get(key)
        if known is None:
            known = self.milp.binary()
            self.milp.row([(known, 1.0), (worker.x, -1.0)], -float("inf"), 0.0)
            self.program.after(consumer.t, worker.t, 1.0, known)
            self.timing.later(consumer.start, worker.start, float(worker.days), known)
            self._pairs[key] = known
        return known

    def _support(self, fact: _Fact) -> Support:
        known = self._facts.get(fact)
        if known is not None:
            return known
        support = Support(self.milp.column(0.0, self.program.top), [])
        support.time = self.timing.day()
        self._facts[fact] = support
        providers = self._providers(fact)
        for actor in providers:
            action = actor.action
            vae = action is not None and action.kind is ActionKind.VAE
            if len(providers) == 1 and action is not None and not vae:
                supporter = actor.x
            else:
                supporter = self.milp.binary()
                self.milp.row([(supporter, 1.0), (actor.x, -1.0)], -float("inf"), 0.0)
            if vae:
                # The VAE supports the block only if the related experience then reaches coverage.
                coverage = self.coverage.cover(fact[1], actor, supporter)
                self._use_experience(coverage, actor, supporter)
            self.program.after(support.potential, actor.t, 1.0, supporter)
            self.timing.later(support.time, actor.start, float(actor.days), supporter)
            support.supporters.append(supporter)
        return support

    def _providers(self, fact: _Fact) -> list[Actor]:
        known = self._providers_of.get(fact)
        if known is None:
            known = self._find_providers(fact)
            self._providers_of[fact] = known
        return known

    def _find_providers(self, fact: _Fact) -> list[Actor]:
        kind, name, rank = fact
        program = self.program
        if kind == "competence":
            return [actor for taught, actor in program.teachers.get(name, []) if taught >= rank]
        providers = [
            actor
            for actor in program.by_block.get(name, [])
            if actor.action is None
            or actor.action.kind is not ActionKind.VAE
            or self.coverage.coverable(name)
        ]
        for identifier, index, needed, gained in self._giving.get(name, ()):
            providers.append(self._direction(identifier, index, needed, gained))
        return providers

    def _direction(
        self, identifier: str, index: int, needed: frozenset[str], gained: frozenset[str]
    ) -> Actor:
        key = (identifier, index)
        known = self._directions.get(key)
        if known is None:
            known = Actor(
                f"equivalence:{identifier}:{index}",
                self.milp.binary(),
                self.milp.column(0.0, self.program.top),
                None,
            )
            self._directions[key] = known
            self._direction_sets[known.x] = (needed, gained)
            known.start = self.timing.day()
            self._unwritten.append(known)
        return known

    def _simplify(self, rule: Requirement) -> _Simple:
        """``rule`` with what the positioning settles replaced by True, what nothing can
        provide by False."""
        root = self.program.held
        if isinstance(rule, HasBlock | HasCompetence):
            if rule.is_met(root):
                return True
            return rule if self._providers(_fact_of(rule)) else False
        if isinstance(rule, HasExperience):
            held = self.program.experience_held(rule.rome)
            if held >= rule.hours or self.program.workable(rule.rome):
                return True
            workers = self.program.workers
            most = held + sum(h for job, h, _ in workers if not rule.rome or job in rule.rome)
            return rule if most >= rule.hours else False
        items = [self._simplify(item) for item in rule.items]
        rest = tuple(item for item in items if not isinstance(item, bool))
        met = sum(1 for item in items if item is True)
        if isinstance(rule, AllOf):
            if any(item is False for item in items):
                return False
            return AllOf(rest) if rest else True
        needed = 1 if isinstance(rule, AnyOf) else rule.count
        needed -= met
        if needed <= 0:
            return True
        if needed > len(rest):
            return False
        return AnyOf(rest) if needed == 1 else AtLeast(needed, rest)


def _fact_of(leaf: HasBlock | HasCompetence) -> _Fact:
    if isinstance(leaf, HasBlock):
        return ("block", leaf.block, 0)
    return ("competence", leaf.competence, leaf.rank)
