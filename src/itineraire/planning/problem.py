"""A planning problem: the goal, the actions relevant to it, and a lower bound on what remains.

Relevance is computed backwards from the goal: an action is relevant when it gives something the
goal needs, or something a relevant action needs, and so on. Only relevant actions are searched.

The lower bound (the A* heuristic) is the cheapest way to cover the target blocks still missing
by actions that validate them, prerequisites ignored: every route must validate those blocks, so
it pays at least that much. Blocks that an equivalence could grant count as free, which keeps the
bound a true lower bound. It is computed by a memoised exact set cover over the few missing
blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from itineraire.catalogue import Catalogue
from itineraire.certifications import Certification
from itineraire.learners import Learner, Target, TargetKind
from itineraire.planning.actions import PLACEMENT_WEEKLY_HOURS, Action, ActionKind
from itineraire.planning.calendar import Calendar
from itineraire.planning.objectives import Objective
from itineraire.requirements import (
    AllOf,
    AnyOf,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
    all_of,
)
from itineraire.validation import eligibility_rule

__all__ = [
    "Problem",
    "goal_rule",
    "mandatory_alternatives",
    "mandatory_blocks",
    "top_competences",
]

_INFINITY = float("inf")

_VaeOptions = tuple[tuple[frozenset[str], float], ...]


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


def top_competences(rule: Requirement) -> dict[str, int]:
    """The competences (with rank) that ``rule`` needs whatever the choice: its all-of leaves."""
    if isinstance(rule, HasCompetence):
        return {rule.competence: rule.rank}
    if isinstance(rule, AllOf):
        needed: dict[str, int] = {}
        for item in rule.items:
            for competence, rank in top_competences(item).items():
                needed[competence] = max(rank, needed.get(competence, rank))
        return needed
    return {}


def mandatory_blocks(rule: Requirement) -> frozenset[str]:
    """The blocks every way of meeting ``rule`` needs (its top-level all-of block leaves)."""
    if isinstance(rule, HasBlock):
        return frozenset({rule.block})
    if isinstance(rule, AllOf):
        return frozenset().union(*(mandatory_blocks(item) for item in rule.items))
    return frozenset()


@attrs.define
class Problem:
    """The search's view of one plan request."""

    catalogue: Catalogue
    learner: Learner
    objective: Objective
    goal: Requirement
    actions: tuple[Action, ...]
    vae_certifications: tuple[Certification, ...]
    needed_blocks: frozenset[str]
    needed_competences: frozenset[str]
    needed_rome: frozenset[str]
    any_experience_needed: bool
    mandatory: tuple[frozenset[str], ...]
    free_blocks: frozenset[str]
    vae_blocks: frozenset[str]
    """Blocks that VAE could ever cover for this person: enough related experience can be had."""
    _cover_memo: dict[tuple[frozenset[str], _VaeOptions], float] = attrs.field(factory=dict)
    _achiever_memo: dict[str, tuple[Action, ...]] = attrs.field(factory=dict)
    _vae_memo: dict[object, _VaeOptions] = attrs.field(factory=dict)
    _block_landmark_memo: dict[tuple[str, bool], dict[str, int]] = attrs.field(factory=dict)
    _teacher_memo: dict[tuple[str, int], tuple[Action, ...]] = attrs.field(factory=dict)
    _landmark_bound_memo: dict[tuple[frozenset[str], tuple[tuple[str, int], ...]], float] = (
        attrs.field(factory=dict)
    )
    _landmark_memo: dict[tuple[frozenset[str], bool], dict[str, int] | None] = attrs.field(
        factory=dict
    )

    @classmethod
    def build(
        cls, catalogue: Catalogue, learner: Learner, objective: Objective, modules: Iterable[Action]
    ) -> Problem:
        goal = goal_rule(catalogue, learner.target)
        relevance = _Relevance(catalogue, learner, tuple(modules))
        if learner.constraints.placement_required:
            for action in relevance.modules:
                if action.kind is ActionKind.PLACEMENT:
                    relevance.use(action)
        relevance.walk(goal)
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
        reachable = _VaeReach(catalogue, learner, relevance.modules)
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
            needed_blocks=frozenset(relevance.blocks),
            needed_competences=frozenset(relevance.competences),
            needed_rome=frozenset(relevance.rome),
            any_experience_needed=relevance.any_experience,
            mandatory=mandatory_alternatives(goal),
            free_blocks=free,
        )

    def weight(self, action: Action) -> int:
        """The action's contribution to the objective, as far as it is additive."""
        if self.objective is Objective.COST:
            return action.cost
        if self.objective is Objective.HOURS:
            return action.hours
        return action.days

    def vae_weight(self) -> int:
        policy = self.catalogue.vae_policy
        if self.objective is Objective.COST:
            return policy.support_cost + policy.jury_cost
        if self.objective is Objective.HOURS:
            return policy.support_hours
        return 7 * (policy.admissibility_weeks + policy.support_weeks + policy.jury_weeks)

    def lower_bound(
        self,
        held: frozenset[str],
        ranks: dict[str, int],
        day: int = 0,
        calendar: Calendar | None = None,
        have: Callable[[frozenset[str]], int] | None = None,
        experience_key: object = None,
    ) -> float:
        """A lower bound of what the rest of the route costs, for the objective.

        For each way of meeting the goal: the exact cheapest cover of its missing blocks by
        actions that validate them, plus the cheapest way to acquire the competences that every
        one of those actions needs (landmarks), each action's weight shared among the landmarks it
        teaches and not counted again when it also validates a missing block. A VAE counts with
        the least it takes to gather the experience it still lacks. ``have`` gives the person's
        experience in some jobs, planned employment included (none when not given);
        ``experience_key`` identifies that experience, for memoising (None: not memoised).
        """
        vae = self._vae_options(have or (lambda _rome: 0), experience_key)
        best = _INFINITY
        for mandatory in self.mandatory:
            missing = frozenset(mandatory - held - self.free_blocks)
            # A route either uses no VAE (modules only: their landmarks all count) or uses one
            # (it pays at least that VAE): the bound is the lesser of the two.
            bound = self._cover(missing, ()) + self._landmarks_bound(missing, ranks, False)
            if vae and bound > 0:
                with_vae = self._cover(missing, vae) + self._landmarks_bound(missing, ranks, True)
                bound = min(bound, max(with_vae, min(weight for _, weight in vae)))
            if bound >= best:
                continue
            if calendar is not None and self.objective is Objective.DURATION:
                bound = max(bound, self._waiting_bound(missing, ranks, day, calendar))
            best = min(best, bound)
        return best

    def _waiting_bound(
        self, missing: frozenset[str], ranks: dict[str, int], day: int, calendar: Calendar
    ) -> float:
        """Days until the route can end, counting session waits: each missing block is validated
        no earlier than its first achiever can finish, and no earlier than the first teacher of a
        competence all its achievers need can finish, plus the shortest achiever after that."""
        bound = 0.0
        for block in missing:
            achievers = self.achievers(block)
            if block in self.vae_blocks:
                continue  # VAE has no sessions; its length is already in the cover
            if not achievers:
                return _INFINITY
            finish = min(_finish(calendar, a, day) for a in achievers)
            shortest = min(a.days for a in achievers)
            for competence, rank in self._block_landmarks(block, True).items():
                if ranks.get(competence, -1) >= rank:
                    continue
                teachers = [_finish(calendar, a, day) for a in self.teachers(competence, rank)]
                finish = max(finish, min(teachers, default=_INFINITY) + shortest)
            bound = max(bound, finish - day)
        return bound

    def achievers(self, block: str) -> tuple[Action, ...]:
        """The relevant module actions that validate ``block``."""
        known = self._achiever_memo.get(block)
        if known is None:
            known = tuple(a for a in self.actions if block in a.blocks)
            self._achiever_memo[block] = known
        return known

    def teachers(self, competence: str, rank: int) -> tuple[Action, ...]:
        """The relevant actions that teach ``competence`` at ``rank`` or above."""
        known = self._teacher_memo.get((competence, rank))
        if known is None:
            known = tuple(
                a
                for a in self.actions
                if any(c == competence and r >= rank for c, r, _ in a.teaches)
            )
            self._teacher_memo[(competence, rank)] = known
        return known

    def _block_landmarks(self, block: str, vae: bool) -> dict[str, int]:
        """Competences every achiever of ``block`` needs (none when VAE may validate it)."""
        known = self._block_landmark_memo.get((block, vae))
        if known is not None:
            return known
        achievers = self.achievers(block)
        common: dict[str, int] = {}
        if achievers and not (vae and block in self.vae_blocks):
            common = top_competences(achievers[0].requires)
            for achiever in achievers[1:]:
                other = top_competences(achiever.requires)
                common = {c: min(r, other[c]) for c, r in common.items() if c in other}
        self._block_landmark_memo[(block, vae)] = common
        return common

    def _landmarks_bound(self, missing: frozenset[str], ranks: dict[str, int], vae: bool) -> float:
        landmarks = self._landmarks(missing, vae)
        if landmarks is None:
            return _INFINITY
        wanted = tuple(sorted((c, r) for c, r in landmarks.items() if ranks.get(c, -1) < r))
        if not wanted:
            return 0
        key = (missing, wanted)
        known = self._landmark_bound_memo.get(key)
        if known is None:
            known = self._landmark_sum(missing, dict(wanted))
            self._landmark_bound_memo[key] = known
        return known

    def _landmark_sum(self, missing: frozenset[str], wanted: dict[str, int]) -> float:
        total = 0.0
        for competence, rank in wanted.items():
            shares = [self._share(a, missing, wanted) for a in self.teachers(competence, rank)]
            if not shares:
                return _INFINITY
            total += min(shares)
        return total

    def _share(self, action: Action, missing: frozenset[str], wanted: dict[str, int]) -> float:
        if action.blocks & missing:
            return 0  # already counted in the cover
        taught = sum(1 for c, r, _ in action.teaches if c in wanted and r >= wanted[c])
        return self.weight(action) / max(1, taught)

    def _landmarks(self, missing: frozenset[str], vae: bool) -> dict[str, int] | None:
        """Competences every achiever of some missing block needs; None if a block has none."""
        if (missing, vae) in self._landmark_memo:
            return self._landmark_memo[(missing, vae)]
        landmarks: dict[str, int] | None = {}
        for block in sorted(missing):
            if not (vae and block in self.vae_blocks) and not self.achievers(block):
                landmarks = None
                break
            assert landmarks is not None
            for competence, rank in self._block_landmarks(block, vae).items():
                landmarks[competence] = max(rank, landmarks.get(competence, rank))
        self._landmark_memo[(missing, vae)] = landmarks
        return landmarks

    def _cover(self, missing: frozenset[str], vae: _VaeOptions) -> float:
        if not missing:
            return 0
        key = (missing, vae)
        known = self._cover_memo.get(key)
        if known is not None:
            return known
        block = min(missing)
        best = _INFINITY
        achievers = [(a.blocks, float(self.weight(a))) for a in self.achievers(block)]
        achievers += [(covered, weight) for covered, weight in vae if block in covered]
        for covered, weight in achievers:
            best = min(best, weight + self._cover(missing - covered, vae))
        self._cover_memo[key] = best
        return best

    def _vae_options(
        self, have: Callable[[frozenset[str]], int], experience_key: object
    ) -> _VaeOptions:
        """What VAE can do from here, as (blocks covered, least weight) pairs: the blocks the
        experience already covers, at the VAE's own weight; all of its blocks, at that weight
        plus the least it takes to gather the experience one more block lacks."""
        if not self.vae_certifications:
            return ()
        if experience_key is not None and experience_key in self._vae_memo:
            return self._vae_memo[experience_key]
        options = self._compute_vae_options(have)
        if experience_key is not None:
            self._vae_memo[experience_key] = options
        return options

    def _compute_vae_options(self, have: Callable[[frozenset[str]], int]) -> _VaeOptions:
        policy = self.catalogue.vae_policy
        options: list[tuple[frozenset[str], float]] = []
        for certification in self.vae_certifications:
            blocks = [self.catalogue.blocks[b] for b in certification.blocks]
            blocks = [b for b in blocks if b.code in self.vae_blocks]
            rule = eligibility_rule(certification, policy, blocks)
            eligibility = 0.0
            if isinstance(rule, HasExperience):
                eligibility = self._gather(rule.hours - have(rule.rome), rule.rome)
            now = frozenset(
                b.code
                for b in blocks
                if have(frozenset(b.experience_rome)) >= policy.block_coverage_hours
            )
            if now:
                options.append((now, self.vae_weight() + eligibility))
            later = [
                self._gather(
                    policy.block_coverage_hours - have(frozenset(b.experience_rome)),
                    frozenset(b.experience_rome),
                )
                for b in blocks
                if b.code not in now
            ]
            if later:
                every = frozenset(b.code for b in blocks)
                options.append((every, self.vae_weight() + max(eligibility, min(later))))
        return tuple(option for option in options if option[1] < _INFINITY)

    def _gather(self, deficit: int, rome: frozenset[str]) -> float:
        """The least weight of placements (or employment, when allowed) that bring ``deficit``
        hours of experience in ``rome`` jobs: a fractional knapsack, so a true lower bound."""
        if deficit <= 0:
            return 0.0
        sources: list[tuple[float, float]] = []  # (weight per hour, hours available)
        for action in self.actions:
            if action.experience is not None and (not rome or action.experience[0] in rome):
                hours = action.experience[1]
                # A placement that also validates or teaches may be paid for elsewhere in the
                # bound (cover, landmarks): count it free here so nothing is counted twice.
                shared = bool(action.blocks or action.teaches)
                per_hour = 0.0 if shared else self.weight(action) / hours
                sources.append((per_hour, float(hours)))
        if self.learner.constraints.employment_allowed:
            per_hour = 7 / PLACEMENT_WEEKLY_HOURS if self.objective is Objective.DURATION else 0.0
            sources.append((per_hour, _INFINITY))
        total = 0.0
        remaining = float(deficit)
        for per_hour, available in sorted(sources):
            used = min(available, remaining)
            total += used * per_hour
            remaining -= used
            if remaining <= 0:
                return total
        return _INFINITY


def _finish(calendar: Calendar, action: Action, day: int) -> float:
    start = calendar.earliest_start(day, action.days, action.sessions)
    return _INFINITY if start is None else start + action.days


class _VaeReach:
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


class _Relevance:
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
