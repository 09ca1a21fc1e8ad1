"""The LM-cut bound: the planning problem without order, calendar or "at most once", whose
cheapest plans are bounded from below by disjoint landmarks (Helmert and Domshlak, 2009).

The relaxed problem has **facts** (a block held, a competence at some rank, some hours of
experience in some jobs, a VAE taken, a placement taken, and one fact per and/or node of a rule)
and **operators** (each module and placement, each VAE, each equivalence, and free operators that
assemble rules: an all-of needs all its items, an any-of any one). Nothing is ever lost, each
operator may be used again and experience comes in one go, so every real route is a relaxed plan
of at most its cost: the relaxed optimum is a lower bound, and LM-cut is a lower bound of that.

LM-cut repeats: compute h^max (the cost of the costliest precondition on the cheapest way to each
fact), take the operators that cross from what the start reaches to what leads to the goal at no
further cost (a cut every relaxed plan must use), count the cheapest of them, make them that much
cheaper, and again until the goal costs nothing. The cuts share no cost, so their sum is a bound.
It sees what the set-cover bound of :mod:`itineraire.planning.bound` cannot: chains of
prerequisites (a placement that needs a block that needs a module that needs CléA) and the
experience a VAE needs, paid by the placements that bring it.
"""

from __future__ import annotations

import copy
import heapq
from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

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
from itineraire.planning.calendar import WORKING_WEEK, Calendar
from itineraire.planning.objectives import Objective
from itineraire.validation import eligibility_rule

if TYPE_CHECKING:  # the problem owns its bound, the memory compiles: type-only imports
    from itineraire.planning.memory import LmCutKey, PlanMemory
    from itineraire.planning.problem import PlanningProblem

__all__ = ["RelaxedProblem", "Signature"]

_INFINITY = float("inf")


class Signature:
    """A value that compares as ``key`` does, its hash worked out once (a compiled problem's
    operators: a few hundred tuples, asked for at every plan)."""

    __slots__ = ("_hash", "key")

    def __init__(self, key: tuple[object, ...]) -> None:
        self.key = key
        self._hash = hash(key)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Signature) and self._hash == other._hash and self.key == other.key


