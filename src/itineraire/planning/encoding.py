"""The planner's mixed-integer model of one problem: what it chooses, the rules its choice must
meet, a relaxation of the calendar, and the cuts that exclude a set no order can follow (see
:mod:`itineraire.planning.highs` for the model in words).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.milp import Milp
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.search import Node, Stepper
from itineraire.validation import eligibility_rule

__all__ = ["Actor", "Encoder"]

_Fact = tuple[str, str, int]
"""("block", code, 0) or ("competence", id, rank)."""

_Simple = Requirement | bool

_MODELLED_PERIODS = 24
"""Unavailable periods the relaxation of the calendar models (the first ones)."""


@attrs.define
class Actor:
    """Something that can be chosen and ordered: an action or an equivalence direction."""

    id: str
    x: int
    t: int
    action: Action | None
    """None for an equivalence direction (a pseudo-action the route never lists)."""
    start: int | None = None
    """Its start in days after the route's start, when sessions are modelled."""

    @property
    def days(self) -> int:
        return 0 if self.action is None else self.action.days


@attrs.define
class Support:
    """A fact used by some rule: its potential and the binaries of its possible supporters."""

    potential: int
    supporters: list[int]
    time: int | None = None
    """The day it is held from, when sessions are modelled."""


class Encoder:
    """Builds the MILP of one problem (see the module's documentation)."""

    def __init__(
        self, problem: PlanningProblem, root: Node, stepper: Stepper, *, calendar: bool = True
    ) -> None:
        """``calendar``: model the relaxation of the calendar when modules have sessions (false:
        leave it to the cuts; a smaller model whose root node is much cheaper)."""
        self.with_calendar = calendar
        self.problem = problem
        self.root = root
        self.catalogue = problem.catalogue
        self.policy = problem.catalogue.vae_policy
        self.milp = Milp()
        self.infeasible = False
        self.experience_matters = bool(problem.vae_certifications)
        self.actors: list[Actor] = []
        self.weights: dict[str, int] = {}
        self.sessions: list[str] = []
        self.vae_supporters: dict[str, list[int]] = {}
        self._facts: dict[_Fact, Support] = {}
        self._providers_of: dict[_Fact, list[Actor]] = {}
        self._uses: list[tuple[_Fact, Actor | None, int | None]] = []
        self._pairs: dict[tuple[int, int], int] = {}
        self._directions: dict[tuple[str, int], Actor] = {}
        # Each support adds at least 1 to the potential along a chain of distinct actors (actions
        # and equivalence directions), so potentials fit below their number.
        directions = sum(len(e.directions()) for e in self.catalogue.equivalences)
        self.top = float(len(problem.actions) + len(problem.vae_certifications) + directions + 1)
        self.big = self.top + 1
        self.calendar = stepper.calendar
        self.horizon = 0.0
        self.late = 0.0
        self.timed = False
        self._start(stepper)

    def _start(self, stepper: Stepper) -> None:
        problem = self.problem
        weighted = [(a, problem.weight(a)) for a in problem.actions]
        for certification in problem.vae_certifications:
            vae = Action(
                id=f"vae:{certification.code}",
                kind=ActionKind.VAE,
                title=certification.title,
                hours=self.policy.support_hours,
                cost=self.policy.cost(1),  # at least one block covered
                days=7
                * (
                    self.policy.admissibility_weeks
                    + self.policy.support_weeks
                    + self.policy.jury_weeks
                ),
                requires=eligibility_rule(
                    certification,
                    self.policy,
                    [self.catalogue.blocks[b] for b in certification.blocks],
                ),
                blocks=frozenset(b for b in certification.blocks if b not in self.root.blocks),
                certification=certification.code,
            )
            weighted.append((vae, problem.vae_weight()))
        # Tie-break: fewer actions (no free placement taken for nothing). The objective is whole
        # and the whole tie-break stays below 1/2, so it never outweighs a unit of it.
        tie = 1 / (2 * (len(weighted) + 1))
        day = self.root.day
        for action, weight in weighted:
            x = self.milp.binary(cost=float(weight) + tie)
            if action.sessions:
                self.sessions.append(action.id)
                if stepper.calendar.earliest_start(day, action) is None:
                    self.milp.upper[x] = 0.0  # every session is over
                elif self.with_calendar:
                    self.timed = True
                    # The last session starts on its first open day, maybe after its date.
                    last = self.calendar.next_open(action.sessions[-1], action.week)
                    self.horizon = max(self.horizon, float(last - day))
            t = self.milp.column(0.0, self.top)
            self.actors.append(Actor(action.id, x, t, action))
            self.weights[action.id] = weight
            if action.kind is ActionKind.VAE:
                self.vae_supporters[action.id] = []
        if self.timed:
            ends = [float(last - day) for _, last in stepper.calendar.unavailable]
            self.horizon = max([self.horizon, *ends]) + sum(a.days for a, _ in weighted) + 1
            self.late = 2 * self.horizon + 1
            for actor in self.actors:
                self._time(actor)
        self.by_block: dict[str, list[Actor]] = {}
        self.teachers: dict[str, list[tuple[int, Actor]]] = {}
        self.workers: list[tuple[str, int, Actor]] = []
        for actor in self.actors:
            given = actor.action
            assert given is not None
            for block in given.blocks:
                self.by_block.setdefault(block, []).append(actor)
            for competence, rank, _level in given.teaches:
                self.teachers.setdefault(competence, []).append((rank, actor))
            if given.experience is not None:
                job, hours = given.experience
                self.workers.append((job, hours, actor))

    def _time(self, actor: Actor) -> None:
        """Give ``actor`` a start day; a module with sessions starts on one of them."""
        actor.start = self.milp.column(0.0, self.horizon)
        action = actor.action
        if action is None or not action.sessions:
            return
        terms = []
        starts: set[int] = set()
        for session in action.sessions:
            # The step starts on the session's first open day, unless it would overlap an
            # unavailable period (then a later session's start, which is an option already).
            usable = self.calendar.earliest_start(session, action)
            if session >= self.root.day and usable is not None and usable not in starts:
                starts.add(usable)
                terms.append((self.milp.binary(), float(usable - self.root.day)))
        self.milp.row([*((u, 1.0) for u, _ in terms), (actor.x, -1.0)], 0.0, 0.0)
        self.milp.row([(actor.start, 1.0), *((u, -day) for u, day in terms)], 0.0, 0.0)

    def _later(
        self, later: int | None, earlier: int | None, gap: float, active: int | None
    ) -> None:
        """start[later] ≥ start[earlier] + gap when ``active`` is 1 (sessions modelled only)."""
        if later is None or earlier is None:
            return
        late = self.late
        if active is None:
            self.milp.row([(later, 1.0), (earlier, -1.0)], gap, float("inf"))
        else:
            self.milp.row(
                [(later, 1.0), (earlier, -1.0), (active, -late)], gap - late, float("inf")
            )

    def _one_at_a_time(self) -> None:
        """Steps follow one another: a module with sessions starts after everything ordered
        before it, one step at a time, and no module or placement overlaps an unavailable period
        (a relaxation of the calendar: other steps may overlap, waits are not added up)."""
        late = self.late
        day = self.root.day
        # The first few periods only: this is a relaxation, which a chosen set that the
        # calendar refuses tightens by a cut, so fewer rows keep the answer exact and the model
        # small when a person lists many periods.
        periods = [
            (float(first - day), float(last - day))
            for first, last in self.calendar.unavailable
            if last >= day
        ][:_MODELLED_PERIODS]
        for actor in self.actors:
            action = actor.action
            if action is None or action.sessions or action.kind is ActionKind.VAE:
                continue  # sessions are already chosen clear of them; a VAE is not moved
            assert actor.start is not None
            for first, last in periods:
                after = self.milp.binary()
                # before the period (after = 0) or from the day after it (after = 1)
                self.milp.row(
                    [(actor.start, 1.0), (after, -late)], -float("inf"), first - action.days
                )
                self.milp.row([(actor.start, 1.0), (after, -late)], last + 1 - late, float("inf"))
        for module in self.actors:
            if module.action is None or not module.action.sessions:
                continue
            if module.start is None or self.milp.upper[module.x] == 0.0:
                continue
            before = []
            for other in self.actors:
                if other is module or other.start is None or self.milp.upper[other.x] == 0.0:
                    continue
                first = self.milp.binary()
                before.append((first, -float(other.days)))
                self.milp.row([(first, 1.0), (other.x, -1.0)], -float("inf"), 0.0)
                self._later(module.start, other.start, float(other.days), first)
                # other after module, unless other is before or one of them is not chosen
                self.milp.row(
                    [
                        (other.start, 1.0),
                        (module.start, -1.0),
                        (first, late),
                        (other.x, -late),
                        (module.x, -late),
                    ],
                    float(module.days) - 2 * late,
                    float("inf"),
                )
            self.milp.row([(module.start, 1.0), *before], 0.0, float("inf"))

    def encode(self) -> Encoder:
        """Every constraint: the goal, each action's rule, budget, placement, VAE coverage."""
        for actor in list(self.actors):
            assert actor.action is not None
            self._require(actor.action.requires, actor, actor.x)
        self._require(self.problem.goal, None, None)
        constraints = self.problem.learner.constraints
        if constraints.budget is not None:
            terms = [(a.x, float(a.action.cost)) for a in self.actors if a.action is not None]
            self.milp.row(terms, -float("inf"), float(constraints.budget))
        if constraints.placement_required:
            placements = [
                (a.x, 1.0)
                for a in self.actors
                if a.action is not None and a.action.kind is ActionKind.PLACEMENT
            ]
            if not placements:
                self.infeasible = True
            self.milp.row(placements, 1.0, float("inf"))
        # Facts are used before all their supporters are known (equivalences lead back to
        # blocks being built), so their rows come last.
        for fact, consumer, active in self._uses:
            support = self._facts[fact]
            self._at_least([(w, 1.0) for w in support.supporters], 1.0, active)
            if consumer is not None:
                self._after(consumer.t, support.potential, 0.0, active)
                self._later(consumer.start, support.time, 0.0, active)
        if self.timed:
            self._one_at_a_time()
        for actor in self.actors:
            if actor.id in self.vae_supporters:
                # A VAE is taken only for a block it covers.
                terms = [(w, 1.0) for w in self.vae_supporters[actor.id]]
                self.milp.row([*terms, (actor.x, -1.0)], 0.0, float("inf"))
        return self

    # --- Rules ---

    def _require(self, rule: Requirement, consumer: Actor | None, active: int | None) -> None:
        """``active`` = 1 (always when None) implies ``rule`` holds for ``consumer`` (the goal
        when None), with what the positioning and the actions ordered before it provide."""
        simple = self._simplify(rule)
        if simple is True:
            return
        if simple is False:
            if active is None:
                self.infeasible = True
            else:
                self.milp.upper[active] = 0.0
            return
        self._require_simple(simple, consumer, active)

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
            self._at_least(chosen, count, active)

    def _at_least(self, terms: list[tuple[int, float]], amount: float, active: int | None) -> None:
        """sum(terms) ≥ amount × active."""
        if active is None:
            self.milp.row(terms, amount, float("inf"))
        else:
            self.milp.row([*terms, (active, -amount)], 0.0, float("inf"))

    def _after(self, later: int, earlier: int, gap: float, active: int | None) -> None:
        """potential[later] ≥ potential[earlier] + gap when ``active`` is 1."""
        if active is None:
            self.milp.row([(later, 1.0), (earlier, -1.0)], gap, float("inf"))
        else:
            big = self.big
            self.milp.row([(later, 1.0), (earlier, -1.0), (active, -big)], gap - big, float("inf"))

    def _use_fact(self, fact: _Fact, consumer: Actor | None, active: int | None) -> None:
        self._support(fact)
        self._uses.append((fact, consumer, active))

    def _use_experience(
        self, rule: HasExperience, consumer: Actor | None, active: int | None
    ) -> None:
        self.experience_matters = True
        missing = rule.hours - self.root.experience_on(rule.rome, self.root.day)
        terms = [
            (self._before(worker, consumer), float(hours))
            for job, hours, worker in self.workers
            if (not rule.rome or job in rule.rome) and worker is not consumer
        ]
        self._at_least(terms, float(missing), active)

    def _before(self, worker: Actor, consumer: Actor | None) -> int:
        """A binary: ``worker`` is chosen and ordered before ``consumer`` (the goal: chosen)."""
        if consumer is None:
            return worker.x
        key = (worker.x, consumer.x)
        known = self._pairs.get(key)
        if known is None:
            known = self.milp.binary()
            self.milp.row([(known, 1.0), (worker.x, -1.0)], -float("inf"), 0.0)
            self._after(consumer.t, worker.t, 1.0, known)
            self._later(consumer.start, worker.start, float(worker.days), known)
            self._pairs[key] = known
        return known

    def _support(self, fact: _Fact) -> Support:
        known = self._facts.get(fact)
        if known is not None:
            return known
        support = Support(self.milp.column(0.0, self.top), [])
        if self.timed:
            support.time = self.milp.column(0.0, self.horizon)
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
                self._cover(fact[1], actor, supporter)
            self._after(support.potential, actor.t, 1.0, supporter)
            self._later(support.time, actor.start, float(actor.days), supporter)
            support.supporters.append(supporter)
        return support

    def _cover(self, block: str, vae: Actor, supporter: int) -> None:
        """The VAE supports ``block`` only if the related experience then reaches coverage."""
        self.vae_supporters[vae.id].append(supporter)
        rule = HasExperience(
            self.policy.block_coverage_hours,
            frozenset(self.catalogue.blocks[block].experience_rome),
        )
        self._use_experience(rule, vae, supporter)

    def _providers(self, fact: _Fact) -> list[Actor]:
        known = self._providers_of.get(fact)
        if known is None:
            known = self._find_providers(fact)
            self._providers_of[fact] = known
        return known

    def _find_providers(self, fact: _Fact) -> list[Actor]:
        kind, name, rank = fact
        if kind == "competence":
            return [actor for taught, actor in self.teachers.get(name, []) if taught >= rank]
        providers = [
            actor
            for actor in self.by_block.get(name, [])
            if actor.action is None
            or actor.action.kind is not ActionKind.VAE
            or self._coverable(name)
        ]
        for equivalence in self.catalogue.equivalences:
            for index, (needed, gained) in enumerate(equivalence.directions()):
                if name in gained:
                    providers.append(self._direction(equivalence.id, index, needed))
        return providers

    def _direction(self, identifier: str, index: int, needed: frozenset[str]) -> Actor:
        key = (identifier, index)
        known = self._directions.get(key)
        if known is None:
            known = Actor(
                f"equivalence:{identifier}:{index}",
                self.milp.binary(),
                self.milp.column(0.0, self.top),
                None,
            )
            self._directions[key] = known
            if self.timed:
                known.start = self.milp.column(0.0, self.horizon)
            self._require(AllOf(tuple(HasBlock(b) for b in sorted(needed))), known, known.x)
        return known

    def _coverable(self, block: str) -> bool:
        rome = frozenset(self.catalogue.blocks[block].experience_rome)
        most = self.root.experience_on(rome, self.root.day) + sum(
            hours for job, hours, _ in self.workers if not rome or job in rome
        )
        return most >= self.policy.block_coverage_hours

    def _simplify(self, rule: Requirement) -> _Simple:
        """``rule`` with what the positioning settles replaced by True, what nothing can
        provide by False."""
        if isinstance(rule, HasBlock | HasCompetence):
            if rule.is_met(self.root):
                return True
            return rule if self._providers(_fact_of(rule)) else False
        if isinstance(rule, HasExperience):
            held = self.root.experience_on(rule.rome, self.root.day)
            if held >= rule.hours:
                return True
            self.experience_matters = True
            most = held + sum(h for job, h, _ in self.workers if not rule.rome or job in rule.rome)
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

    # --- Reading a solution ---

    def chosen(self, values: Sequence[float]) -> frozenset[str]:
        return frozenset(a.id for a in self.actors if a.action is not None and values[a.x] > 0.5)

    def order(self, chosen: frozenset[str], values: Sequence[float]) -> list[str]:
        """The chosen actions by potential: an order in which each one's support comes first."""
        actors = [a for a in self.actors if a.id in chosen]
        actors.sort(key=lambda a: (round(values[a.t], 6), a.id))
        return [a.id for a in actors]

    def exclude(self, chosen: frozenset[str]) -> None:
        """Forbid this set of actions, which no calendar order can follow, and every larger set
        whose other actions give nothing its rules use.

        Dropping steps from a route never delays the others (the earliest start is monotone),
        so a larger set can only be followed if one of its other actions provides something a
        rule of the set or the goal uses and the positioning does not: a block, a competence at
        a rank, experience."""
        taken = [a.action for a in self.actors if a.id in chosen and a.action is not None]
        rules = [self.problem.goal, *(action.requires for action in taken)]
        leaves = [leaf for rule in rules for leaf in rule.leaves()]
        coverage = self.policy.block_coverage_hours
        for vae in taken:
            if vae.kind is ActionKind.VAE:
                for block in vae.blocks:
                    rome = frozenset(self.catalogue.blocks[block].experience_rome)
                    leaves.append(HasExperience(coverage, rome))
        leaves = [leaf for leaf in leaves if not leaf.is_met(self.root)]
        blocks = {leaf.block for leaf in leaves if isinstance(leaf, HasBlock)}
        _close_under_equivalences(blocks, self.catalogue)
        ranks: dict[str, int] = {}
        for leaf in leaves:
            if isinstance(leaf, HasCompetence):
                ranks[leaf.competence] = min(leaf.rank, ranks.get(leaf.competence, leaf.rank))
        jobs = [leaf.rome for leaf in leaves if isinstance(leaf, HasExperience)]
        terms = []
        for actor in self.actors:
            action = actor.action
            assert action is not None
            if actor.id in chosen:
                terms.append((actor.x, 1.0))
            elif _gives(action, blocks, ranks, jobs):
                terms.append((actor.x, -1.0))
        self.milp.row(terms, -float("inf"), float(len(chosen) - 1))

    def sessions_text(self) -> str:
        return ", ".join(self.sessions) or "none"


def _gives(
    action: Action, blocks: set[str], ranks: dict[str, int], jobs: list[frozenset[str]]
) -> bool:
    """Whether ``action`` provides one of these blocks, competence ranks or experiences."""
    if action.blocks & blocks:
        return True
    if any(c in ranks and rank >= ranks[c] for c, rank, _ in action.teaches):
        return True
    experience = action.experience
    return experience is not None and any(not rome or experience[0] in rome for rome in jobs)


def _close_under_equivalences(blocks: set[str], catalogue: Catalogue) -> None:
    """Add to ``blocks`` every block that leads to one of them through equivalences."""
    changed = True
    while changed:
        changed = False
        for equivalence in catalogue.equivalences:
            for needed, gained in equivalence.directions():
                if gained & blocks and not needed <= blocks:
                    blocks |= needed
                    changed = True


def _fact_of(leaf: HasBlock | HasCompetence) -> _Fact:
    if isinstance(leaf, HasBlock):
        return ("block", leaf.block, 0)
    return ("competence", leaf.competence, leaf.rank)
