"""The A* lower bound: the least a route can still cost, for the objective.

For each way of meeting the goal, the bound is the lesser of two: routes that use no VAE (the exact
cheapest cover of the missing target blocks by the modules that validate them, plus the
competences every such module needs: landmarks such as a CléA gate) and routes that use one (the
same cover where VAE may validate the blocks experience covers, at the VAE's weight plus the least
it takes to gather the experience still lacking, and never less than one VAE). For the duration
objective it is also at least the wait for the first session that can validate each block, and
a VAE counts nothing in the cover: it runs beside the person's track (the cover adds up that
track), so a route with a VAE is bounded by the larger of the VAE and the training beside it.
Blocks an equivalence could grant count as free. A required placement not yet taken counts as
one more thing to cover, by any placement (one that validates a missing block covers both), and
placements are then free wherever else the bound might count them (landmarks, experience for
VAE), so that none is counted twice. Every piece ignores something a real route must
pay, never the other way round, so the bound never exceeds the true remainder: the first route
A* reaches is optimal. For the duration, :meth:`LowerBound.timed` also counts the waits for
sessions along chains of prerequisites and one step after another (:mod:`.waits`): asked when
A* stops, for the bound it reports.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from itineraire.model.requirements import AllOf, HasCompetence, HasExperience, Requirement
from itineraire.planning.actions import PLACEMENT_WEEKLY_HOURS, Action, ActionKind
from itineraire.planning.calendar import WORKING_WEEK, Calendar
from itineraire.planning.objectives import Objective
from itineraire.planning.relaxation import RelaxedProblem
from itineraire.planning.waits import Finisher, released_bound, schedule_bound, tasks
from itineraire.validation import eligibility_rule

if TYPE_CHECKING:  # the problem owns its bound: a type-only import avoids a cycle
    from itineraire.planning.problem import PlanningProblem

__all__ = ["PLACEMENT", "LowerBound", "top_competences"]

_INFINITY = float("inf")

PLACEMENT = "<placement>"
"""Stands for the required placement among the missing blocks (no block code has brackets)."""

_VaeOptions = tuple[tuple[frozenset[str], float], ...]

_MOST_SEQUENCED = 8
"""At most this many modules are ordered exactly in the duration bound (2^8 subsets): fewer
only make the bound weaker, never wrong."""


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


@attrs.define
class LowerBound:
    """The bound of one problem, with the memos that make it cheap to ask again."""

    problem: PlanningProblem
    _relaxations: dict[object, RelaxedProblem] = attrs.field(factory=dict)
    _cover_memo: dict[tuple[frozenset[str], _VaeOptions], float] = attrs.field(factory=dict)
    _achiever_memo: dict[str, tuple[Action, ...]] = attrs.field(factory=dict)
    _vae_memo: dict[tuple[object, bool], _VaeOptions] = attrs.field(factory=dict)
    _block_landmark_memo: dict[tuple[str, bool], dict[str, int]] = attrs.field(factory=dict)
    _teacher_memo: dict[tuple[str, int], tuple[Action, ...]] = attrs.field(factory=dict)
    _landmark_bound_memo: dict[tuple[frozenset[str], tuple[tuple[str, int], ...]], float] = (
        attrs.field(factory=dict)
    )
    _landmark_memo: dict[tuple[frozenset[str], bool], tuple[tuple[str, int], ...] | None] = (
        attrs.field(factory=dict)
    )
    _sequence_memo: dict[tuple[tuple[str, ...], int], float] = attrs.field(factory=dict)
    _timed_memo: dict[tuple[object, frozenset[int], int, bool], float] = attrs.field(factory=dict)
    _finishers: dict[int, Finisher] = attrs.field(factory=dict)
    _first_ends: dict[tuple[object, int], float] = attrs.field(factory=dict)
    _first_ends_calendar: Calendar | None = None
    _waits: dict[tuple[frozenset[str], int, bool, tuple[bool, ...]], tuple[float, int]] = (
        attrs.field(factory=dict)
    )
    _needs: dict[tuple[frozenset[str], bool], tuple[tuple[str, int], ...]] = attrs.field(
        factory=dict
    )
    work: int = attrs.field(default=0, init=False)
    """Work done so far, in operations counted by their number (see ``Planner.work_limit``):
    an action per action weighed by the cheap bound, an operator per operator swept by
    LM-cut."""
    repeat_work: int = attrs.field(default=0, init=False)
    """The work the last :meth:`value` would count if asked again with the same arguments (its
    waits then remembered): what a caller that keeps the value instead of asking again counts
    (:meth:`count_repeat`), so that the work, and where a stopped search stops, stay the same."""

    def relaxation(
        self, have: Callable[[frozenset[str]], int], experience_key: object, vae: bool = True
    ) -> RelaxedProblem:
        """The relaxed problem for the experience ``have`` gives (identified by
        ``experience_key``), compiled on first use: experience changes only with the few steps
        that bring some. ``vae`` false: without VAE."""
        key = (experience_key, vae)
        known = self._relaxations.get(key)
        if known is None:
            memory = self.problem.memory
            known = self._relaxations[key] = (
                RelaxedProblem(self.problem, have, vae=vae)
                if memory is None
                else memory.relaxation(self.problem, have, vae)
            )
        return known

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.problem.actions

    @property
    def vae_blocks(self) -> frozenset[str]:
        return self.problem.vae_blocks

    def weight(self, action: Action) -> float:
        return self.problem.track_weight(action)

    def _days(self, total: float) -> float:
        """A sum of :meth:`weight` as what it bounds: for the duration on one week, the open
        days' calendar days less the week's slack, rounded up (at least the days of the steps
        one after the other, from any start day); otherwise the sum itself."""
        open_days = self.problem.open_days
        if open_days is None or total == _INFINITY:
            return total
        return float(max(0, math.ceil(total - open_days[1] - 1e-9)))

    def vae_weight(self) -> int:
        return self.problem.vae_weight()

    def value(
        self,
        held: frozenset[str],
        ranks: dict[str, int],
        day: int = 0,
        calendar: Calendar | None = None,
        have: Callable[[frozenset[str]], int] | None = None,
        experience_key: object = None,
        placement: bool = False,
        beside: float = 0.0,
    ) -> float:
        """A lower bound of what the rest of the route costs, for the objective.

        For each way of meeting the goal: the exact cheapest cover of its missing blocks by
        actions that validate them, plus the cheapest way to acquire the competences that every
        one of those actions needs (landmarks), each action's weight shared among the landmarks it
        teaches and not counted again when it also validates a missing block. A VAE counts with
        the least it takes to gather the experience it still lacks. ``have`` gives the person's
        experience in some jobs, planned employment included (none when not given);
        ``experience_key`` identifies that experience, for memoising (None: not memoised).
        ``placement``: the route still needs a placement. ``beside``: for the duration, the
        open days' worth of the person's weekly hours that the part-time steps still running
        take from ``day`` on; the steps the cover adds up run in the rest of the person's weeks,
        so it adds to the cover (not to the waits, which a step beside may not delay).
        """
        self.work += len(self.problem.actions)
        repeat = len(self.problem.actions)
        vae = (
            self._vae_options(have or _no_experience, experience_key, placement)
            if self.problem.vae_certifications
            else ()
        )
        best = _INFINITY
        waits = calendar is not None and self.problem.objective is Objective.DURATION
        for mandatory in self.problem.mandatory:
            missing = frozenset(mandatory - held - self.problem.free_blocks)
            if placement:
                missing |= {PLACEMENT}
            # A route either uses no VAE (modules only: their landmarks all count) or uses one
            # (it pays at least that VAE): the bound is the lesser of the two. For the duration,
            # each is also at least its waits for sessions.
            bound = self._days(
                self._cover(missing, ()) + self._landmarks_bound(missing, ranks, False)
            )
            if beside:
                bound += beside
            if waits and bound < best:
                assert calendar is not None
                waiting, work = self._waiting_bound(missing, ranks, day, calendar, False)
                bound = max(bound, waiting)
                repeat += work
            if vae and bound > 0:
                with_vae = self._days(
                    self._cover(missing, self._on_track(vae))
                    + self._landmarks_bound(missing, ranks, True)
                )
                if beside:
                    with_vae += beside
                with_vae = max(with_vae, min(weight for _, weight in vae))
                if waits and with_vae < min(bound, best):
                    assert calendar is not None
                    waiting, work = self._waiting_bound(missing, ranks, day, calendar, True)
                    with_vae = max(with_vae, waiting)
                    repeat += work
                bound = min(bound, with_vae)
            best = min(best, bound)
        self.repeat_work = repeat
        return _whole_days(best) if beside else best

    def count_repeat(self, work: int) -> None:
        """Count ``work`` (a :attr:`repeat_work`) as if :meth:`value` had been asked again."""
        self.work += work

    def relaxed(
        self,
        held: frozenset[str],
        ranks: dict[str, int],
        have: Callable[[frozenset[str]], int],
        experience_key: object,
        placement: bool,
        beside: float = 0.0,
    ) -> float:
        """The LM-cut bound (:mod:`itineraire.planning.relaxation`): costlier than
        :meth:`value`, and much stronger where prerequisites chain or a VAE needs experience.
        ``experience_key`` identifies the experience ``have`` gives; ``beside`` as for
        :meth:`value` (it adds to the relaxed plan of the person's track, not to a VAE)."""
        if self.problem.objective is Objective.DURATION and self.problem.vae_certifications:
            # A VAE runs beside the person's track, so its weeks do not add up with the
            # training's: the routes without VAE are bounded by the relaxation without it, those
            # with one by the least VAE (its weeks after the experience it lacks).
            vae = self._vae_options(have, experience_key, placement)
            least = min((weight for _, weight in vae), default=_INFINITY)
            alone = self._days(self._lm_cut(held, ranks, have, experience_key, placement, False))
            return _whole_days(min(alone + beside, least)) if beside else min(alone, least)
        relaxed = self._days(self._lm_cut(held, ranks, have, experience_key, placement, True))
        return _whole_days(relaxed + beside) if beside else relaxed

    def timed(
        self,
        held: frozenset[str],
        ranks: dict[str, int],
        day: int,
        calendar: Calendar,
        have: Callable[[frozenset[str]], int],
        experience_key: object,
        placement: bool,
    ) -> float:
        """For the duration, days from ``day`` until the route can end, counting the waits
        for sessions along chains of prerequisites (:meth:`RelaxedProblem.earliest`): no
        earlier than the day the goal can first be held; and for each way of meeting the goal
        (the least of them), no earlier than the tasks it needs on the person's track can all
        be over, one after the other, each at a session after its release
        (:func:`.schedule_bound`), and for every day ``t`` no earlier than ``t`` plus the
        cheapest cover of the missing blocks no step starting before ``t`` can validate
        (those steps all run after ``t``, on the person's track)."""
        relaxation = self.relaxation(have, experience_key, True)
        start = relaxation.start(held, ranks, placement)
        key = (experience_key, start, day, placement)
        known = self._timed_memo.get(key) if experience_key is not None else None
        if known is not None:
            return known
        before = relaxation.work
        height, starts = relaxation.earliest(start, day, calendar, self.vae_weight())
        self.work += relaxation.work - before
        goal = height[relaxation.goal_placed if placement else relaxation.goal_free]
        known = goal - day
        if known < _INFINITY:
            best = _INFINITY
            for mandatory in self.problem.mandatory:
                missing = set(mandatory - held - self.problem.free_blocks)
                if self.problem.vae_certifications:
                    missing -= self.vae_blocks  # a VAE may validate them, beside the track
                if placement:
                    missing.add(PLACEMENT)
                late, work = released_bound(self, missing, day, starts)
                chosen = tasks(self, missing, ranks, day, starts)
                end, more = schedule_bound(chosen, day, self._finisher(calendar), starts)
                self.work += work + more
                best = min(best, max(late, end - day))
            known = max(known, best)
        if experience_key is not None:
            self._timed_memo[key] = known
        return known

    def _finisher(self, calendar: Calendar) -> Finisher:
        """The ends of steps at their first sessions, remembered per calendar (one per problem
        in practice: the person's)."""
        known = self._finishers.get(id(calendar))
        if known is None or known.calendar is not calendar:
            known = self._finishers[id(calendar)] = Finisher(calendar)
        return known

    def _lm_cut(
        self,
        held: frozenset[str],
        ranks: dict[str, int],
        have: Callable[[frozenset[str]], int],
        experience_key: object,
        placement: bool,
        vae: bool,
    ) -> float:
        relaxation = self.relaxation(have, experience_key, vae)
        before = relaxation.work
        value = relaxation.value(relaxation.start(held, ranks, placement), placement)
        self.work += relaxation.work - before
        return value

    def _on_track(self, vae: _VaeOptions) -> _VaeOptions:
        """The VAE options as the cover counts them. For the duration the cover adds up the
        person's track, and a VAE runs beside it: it counts nothing there (what a route with
        a VAE lasts is also at least the VAE itself, the least option's weight). With VAE for
        several certifications, one placement may bring the experience of two of them: the
        cover counts each VAE without the experience it gathers (counting it in each option
        would pay for that placement twice; the least option, gathering included, still
        bounds a route with a VAE)."""
        if self.problem.objective is Objective.DURATION:
            return tuple((covered, 0.0) for covered, _ in vae)
        if len(self.problem.vae_certifications) > 1:
            own = float(self.vae_weight())
            return tuple((covered, min(weight, own)) for covered, weight in vae)
        return vae

    def _waiting_bound(
        self,
        missing: frozenset[str],
        ranks: dict[str, int],
        day: int,
        calendar: Calendar,
        vae: bool,
    ) -> tuple[float, int]:
        """Days until the route can end, counting session waits: each missing block is validated
        no earlier than its first achiever can finish, and no earlier than the first teacher of a
        competence all its achievers need can finish, plus the shortest achiever after that; and
        the modules every such route takes can all be over (``vae``: for routes that may use
        VAE, which has no sessions, for the blocks experience may cover).

        Remembered per missing blocks, day and which of their landmarks are held (all the rank
        of a route it reads), with the work it counted: a remembered answer counts that work
        again, so that the work, and so where a stopped search stops, is the same as without
        the memo (the sequence it asks for is then remembered too, and counts nothing). With
        the bound, the work a remembered answer counts."""
        self._on_calendar(calendar)
        needs = self._waiting_needs(missing, vae)
        held = tuple([ranks.get(competence, -1) >= rank for competence, rank in needs])
        key = (missing, day, vae, held)
        known = self._waits.get(key)
        if known is not None:
            self.work += known[1]
            return known
        before = self.work
        bound, landmarks = self._block_waits(missing, ranks, day, calendar, vae)
        work = self.work - before
        if landmarks is not None:
            bound = max(bound, self._sequence_bound(landmarks, day, calendar))
        self._waits[key] = (bound, work)
        return bound, work

    def _block_waits(
        self,
        missing: frozenset[str],
        ranks: dict[str, int],
        day: int,
        calendar: Calendar,
        vae: bool,
    ) -> tuple[float, dict[str, Action] | None]:
        """The waits of :meth:`_waiting_bound` block by block, and the modules every route
        still takes (None when a block has no module that validates it: no route at all)."""
        bound = 0.0
        landmarks: dict[str, Action] = {}
        for block in missing:
            achievers = self.achievers(block)
            self.work += len(achievers)
            if vae and block in self.vae_blocks:
                continue  # VAE has no sessions; its length is already in the cover
            if not achievers:
                return _INFINITY, None
            if len(achievers) == 1 and not achievers[0].intensity:
                landmarks[achievers[0].id] = achievers[0]
            finish = self._first_end(block, achievers, day, calendar)
            # The achiever runs after the teacher is over, alone in this count: its own length.
            shortest = min(a.least_days for a in achievers)
            for competence, rank in self._block_landmarks(block, vae).items():
                if ranks.get(competence, -1) >= rank:
                    continue
                teachers = self.teachers(competence, rank)
                if len(teachers) == 1 and not teachers[0].intensity:
                    landmarks[teachers[0].id] = teachers[0]
                teacher = self._first_end((competence, rank), teachers, day, calendar)
                finish = max(finish, teacher + shortest)
            bound = max(bound, finish - day)
        return bound, landmarks

    def _waiting_needs(self, missing: frozenset[str], vae: bool) -> tuple[tuple[str, int], ...]:
        """The competences (with rank) that :meth:`_block_waits` may ask a route for: the
        landmarks of the ``missing`` blocks, in a fixed order."""
        key = (missing, vae)
        known = self._needs.get(key)
        if known is None:
            pairs = {
                pair for block in missing for pair in self._block_landmarks(block, vae).items()
            }
            known = self._needs[key] = tuple(sorted(pairs))
        return known

    def _on_calendar(self, calendar: Calendar) -> None:
        """Forget what was remembered on another calendar (in practice there is one: the
        person's)."""
        if calendar is not self._first_ends_calendar:
            self._first_ends_calendar = calendar
            self._first_ends = {}
            self._waits = {}

    def _first_end(
        self, group: object, actions: tuple[Action, ...], day: int, calendar: Calendar
    ) -> float:
        """The earliest day one of ``actions`` can be over, started at a session on ``day`` or
        later; remembered per ``group`` (a block for its achievers, a competence and rank for
        its teachers, a one-tuple for a single action) and day, on one calendar (the person's):
        the routes A* tries ask again for the same ones."""
        self._on_calendar(calendar)
        key = (group, day)
        known = self._first_ends.get(key)
        if known is None:
            known = _INFINITY
            for action in actions:
                start = calendar.earliest_start(day, action)
                if start is not None:
                    known = min(known, calendar.end(start, action))
            self._first_ends[key] = known
        return known

    def _sequence_bound(self, landmarks: dict[str, Action], day: int, calendar: Calendar) -> float:
        """Days until the modules every route still takes (the only achiever of a missing block,
        the only teacher of a competence every achiever needs) can all be over, one after the
        other, each at a session (full-time modules only: a part-time one may run beside
        another): the best order, by a dynamic programme over subsets (the
        earliest start is monotone, so the earliest end of each subset is all that matters).
        Other steps and prerequisites only delay them."""
        chosen = tuple(sorted(landmarks)[:_MOST_SEQUENCED])
        if not chosen:
            return 0.0
        key = (chosen, day)
        known = self._sequence_memo.get(key)
        if known is not None:
            return known
        actions = [landmarks[identifier] for identifier in chosen]
        self.work += len(actions) << len(actions)
        # The ends remembered are read here directly: this loop asks for up to 2,048 of them.
        self._on_calendar(calendar)
        first_ends = self._first_ends
        groups = [(action.id,) for action in actions]
        ends = [_INFINITY] * (1 << len(actions))
        ends[0] = float(day)
        for subset, end in enumerate(ends):
            if end == _INFINITY:
                continue
            start = int(end)
            for index, group in enumerate(groups):
                bit = 1 << index
                if subset & bit:
                    continue
                after = first_ends.get((group, start))
                if after is None:
                    after = self._first_end(group, (actions[index],), start, calendar)
                if after < ends[subset | bit]:
                    ends[subset | bit] = after
        known = ends[-1] - day
        self._sequence_memo[key] = known
        return known

    def achievers(self, block: str) -> tuple[Action, ...]:
        """The relevant module actions that validate ``block`` (placements for PLACEMENT)."""
        known = self._achiever_memo.get(block)
        if known is None:
            if block == PLACEMENT:
                known = tuple(a for a in self.actions if a.kind is ActionKind.PLACEMENT)
            else:
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

    def cover(self, missing: frozenset[str]) -> float:
        """The exact cheapest cover of the ``missing`` blocks by the actions that validate
        them, without VAE, at their weights (memoised), as days for the duration."""
        return self._days(self._cover(missing, ()))

    def block_landmarks(self, block: str) -> dict[str, int]:
        """The competences (with rank) every action that validates ``block`` needs."""
        return self._block_landmarks(block, False)

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
        wanted = tuple([pair for pair in landmarks if ranks.get(pair[0], -1) < pair[1]])
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
        if _covered(action) & missing:
            return 0  # may be counted in the cover
        taught = sum(1 for c, r, _ in action.teaches if c in wanted and r >= wanted[c])
        return self.weight(action) / max(1, taught)

    def _landmarks(self, missing: frozenset[str], vae: bool) -> tuple[tuple[str, int], ...] | None:
        """Competences (with rank, in order) every achiever of some missing block needs; None
        if a block has none. Sorted once here: every node asks again."""
        key = (missing, vae)
        if key in self._landmark_memo:
            return self._landmark_memo[key]
        landmarks: dict[str, int] = {}
        found: tuple[tuple[str, int], ...] | None = None
        for block in sorted(missing):
            if not (vae and block in self.vae_blocks) and not self.achievers(block):
                break
            for competence, rank in self._block_landmarks(block, vae).items():
                landmarks[competence] = max(rank, landmarks.get(competence, rank))
        else:
            found = tuple(sorted(landmarks.items()))
        self._landmark_memo[key] = found
        return found

    def _cover(self, missing: frozenset[str], vae: _VaeOptions) -> float:
        if not missing:
            return 0
        key = (missing, vae)
        known = self._cover_memo.get(key)
        if known is not None:
            return known
        block = min(missing)
        best = _INFINITY
        achievers = [(_covered(a), float(self.weight(a))) for a in self.achievers(block)]
        achievers += [(covered, weight) for covered, weight in vae if block in covered]
        for covered, weight in achievers:
            best = min(best, weight + self._cover(missing - covered, vae))
        self._cover_memo[key] = best
        return best

    def _vae_options(
        self, have: Callable[[frozenset[str]], int], experience_key: object, placement: bool
    ) -> _VaeOptions:
        """What VAE can do from here, as (blocks covered, least weight) pairs: the blocks the
        experience already covers, at the VAE's own weight; all of its blocks, at that weight
        plus the least it takes to gather the experience one more block lacks."""
        if not self.problem.vae_certifications:
            return ()
        key = (experience_key, placement)
        if experience_key is not None and key in self._vae_memo:
            return self._vae_memo[key]
        options = self._compute_vae_options(have, placement)
        if experience_key is not None:
            self._vae_memo[key] = options
        return options

    def _compute_vae_options(
        self, have: Callable[[frozenset[str]], int], placement: bool
    ) -> _VaeOptions:
        policy = self.problem.catalogue.vae_policy
        options: list[tuple[frozenset[str], float]] = []
        for certification in self.problem.vae_certifications:
            own = [self.problem.catalogue.blocks[b] for b in certification.blocks]
            blocks = [b for b in own if b.code in self.vae_blocks]
            # Eligibility as the search judges it, with every block's related jobs (with only
            # the coverable blocks' jobs the bound asked for more experience than needed).
            rule = eligibility_rule(certification, policy, own)
            eligibility = 0.0
            if isinstance(rule, HasExperience):
                eligibility = self._days(
                    self._gather(rule.hours - have(rule.rome), rule.rome, placement)
                )
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
                    placement,
                )
                for b in blocks
                if b.code not in now
            ]
            if later:
                every = frozenset(b.code for b in blocks)
                options.append(
                    (every, self.vae_weight() + max(eligibility, self._days(min(later))))
                )
        return tuple(option for option in options if option[1] < _INFINITY)

    def _gather(self, deficit: int, rome: frozenset[str], placement: bool) -> float:
        """The least weight of placements (or employment, when allowed) that bring ``deficit``
        hours of experience in ``rome`` jobs: a fractional knapsack, so a true lower bound.
        For cost and hours, a VAE option's weight adds to the cover: with ``placement`` (a
        placement still required) the cover pays for one placement, so placements count free
        here. For the duration it never adds (the VAE runs beside the track: the bound is the
        larger of the two, or the lesser of the ways), and the VAE can only begin once the
        experience is there: every placement counts its days."""
        if deficit <= 0:
            return 0.0
        summed = self.problem.objective is not Objective.DURATION
        sources: list[tuple[float, float]] = []  # (weight per hour, hours available)
        for action in self.actions:
            if action.experience is not None and (not rome or action.experience[0] in rome):
                hours = action.experience[1]
                # A placement that also validates or teaches may be paid for elsewhere in the
                # bound (cover, landmarks) where the VAE's weight adds to it: count it free
                # there, so that nothing is counted twice.
                shared = summed and (placement or bool(action.blocks or action.teaches))
                per_hour = 0.0 if shared else self.weight(action) / hours
                sources.append((per_hour, float(hours)))
        if self.problem.learner.constraints.employment_allowed:
            # An hour of employment takes at least a seventh of a day (7 h a working day).
            per_hour = (
                len(WORKING_WEEK) / PLACEMENT_WEEKLY_HOURS
                if self.problem.objective is Objective.DURATION
                else 0.0
            )
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


def _covered(action: Action) -> frozenset[str]:
    """What ``action`` covers in the bound: its blocks, and the required placement if it is one."""
    if action.kind is ActionKind.PLACEMENT:
        return action.blocks | {PLACEMENT}
    return action.blocks


def _whole_days(days: float) -> float:
    """A bound of days rounded up: what it bounds is a whole number of days (the rounding
    margin keeps a sum that should be whole from being pushed one day up)."""
    return days if days == _INFINITY else float(math.ceil(days - 1e-9))


def _no_experience(_rome: frozenset[str]) -> int:
    """No experience in any job (a bound asked without the person's)."""
    return 0