class RelaxedProblem:
    """The relaxed problem of one planning problem, compiled once, with its LM-cut bound."""

    def __init__(
        self,
        problem: PlanningProblem,
        have: Callable[[frozenset[str]], int],
        *,
        vae: bool = True,
    ) -> None:
        """``vae`` false: without the VAE operators (routes that use no VAE). Nothing of
        ``problem`` or ``have`` is kept once compiled: a planner keeps compiled problems for
        its next plans (:meth:`for_plan`)."""
        self.vae = vae
        self.initial: set[int] = set()
        """Facts true from the start whatever is held: the experience already there."""
        self._experience_gives: dict[str, list[int]] = {}
        self.competence_facts: list[tuple[str, int, int]] = []
        """(competence, rank, fact) for each competence level some rule asks for."""
        self._experience_facts: list[tuple[int, frozenset[str], int]] = []
        self.facts: dict[object, int] = {}
        self.true = self._fact(("true",))
        self.placed = self._fact(("placed",))
        self._rules: dict[Requirement, int] = {}
        self.pre: list[tuple[int, ...]] = []
        self.eff: list[tuple[int, ...]] = []
        self.cost: list[float] = []
        self.timed: list[Action | str | None] = []
        """What each operator takes on the calendar: its action, a VAE's certification code
        (a VAE lasts its weeks from a working day), None (nothing: rules, equivalences)."""
        goal = self._conjuncts(problem.goal)
        self.goal_free = self._and(goal)  # the goal when no placement is required (any more)
        self.goal_placed = self._and((*goal, self.placed))
        self._compile(problem, have)
        self.block_facts = {
            key[1]: fact
            for key, fact in self.facts.items()
            if isinstance(key, tuple) and key[0] == "block"
        }
        self.size = len(self.facts)
        self.uses: list[list[int]] = [[] for _ in range(self.size)]
        self.makers: list[list[int]] = [[] for _ in range(self.size)]
        for index, (pre, eff) in enumerate(zip(self.pre, self.eff, strict=True)):
            for fact in pre:
                self.uses[fact].append(index)
            for fact in eff:
                self.makers[fact].append(index)
        self.signature = Signature(
            (
                tuple(self.pre),
                tuple(self.eff),
                tuple(self.cost),
                self.goal_free,
                self.goal_placed,
                self.size,
            )
        )
        """What the LM-cut values and their work depend on: the operators, their costs, the
        goals (the facts' meanings do not matter, only their numbers) and how many facts there
        are (each round sweeps them all: a fact in no operator, such as the experience a VAE
        compiled without its operators would need, adds to the work)."""
        self._memo: dict[LmCutKey, float] = {}
        """The values this plan has asked for (asked again, they cost no work)."""
        self._shared: dict[LmCutKey, tuple[float, int]] = {}
        """The values earlier plans computed, with their work (see :meth:`for_plan`)."""
        self._unknown = [_INFINITY] * self.size
        self._waiting = [len(pre) for pre in self.pre]
        self.work = 0
        """Facts and links swept so far (each LM-cut round sweeps them all, at most)."""
        self._sweep = self.size + sum(map(len, self.pre)) + sum(map(len, self.eff))
        self._unreached = [-1] * len(self.pre)

    # Compiling.

    def _fact(self, key: object) -> int:
        fact = self.facts.get(key)
        if fact is None:
            fact = self.facts[key] = len(self.facts)
        return fact

    def _operator(
        self,
        pre: tuple[int, ...],
        eff: tuple[int, ...],
        cost: float,
        timed: Action | str | None = None,
    ) -> None:
        self.pre.append(tuple(sorted(set(pre))) or (self.true,))
        self.eff.append(tuple(sorted(set(eff))))
        self.cost.append(cost)
        self.timed.append(timed)

    def _and(self, facts: tuple[int, ...]) -> int:
        fact = self._fact(("and", facts))
        self._operator(facts, (fact,), 0.0)
        return fact

    def _conjuncts(self, rule: Requirement) -> tuple[int, ...]:
        """The facts that together stand for ``rule``: an all-of's items directly, so that the
        operator needing it has them as preconditions (a smaller problem, a faster bound)."""
        if isinstance(rule, AllOf):
            return tuple(fact for item in rule.items for fact in self._conjuncts(item))
        return (self._rule(rule),)

    def _rule(self, rule: Requirement) -> int:
        known = self._rules.get(rule)
        if known is not None:
            return known
        if isinstance(rule, HasBlock):
            fact = self._fact(("block", rule.block))
        elif isinstance(rule, HasCompetence):
            rank = ("rank", rule.competence, rule.rank)
            if rank not in self.facts:
                self.competence_facts.append((rule.competence, rule.rank, self._fact(rank)))
            fact = self.facts[rank]
        elif isinstance(rule, HasExperience):
            hours = ("experience", rule.hours, rule.rome)
            if hours not in self.facts:
                self._experience_facts.append((rule.hours, rule.rome, self._fact(hours)))
            fact = self.facts[hours]
        elif isinstance(rule, AllOf):
            items = tuple(self._rule(item) for item in rule.items)
            fact = self.true if not items else items[0] if len(items) == 1 else self._and(items)
        else:
            fact = self._choice(rule)
        self._rules[rule] = fact
        return fact

    def _choice(self, rule: AnyOf | AtLeast) -> int:
        # "At least n of" is relaxed to "at least one of" (n = 0: always met): every route that
        # meets the rule meets the relaxed one.
        if isinstance(rule, AtLeast) and rule.count == 0:
            return self.true
        fact = self._fact(("any", len(self.facts)))
        for item in rule.items:
            self._operator((self._rule(item),), (fact,), 0.0)
        return fact

    def _compile(self, problem: PlanningProblem, have: Callable[[frozenset[str]], int]) -> None:
        catalogue = problem.catalogue
        policy = catalogue.vae_policy
        # Preconditions first: an operator's effects are the facts some rule asks for.
        actions = [(a, self._conjuncts(a.requires)) for a in problem.actions]
        vae = []
        for certification in problem.vae_certifications:
            own = [catalogue.blocks[code] for code in certification.blocks]
            eligible = self._conjuncts(eligibility_rule(certification, policy, own))
            covered = [
                (block.code, self._rule(HasExperience(policy.block_coverage_hours, rome)))
                for block in own
                if block.code in problem.vae_blocks
                for rome in [frozenset(block.experience_rome)]
            ]
            vae.append((certification.code, eligible, covered))
        directions = [
            (tuple(self._fact(("block", b)) for b in sorted(needed)), gained)
            for equivalence in catalogue.equivalences
            for needed, gained in equivalence.directions()
        ]
        self._experience(problem, have)
        for action, pre in actions:
            self._operator(pre, self._gives(action), problem.track_weight(action), action)
        # For the duration the weights add up along the person's track; a VAE runs beside it
        # (its lead times do not occupy the person), so it weighs nothing here: the bound stays
        # below the track a real route follows, and the VAE's own length is the set cover's.
        vae_weight = 0.0 if problem.objective is Objective.DURATION else problem.vae_weight()
        for code, eligible, covered in vae if self.vae else ():
            done = self._fact(("vae", code))
            self._operator(eligible, (done,), float(vae_weight), code)
            for block, experience in covered:
                self._operator((done, experience), self._blocks({block}), 0.0)
        for needed, gained in directions:
            self._operator(needed, self._blocks(gained), 0.0)

    def _blocks(self, blocks: frozenset[str] | set[str]) -> tuple[int, ...]:
        return tuple(self.facts[("block", b)] for b in blocks if ("block", b) in self.facts)

    def _gives(self, action: Action) -> tuple[int, ...]:
        gives = list(self._blocks(action.blocks))
        for competence, rank, fact in self.competence_facts:
            if any(c == competence and r >= rank for c, r, _ in action.teaches):
                gives.append(fact)
        gives += self._experience_gives.get(action.id, ())
        if action.kind is ActionKind.PLACEMENT:
            gives.append(self.placed)
        return tuple(gives)

    def _experience(self, problem: PlanningProblem, have: Callable[[frozenset[str]], int]) -> None:
        """How each experience fact can be met, given the experience already there (this
        problem is compiled for one amount of it).

        A source (a placement in a related job) that alone brings the hours still lacking
        meets it. Smaller sources can only meet it together, when they add up: then an
        operator needs every small source without which the others fall short (or any one of
        them when none is indispensable). Periods of employment as steps bring any
        experience, at no cost or hours."""
        employment = problem.learner.constraints.employment_allowed
        for hours, rome, fact in self._experience_facts:
            lacking = hours - have(rome)
            if employment or lacking <= 0:
                self.initial.add(fact)
                continue
            small = []
            for action in problem.actions:
                if action.experience is None:
                    continue
                job, brought = action.experience
                if rome and job not in rome:
                    continue
                if brought >= lacking:
                    self._experience_gives.setdefault(action.id, []).append(fact)
                else:
                    small.append((action.id, brought))
            total = sum(brought for _, brought in small)
            if total < lacking:
                continue
            took = {a: self._fact(("took", a)) for a, _ in small}
            for action_id, fact_took in took.items():
                self._experience_gives.setdefault(action_id, []).append(fact_took)
            needed = tuple(took[a] for a, brought in small if total - brought < lacking)
            if not needed:
                some = self._fact(("any", len(self.facts)))
                for fact_took in took.values():
                    self._operator((fact_took,), (some,), 0.0)
                needed = (some,)
            self._operator(needed, (fact,), 0.0)

    # The bound.

    def start(
        self,
        blocks: frozenset[str],
        ranks: dict[str, int],
        placement: bool,
    ) -> frozenset[int]:
        """The facts true at the start of the rest of a route."""
        true = {self.true}
        if not placement:
            true.add(self.placed)
        true.update(fact for block, fact in self.block_facts.items() if block in blocks)
        for competence, rank, fact in self.competence_facts:
            held = ranks.get(competence)
            if held is not None and held >= rank:
                true.add(fact)
        true.update(self.initial)
        return frozenset(true)

    def value(self, start: frozenset[int], placement: bool) -> float:
        """The LM-cut bound from the facts ``start`` (memoised; read from the planner's memory
        when an earlier plan computed it, its work counted again)."""
        key = (start, placement)
        known = self._memo.get(key)
        if known is not None:
            return known
        shared = self._shared.get(key)
        if shared is None:
            before = self.work
            known = self._lmcut(start, self.goal_placed if placement else self.goal_free)
            self._shared[key] = (known, self.work - before)
        else:
            known, work = shared
            self.work += work
        self._memo[key] = known
        return known

    def for_plan(self, memory: PlanMemory) -> RelaxedProblem:
        """This compiled problem for a new plan: its own values asked (each counts its work
        once in the plan), the values of ``memory`` read back (their work counted again)."""
        view = copy.copy(self)
        view.work = 0
        view._memo = {}
        view._shared = memory.lm_cut(self.signature)
        return view

    def experience_asked(self) -> tuple[frozenset[str], ...]:
        """The jobs whose experience the compiled problem depends on (what ``have`` gave for
        them): the same for every compilation of the same actions and goal."""
        return tuple(rome for _hours, rome, _fact in self._experience_facts)

    def _lmcut(self, start: frozenset[int], goal: int) -> float:
        cost = list(self.cost)
        total = 0.0
        while True:
            self.work += self._sweep
            height, chosen = self._hmax(start, cost)
            if height[goal] == _INFINITY:
                return _INFINITY
            if height[goal] == 0:
                return total
            cut = self._cut(start, goal, cost, chosen)
            least = min(cost[op] for op in cut)
            total += least
            for op in cut:
                cost[op] -= least

    def earliest(
        self, start: frozenset[int], day: int, calendar: Calendar, vae_days: int
    ) -> tuple[list[float], dict[str, float]]:
        """The earliest day each fact can be held, for a route that holds ``start`` and whose
        next step starts on ``day`` or later, and the earliest day each action can start
        (absent: never): h^max on the calendar. An action starts at its first session on or
        after its preconditions' earliest day (and ``day``), and gives its effects from its
        end; a VAE gives them ``vae_days`` after a working day; rules and equivalences at
        once. Each real step starts no earlier (its prerequisites are held on its first day,
        the calendar's first start is monotone) and nothing is ever lost here, so every fact
        a real route holds, it holds no earlier than this day. The one track, the order of
        steps and "at most once" are ignored: a lower bound."""
        self.work += self._sweep
        height = self._unknown[:]
        waiting = self._waiting[:]
        starts: dict[str, float] = {}
        settled = bytearray(self.size)
        uses = self.uses
        effects = self.eff
        timed = self.timed
        heap = [(float(day), fact) for fact in start]
        for fact in start:
            height[fact] = float(day)
        heapq.heapify(heap)
        pop = heapq.heappop
        push = heapq.heappush
        while heap:
            value, fact = pop(heap)
            if settled[fact]:
                continue
            settled[fact] = 1
            for op in uses[fact]:
                waiting[op] -= 1
                if waiting[op]:
                    continue
                what = timed[op]
                if what is None:
                    reach = value
                elif isinstance(what, str):
                    reach = float(calendar.next_open(int(value), WORKING_WEEK) + vae_days)
                else:
                    first = first_start(calendar, what, int(value))
                    if first is None:
                        continue
                    starts[what.id] = float(first)
                    reach = float(calendar.end(first, what))
                for effect in effects[op]:
                    if reach < height[effect]:
                        height[effect] = reach
                        push(heap, (reach, effect))
        return height, starts

    def _hmax(self, start: frozenset[int], cost: list[float]) -> tuple[list[float], list[int]]:
        """h^max of every fact, and each reached operator's costliest precondition (-1: not
        reached), by a Dijkstra over facts: an operator fires when its last precondition is
        settled, which is then its costliest."""
        height = self._unknown[:]
        waiting = self._waiting[:]
        chosen = self._unreached[:]
        settled = bytearray(self.size)
        uses = self.uses
        effects = self.eff
        heap = [(0.0, fact) for fact in start]
        for fact in start:
            height[fact] = 0.0
        heapq.heapify(heap)
        pop = heapq.heappop
        push = heapq.heappush
        while heap:
            value, fact = pop(heap)
            if settled[fact]:
                continue
            settled[fact] = 1
            for op in uses[fact]:
                waiting[op] -= 1
                if waiting[op]:
                    continue
                chosen[op] = fact
                reach = value + cost[op]
                for effect in effects[op]:
                    if reach < height[effect]:
                        height[effect] = reach
                        push(heap, (reach, effect))
        return height, chosen

    def _cut(
        self, start: frozenset[int], goal: int, cost: list[float], chosen: list[int]
    ) -> list[int]:
        """The operators from the start's side into the goal zone (the facts from which the goal
        is reached through operators that cost nothing any more)."""
        zone = bytearray(self.size)
        zone[goal] = 1
        stack = [goal]
        makers = self.makers
        while stack:
            fact = stack.pop()
            for op in makers[fact]:
                before = chosen[op]
                if before >= 0 and not cost[op] and not zone[before]:
                    zone[before] = 1
                    stack.append(before)
        seen = bytearray(self.size)
        for fact in start:
            seen[fact] = 1
        stack = list(start)
        cut: list[int] = []
        uses = self.uses
        effects = self.eff
        while stack:
            fact = stack.pop()
            for op in uses[fact]:
                if chosen[op] != fact:
                    continue
                crosses = False
                for effect in effects[op]:
                    if zone[effect]:
                        crosses = True
                    elif not seen[effect]:
                        seen[effect] = 1
                        stack.append(effect)
                if crosses:
                    cut.append(op)
        return cut


def first_start(calendar: Calendar, action: Action, day: int) -> int | None:
    """The first day ``action`` can start on ``day`` or later, none excluded: a session dated
    before ``day`` whose first open day is ``day`` or later counts too (the calendar's own
    earliest start, asked from a day, skips it; a real step asked from an earlier day may
    take it). None when no session is left."""
    sessions = action.sessions
    if sessions:
        index = bisect_left(sessions, day)
        while index and calendar.next_open(sessions[index - 1], action.week) >= day:
            index -= 1
        if index == len(sessions):
            return None
        day = min(day, sessions[index])
    return calendar.earliest_start(day, action)
