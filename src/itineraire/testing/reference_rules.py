"""The exhaustive reference's rules: what one step does to a sequence replayed so far, written
from ``docs/planner.md`` alone (see :mod:`~itineraire.testing.exhaustive` for the search over
every sequence).

The rules, as read from the specification:

- a step runs on its open days: the person's training days for a module, Monday to Friday for a
  placement, a period of employment or a VAE, public holidays of the person's zone excepted
  (France's, and Good Friday and 26 December in Alsace-Moselle);
- a route has two tracks. Modules, placements and periods of employment follow one another on
  the person's track; VAE follow one another on the VAE track (one at a time), beside it: a
  VAE's lead times do not occupy the person. A VAE's blocks are granted on the day after its
  jury's last day, and equivalences are applied then;
- a step of the person's track takes the person's weekly hours, or, for a module whose
  ``weekly_hours`` are below them, those hours a week (it then lasts
  ``ceil(hours × training days / its weekly hours)`` open days); on no day, from its first to its
  last, may the steps of the person's track running that day take more than the person's weekly
  hours together;
- a step of the person's track starts as early as possible, no earlier than the first day of the
  previous one of that track, on a day from which it has room within the weekly hours until its
  last day: on the first open day (for a module with sessions, the first open day on or after a
  session dated on or after that day) from which it does not overlap an unavailable period and
  its prerequisites hold (what a step gives counts from the day after its last day, experience
  from planned employment once the period is over and a VAE's blocks once its jury is over, so
  a module may wait for any of them). VAE steps ignore
  unavailable periods; a VAE starts when every step of the person's track listed before it is
  over and the previous VAE's jury is over, "now" or on the day after a planned period of
  employment ends (those are the only days its eligibility or coverage can change), in either
  case on the first working day from then;
- a sequence lists the steps in the order they are decided: a VAE after the steps of the
  person's track finished by its first day (they count for it) and before the others, so a step
  listed after a VAE ends after that VAE starts (a sequence that breaks this is not followed:
  the same schedule is the other sequence's);
- a module needs its prerequisites, plus the entry requirement of its certification for a
  professional module, checked on the day it starts; a VAE needs the certification open to VAE,
  VAE allowed, the eligibility rule met on its first day and at least one missing block covered;
- a module needs ``ceil(hours × training days / weekly_hours)`` open days, a placement or a
  period of employment ``ceil(hours × 5 / 35)``, at least one; it ends on the last of them. A
  VAE lasts the admissibility, support and jury weeks of the catalogue's policy, in calendar
  days;
- experience counts once it is done: positioning records, finished placements and periods of
  employment, planned periods of employment whose last day is before the day considered;
- after every step (and at the positioning) equivalences are applied until nothing changes;
- the route's duration runs from its start to the later end of the two tracks;
- a VAE under way at the positioning (admissible, awaiting its jury) is on the VAE track from
  the start: its blocks are granted on the day after its jury's expected day (the day given, or
  its admissibility day plus the support and jury weeks, less a day; a day before the route's
  start counts as the start), no VAE of its certification is taken again, no other VAE starts
  before that jury is over, its cost and hours are not counted, and the route lasts at least
  until its jury.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification
from itineraire.model.learners import Learner, TargetKind
from itineraire.model.requirements import AllOf, AnyOf, HasBlock, HasExperience, Requirement
from itineraire.modules import Module, Placement, ProfessionalModule
from itineraire.planning import Objective
from itineraire.testing.reference_calendar import (
    PLACEMENT_WEEKLY_HOURS,
    WORKING_WEEK,
    ReferenceCalendar,
    public_holidays,
    workdays,
)
from itineraire.testing.reference_state import (
    Jury,
    OnDay,
    ReplayError,
    State,
    Taken,
    Vector,
    objective_vector,
)
from itineraire.validation import credited_blocks, eligibility_rule

__all__ = ["PLANNING_HORIZON_DAYS", "ReferenceRules"]

_Covering = tuple[str, HasExperience]
"""A block, and the experience that lets a VAE cover it."""

PLANNING_HORIZON_DAYS = 3_653
"""Sessions are read for ten years from the route's start (``docs/planner.md``)."""


class ReferenceRules:
    """The rules for one catalogue and one person: the state at the positioning, and the states
    one more step leads to."""

    def __init__(self, catalogue: Catalogue, learner: Learner) -> None:
        self.catalogue = catalogue
        self.learner = learner
        constraints = learner.constraints
        self.start = constraints.start.toordinal()
        self.modules = tuple(
            module
            for module in catalogue.modules.values()
            if module.id not in constraints.excluded_modules
        )
        continued = {file.certification for file in learner.positioning.vae_under_way}
        self.vae = tuple(
            certification
            for certification in catalogue.certifications.values()
            if certification.vae_allowed
            and constraints.vae_allowed
            and certification.code not in continued
        )
        self.planned = tuple(
            (period.end.toordinal(), period.rome, period.hours)
            for period in constraints.unavailable
            if period.rome is not None and period.hours > 0
        )
        self.weekly_hours = constraints.weekly_hours
        self.calendar = ReferenceCalendar(
            closed=public_holidays(constraints.holidays, constraints.start.year),
            unavailable=tuple(
                (period.start.toordinal(), period.end.toordinal())
                for period in constraints.unavailable
            ),
            weekly_hours=constraints.weekly_hours,
        )
        self.under_way = self._under_way()
        self.goal = self._goal()
        self.positioning = self.root()

    # -- the specification ------------------------------------------------------------------

    def _goal(self) -> Requirement:
        target = self.learner.target
        if target.kind is TargetKind.CERTIFICATION:
            assert target.certification is not None
            return self.catalogue.certifications[target.certification].validation
        if target.kind is TargetKind.BLOCKS:
            return AllOf(tuple(HasBlock(block) for block in target.blocks))
        assert target.rome is not None
        certifications = self.catalogue.certifications_for_job(target.rome)
        return AnyOf(tuple(certification.validation for certification in certifications))

    def requirement(self, module: Module) -> Requirement:
        """What ``module`` needs to start: its prerequisites, and the entry requirement of its
        certification for a professional module."""
        rules: list[Requirement] = []
        if module.prerequisites is not None:
            rules.append(module.prerequisites)
        if isinstance(module, ProfessionalModule):
            gate = self.catalogue.certifications[module.certification].entry_requirement
            if gate is not None:
                rules.append(gate)
        return rules[0] if len(rules) == 1 else AllOf(tuple(rules))

    def _under_way(self) -> tuple[Jury, ...]:
        """The juries of the VAE under way at the positioning, in the order of their days."""
        policy = self.catalogue.vae_policy
        juries = []
        for file in self.learner.positioning.vae_under_way:
            admissible = file.admissible.toordinal()
            if file.jury is None:
                last = admissible + 7 * (policy.support_weeks + policy.jury_weeks) - 1
            else:
                last = file.jury.toordinal()
            granted = max(last, self.start) + 1
            juries.append(Jury(min(admissible, self.start), granted, frozenset(file.blocks)))
        return tuple(sorted(juries, key=lambda jury: jury.granted))

    def _closure(self, blocks: Iterable[str]) -> frozenset[str]:
        held = set(blocks)
        return frozenset(held | set(credited_blocks(held, self.catalogue.equivalences)))

    def load(self, module: Module) -> int:
        """The hours a week ``module`` takes of the person's weekly hours: its own weekly hours
        when below them, else all of them (a placement: all of them)."""
        stated = None if isinstance(module, Placement) else module.weekly_hours
        if stated is not None and stated < self.weekly_hours:
            return stated
        return self.weekly_hours

    def _first_day_met(
        self,
        state: State,
        length: tuple[int, frozenset[int]],
        sessions: Sequence[dt.date] | None,
        rule: Requirement,
        load: int,
    ) -> int | None:
        """The first free day from which ``rule`` holds. What a person holds changes with time
        only when a planned period of employment ends, a jury is over or a step of the person's
        track is, so the first free day from the state's floor or from one of those days is the
        answer, when any is."""
        floor = state.floor
        froms = set(self._with_planned_ends(floor))
        froms |= {jury.granted for jury in state.juries if jury.granted > floor}
        froms |= {
            step.last.toordinal() + 1
            for step in state.steps
            if step.load and step.last.toordinal() >= floor
        }
        for day in sorted(froms):
            first = self.calendar.first_free_day(day, length, sessions, state, load)
            if first is None:
                return None
            if rule.is_met(self.on(state, first)):
                return first
        return None

    def root(self) -> State:
        """The positioning: what the person holds before the first step."""
        positioning = self.learner.positioning
        ranks: dict[str, int] = {}
        for held in positioning.competences:
            ranks[held.competence] = max(held.rank, ranks.get(held.competence, -1))
        experience: dict[str, int] = {}
        for record in positioning.experience:
            experience[record.rome] = experience.get(record.rome, 0) + record.hours
        return State(
            day=self.start,
            blocks=self._closure(held.block for held in positioning.blocks),
            ranks=ranks,
            experience=experience,
            cost=0,
            hours=0,
            placed=False,
            steps=(),
            juries=self.under_way,
            floor=self.start,
        )

    def on(self, state: State, day: int) -> OnDay:
        """What ``state`` holds on ``day`` (planned employment ended by then counts, the steps
        of the person's track over by then, and the blocks of the juries over by then, with
        what equivalences then grant)."""
        blocks, ranks = state.blocks, state.ranks
        if day < state.day:
            # Some step of the person's track is still running: from the positioning again.
            over = [step for step in state.steps if step.load and step.last.toordinal() < day]
            blocks = self._closure(self.positioning.blocks.union(*(s.blocks for s in over)))
            ranks = dict(self.positioning.ranks)
            for step in over:
                for competence, rank in step.teaches:
                    ranks[competence] = max(rank, ranks.get(competence, -1))
        juries = [jury.blocks for jury in state.juries if jury.granted <= day]
        blocks = self._closure(blocks.union(*juries)) if juries else blocks
        return OnDay(state, day, self.planned, blocks, ranks)

    def held(self, state: State) -> frozenset[str]:
        """Everything ``state`` holds once its last jury is over."""
        return self.on(state, state.end).blocks

    def is_goal(self, state: State) -> bool:
        """Whether ``state`` reaches the target (with a placement, when one is required), on
        its end or once planned employment is over."""
        return self.reached_on(state) is not None

    def reached_on(self, state: State) -> int | None:
        """The day ``state`` reaches the target: its end when it holds the target then; else
        the first day after a planned period of employment ending later on which it holds it
        (the person is at work until then: nothing else is needed); None when it never does."""
        if self.learner.constraints.placement_required and not state.placed:
            return None
        for day in self._with_planned_ends(state.end):
            if self.goal.is_met(self.on(state, day)):
                return day
        return None

    def _with_planned_ends(self, day: int) -> list[int]:
        """``day``, then the day after each planned period of employment that ends on or after
        it, in order: the days from ``day`` on when the experience held grows by itself."""
        return [day, *sorted({last + 1 for last, _, _ in self.planned if last >= day})]

    def vector(self, state: State, objective: Objective, day: int | None = None) -> Vector:
        """The objective vector of the sequence so far; ``day``: the day it reaches the target
        (see :meth:`reached_on`), when that is after its end."""
        if day is not None and day > state.end:
            duration = day - self.start
        else:
            duration = state.end - self.start if state.steps or state.juries else 0
        return objective_vector(objective, duration, state.cost, state.hours)

    def _sessions(self, module: Module) -> tuple[dt.date, ...] | None:
        """The module's session starts over the planner's horizon; None for open entry."""
        if module.open_entry:
            return None
        first = dt.date.fromordinal(self.start)
        return module.session_starts(first, first + dt.timedelta(days=PLANNING_HORIZON_DAYS))

    def module_step(self, state: State, module: Module) -> State | None:
        """The state after ``module``, or None when it cannot be taken now."""
        placement = isinstance(module, Placement)
        constraints = self.learner.constraints
        load = self.load(module)
        weekly = PLACEMENT_WEEKLY_HOURS if placement else load
        week = WORKING_WEEK if placement else constraints.training_days
        length = (workdays(module.hours, weekly, week), week)
        rule = self.requirement(module)
        first = self._first_day_met(state, length, self._sessions(module), rule, load)
        if first is None or not self._after_vae(state, self.calendar.last_day(first, *length)):
            return None
        ranks = dict(state.ranks)
        for taught in module.teaches:
            ranks[taught.competence] = max(taught.rank, ranks.get(taught.competence, -1))
        experience = dict(state.experience)
        if isinstance(module, Placement) and module.rome is not None and module.experience_hours:
            experience[module.rome] = experience.get(module.rome, 0) + module.experience_hours
        return self._after(
            state,
            Taken(
                module.id,
                dt.date.fromordinal(first),
                dt.date.fromordinal(self.calendar.last_day(first, *length)),
                frozenset(module.validates),
                load,
                tuple((taught.competence, taught.rank) for taught in module.teaches),
            ),
            ranks=ranks,
            experience=experience,
            cost=module.cost,
            hours=module.hours,
            placed=placement,
        )

    def _after_vae(self, state: State, last: int) -> bool:
        """Whether a step of the person's track whose last day is ``last`` may come after the
        sequence's last VAE: it must end after that VAE starts."""
        return not state.juries or last >= state.juries[-1].first

    def vae_steps(self, state: State, certification: Certification) -> Iterator[State]:
        """Every way to take ``vae:CODE`` now: starting when the person is free and the last
        jury is over, or after a planned period ends."""
        policy = self.catalogue.vae_policy
        blocks = [self.catalogue.blocks[code] for code in certification.blocks]
        weeks = policy.admissibility_weeks + policy.support_weeks + policy.jury_weeks
        days = 7 * weeks
        free = max([state.day, *(jury.granted for jury in state.juries)])
        missing = [block for block in blocks if block.code not in self.on(state, free).blocks]
        if not missing:
            return
        rule = eligibility_rule(certification, policy, blocks)
        froms = self._with_planned_ends(free)
        firsts = set()
        for day in froms:
            while not self.calendar.is_open(day, WORKING_WEEK):
                day += 1
            firsts.add(day)
        for first in sorted(firsts):
            holdings = self.on(state, first)
            if not rule.is_met(holdings):
                continue
            covered = frozenset(
                block.code
                for block in missing
                if holdings.experience_hours(frozenset(block.experience_rome))
                >= policy.block_coverage_hours
            )
            if covered:
                taken = Taken(
                    f"vae:{certification.code}",
                    dt.date.fromordinal(first),
                    dt.date.fromordinal(first + days - 1),
                    covered,
                )
                yield replace(
                    state,
                    cost=state.cost + policy.cost(len(covered)),
                    hours=state.hours + policy.support_hours,
                    steps=(*state.steps, taken),
                    juries=(*state.juries, Jury(first, first + days, covered)),
                )

    def target_work(self, state: State) -> Iterator[State]:
        """The periods of employment offered after ``state`` for what the target itself asks
        for, as ``docs/planner.md`` offers them: the hours that its rule, the VAE of a
        certification owning a block it names (its eligibility, its coverage of each block
        still missing) and the requirement of a module validating such a block still missing
        still lack in a job, on the free day or on the day after a planned period of
        employment still to end; one period for each shortfall, in the first of the rule's jobs
        by code. The planner offers these and more (for the prerequisites of the other modules
        still useful): a route with these alone is one of its routes. A period that would end
        before a VAE listed before it is not offered."""
        # What the sequence holds on its free day (the first), then once each planned period
        # still to end is over.
        on_days = [self.on(state, day) for day in self._with_planned_ends(state.day)]
        held = on_days[0]
        needs = [leaf for leaf in self.goal.leaves() if isinstance(leaf, HasExperience)]
        needs += self._vae_experience(state, held)
        needs += self._module_experience(state, held)
        shortfalls = {
            (min(need.rome), need.hours - on_day.experience_hours(need.rome))
            for need in needs
            for on_day in on_days
            if need.rome and on_day.experience_hours(need.rome) < need.hours
        }
        for job, hours in sorted(shortfalls):
            try:
                yield self.employment_step(state, job, hours)
            except ReplayError:
                continue

    @functools.cached_property
    def _named_blocks(self) -> frozenset[str]:
        """The blocks the target's rule names."""
        return frozenset(leaf.block for leaf in self.goal.leaves() if isinstance(leaf, HasBlock))

    @functools.cached_property
    def _target_vae(self) -> tuple[tuple[str, list[HasExperience], list[_Covering]], ...]:
        """For each certification open to VAE that owns a block the target names: its code, the
        experience its eligibility asks for, and the experience that covers each of its blocks
        with jobs."""
        blocks = self.catalogue.blocks
        owners = {blocks[code].certification for code in self._named_blocks if code in blocks}
        policy = self.catalogue.vae_policy
        found = []
        for certification in self.vae:
            if certification.code not in owners:
                continue
            own = [blocks[code] for code in certification.blocks]
            rule = eligibility_rule(certification, policy, own)
            worked = [leaf for leaf in rule.leaves() if isinstance(leaf, HasExperience)]
            covering = [
                (
                    block.code,
                    HasExperience(policy.block_coverage_hours, frozenset(block.experience_rome)),
                )
                for block in own
                if block.experience_rome
            ]
            found.append((certification.code, worked, covering))
        return tuple(found)

    def _vae_experience(self, state: State, held: OnDay) -> list[HasExperience]:
        """The experience asked by the VAE not taken yet of the certifications open to VAE that
        own a block the target names: its eligibility, its coverage of each block missing."""
        needs: list[HasExperience] = []
        for code, worked, covering in self._target_vae:
            if f"vae:{code}" not in state.taken:
                needs += worked
                needs += [need for block, need in covering if block not in held.blocks]
        return needs

    def _module_experience(self, state: State, held: OnDay) -> list[HasExperience]:
        """The experience asked by the requirement, not met, of each module not taken yet that
        validates a block the target names and ``held`` lacks."""
        named = self._named_blocks
        needs: list[HasExperience] = []
        for module in self.modules:
            if module.id in state.taken:
                continue
            if not any(code in named and code not in held.blocks for code in module.validates):
                continue
            rule = self.requirement(module)
            if not rule.is_met(held):
                needs += [leaf for leaf in rule.leaves() if isinstance(leaf, HasExperience)]
        return needs

    def employment_step(self, state: State, job: str, hours: int) -> State:
        """The state after ``hours`` of employment in ``job``, as early as the calendar allows."""
        length = (workdays(hours, PLACEMENT_WEEKLY_HOURS, WORKING_WEEK), WORKING_WEEK)
        first = self.calendar.first_free_day(state.floor, length, None, state, self.weekly_hours)
        assert first is not None  # no sessions: some day is always free
        if not self._after_vae(state, self.calendar.last_day(first, *length)):
            raise ReplayError(f"employment:{job}:{hours} would end before the VAE listed before it")
        experience = dict(state.experience)
        experience[job] = experience.get(job, 0) + hours
        # The N-th period of the same job and hours in a route is named with :N after them.
        name = f"employment:{job}:{hours}"
        again = sum(1 for taken in state.steps if f"{taken.action}:".startswith(f"{name}:"))
        return self._after(
            state,
            Taken(
                name if not again else f"{name}:{again + 1}",
                dt.date.fromordinal(first),
                dt.date.fromordinal(self.calendar.last_day(first, *length)),
                frozenset(),
                self.weekly_hours,
            ),
            ranks=state.ranks,
            experience=experience,
            cost=0,
            hours=0,
            placed=False,
        )

    def _after(
        self,
        state: State,
        taken: Taken,
        *,
        ranks: Mapping[str, int],
        experience: Mapping[str, int],
        cost: int,
        hours: int,
        placed: bool,
    ) -> State:
        return replace(
            state,
            day=max(state.day, taken.last.toordinal() + 1),
            floor=taken.first.toordinal(),
            blocks=self._closure(state.blocks | taken.blocks),
            ranks=ranks,
            experience=experience,
            cost=state.cost + cost,
            hours=state.hours + hours,
            placed=state.placed or placed,
            steps=(*state.steps, taken),
        )

    def next_states(self, state: State) -> Iterator[State]:
        """Every state one more step can lead to (modules in id order, then VAE)."""
        taken = state.taken
        for module in self.modules:
            if module.id not in taken:
                after = self.module_step(state, module)
                if after is not None:
                    yield after
        for certification in self.vae:
            if f"vae:{certification.code}" not in taken:
                yield from self.vae_steps(state, certification)

    def gives_something(self, before: State, after: State) -> bool:
        """Whether the step from ``before`` to ``after`` gives something new: a block, a higher
        level, experience, or the placement the person must make."""
        if after.blocks != before.blocks or after.experience != before.experience:
            return True
        if after.juries != before.juries and self.held(after) != self.held(before):
            return True
        if any(rank > before.ranks.get(c, -1) for c, rank in after.ranks.items()):
            return True
        return after.placed and not before.placed and self.learner.constraints.placement_required
