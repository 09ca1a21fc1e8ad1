"""An exhaustive reference planner, written from ``docs/planner.md`` alone.

:class:`Reference` shares nothing with the planner's search, stepper or simulation: it enumerates
every ordered sequence of distinct actions (the modules the person may take, and ``vae:CODE`` for
each certification open to VAE when the person allows VAE), replays each one step by step
following the specification, and keeps the best objective vector among the sequences that reach
the target within the budget. It is exponential in the number of actions: use it on small
catalogues (the kit's :func:`~itineraire.testing.strategies.planning_cases` draw at most seven
modules). Periods of employment (``employment:ROME:HOURS``) are replayed but not enumerated: the
optimum is the optimum without them, so compare with it only when ``employment_allowed`` is
false.

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

Pruning is limited to cuts that cannot lose an optimum: a sequence stops once it reaches the
target or exceeds the budget (every objective only grows with more steps), a prefix already no
better than the best route found is dropped (same reason), and a step that gives nothing new is
skipped (it only delays the steps after it; a VAE can still wait for the same experience). The
last cut is made only when no module prerequisite mentions experience, where a delay could in
principle matter, and no module runs part time (one may give sooner what a step running beside
it gives later).

>>> from itineraire.testing.exhaustive import Reference
>>> best = Reference(catalogue, learner).best(Objective.COST)     # doctest: +SKIP
>>> best.vector, best.actions                                     # doctest: +SKIP
((2200, 203, 59), ('m1', 'vae:RNCP9001'))
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import holidays

from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification
from itineraire.model.learners import HolidayZone, Learner, TargetKind
from itineraire.model.requirements import AllOf, AnyOf, HasBlock, HasExperience, Requirement
from itineraire.modules import Module, Placement, ProfessionalModule
from itineraire.planning import NoRouteError, Objective, Route
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.validation import credited_blocks, eligibility_rule

__all__ = [
    "Jury",
    "OnDay",
    "Outcome",
    "Reference",
    "ReferencePlanner",
    "ReplayError",
    "State",
    "Taken",
    "Vector",
    "describe",
    "objective_vector",
    "route_vector",
]

Vector = tuple[int, int, int]
"""An objective vector: the primary objective, then the other two in the order duration, cost,
hours."""

PLACEMENT_WEEKLY_HOURS = 35

PLANNING_HORIZON_DAYS = 3_653
"""Sessions are read for ten years from the route's start (``docs/planner.md``)."""
TIE_BREAK_ORDER = (Objective.DURATION, Objective.COST, Objective.HOURS)


def objective_vector(objective: Objective, duration: int, cost: int, hours: int) -> Vector:
    """The vector compared lexicographically: ``objective`` first, then the others in order."""
    values = {Objective.DURATION: duration, Objective.COST: cost, Objective.HOURS: hours}
    first, second, third = (
        values[objective],
        *(values[other] for other in TIE_BREAK_ORDER if other is not objective),
    )
    return (first, second, third)


# Not the engine's ``planning.planner.route_values``, on purpose: the oracle shares no code with
# what it checks, and it reads the duration a route states (0 for a route without steps, where
# the engine counts up to the day after the finish, 1 day) rather than counting it again.
def route_vector(route: Route, objective: Objective) -> Vector:
    """A route's objective vector, from its totals (duration 0 when it has no step)."""
    totals = route.totals
    return objective_vector(objective, totals.duration_days, totals.cost, totals.training_hours)


class ReplayError(ValueError):
    """A given step cannot be taken where a sequence puts it."""


@dataclass(frozen=True)
class Taken:
    """A step of a sequence: the action, its first and last day, the blocks it validates; for
    a step of the person's track, the hours a week it takes of the person's weekly hours
    (``load``, 0 for a VAE) and the competences it teaches (with their ranks)."""

    action: str
    first: dt.date
    last: dt.date
    blocks: frozenset[str]
    load: int = 0
    teaches: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Jury:
    """A VAE of a sequence: the day it starts, the day its blocks are granted (the day after
    its jury), its blocks."""

    first: int
    granted: int
    blocks: frozenset[str]


@dataclass(frozen=True)
class State:
    """A sequence replayed so far: what the person holds and what it took."""

    day: int
    """The first day after every step of the person's track (the start day when nothing is
    taken yet)."""
    blocks: frozenset[str]
    """What the person's track gives once its steps are over (positioning, modules,
    placements), closed by the equivalences; the VAE's blocks are in ``juries``."""
    ranks: Mapping[str, int]
    experience: Mapping[str, int]
    """Finished experience per ROME job: positioning, placements, employment steps (planned
    periods apart)."""
    cost: int
    hours: int
    placed: bool
    steps: tuple[Taken, ...]
    juries: tuple[Jury, ...] = ()
    """The VAE taken, in order."""
    floor: int = 0
    """The first day of the last step of the person's track (the next one starts no earlier);
    the start day when nothing is taken yet."""

    @property
    def taken(self) -> frozenset[str]:
        """The actions taken so far."""
        return frozenset(step.action for step in self.steps)

    @property
    def end(self) -> int:
        """The day after the route's last day: the later end of the two tracks."""
        return max([self.day, *(jury.granted for jury in self.juries)])


@dataclass(frozen=True)
class OnDay:
    """What a state holds on ``day``, as the requirement rules ask it (``Holdings``)."""

    state: State
    day: int
    planned: tuple[tuple[int, str, int], ...]
    blocks: frozenset[str]
    """The blocks held on ``day``: the person's track's over by then, and the juries'."""
    ranks: Mapping[str, int]
    """The competences held on ``day``: the positioning's and those of the steps over."""

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.ranks.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        done = sum(h for job, h in self.state.experience.items() if not rome or job in rome)
        ended = sum(
            h for last, job, h in self.planned if last < self.day and (not rome or job in rome)
        )
        return done + ended


@dataclass(frozen=True)
class Outcome:
    """The best sequence found and its objective vector."""

    vector: Vector
    steps: tuple[Taken, ...]

    @property
    def actions(self) -> tuple[str, ...]:
        """The actions of the sequence, in order."""
        return tuple(step.action for step in self.steps)

    def describe(self) -> str:
        """The sequence on one line: each action with its first and last day."""
        steps = ", ".join(f"{step.action} {step.first}..{step.last}" for step in self.steps)
        return f"[{steps}]"

    def sequence(self) -> tuple[str, ...]:
        """The sequence as :func:`~itineraire.planning.simulation.simulate` takes it (a VAE
        with its first day, since a VAE may wait for planned employment)."""
        return tuple(
            f"{step.action}@{step.first.isoformat()}"
            if step.action.startswith("vae:")
            else step.action
            for step in self.steps
        )


WORKING_WEEK = frozenset(range(5))
HOLIDAY_YEARS = 21


def _workdays(hours: int, weekly_hours: int, week: frozenset[int]) -> int:
    return max(1, math.ceil(hours * len(week) / weekly_hours))


def _holidays(zone: HolidayZone, first_year: int) -> frozenset[int]:
    years = range(first_year, first_year + HOLIDAY_YEARS)
    subdivision = "57" if zone is HolidayZone.ALSACE_MOSELLE else None
    return frozenset(
        day.toordinal() for day in holidays.country_holidays("FR", subdiv=subdivision, years=years)
    )


def _mentions_experience(rule: Requirement | None) -> bool:
    return rule is not None and any(isinstance(leaf, HasExperience) for leaf in rule.leaves())


class Reference:
    """The exhaustive planner for one catalogue and one person."""

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
        self.unavailable = tuple(
            (period.start.toordinal(), period.end.toordinal()) for period in constraints.unavailable
        )
        self.planned = tuple(
            (period.end.toordinal(), period.rome, period.hours)
            for period in constraints.unavailable
            if period.rome is not None and period.hours > 0
        )
        self.closed = _holidays(constraints.holidays, constraints.start.year)
        self.under_way = self._under_way()
        self.goal = self._goal()
        self.weekly_hours = constraints.weekly_hours
        self.skip_useless = not any(
            _mentions_experience(self.requirement(module)) or self.load(module) < self.weekly_hours
            for module in self.modules
        )
        self.positioning = self.root()

    @property
    def actions(self) -> int:
        """How many actions the enumeration chooses from (modules, then VAE)."""
        return len(self.modules) + len(self.vae)

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

    def is_open(self, day: int, week: frozenset[int]) -> bool:
        """Whether a step of ``week`` runs on ``day``."""
        return dt.date.fromordinal(day).weekday() in week and day not in self.closed

    def last_day(self, first: int, workdays: int, week: frozenset[int]) -> int:
        """The day of the ``workdays``-th open day from ``first`` on."""
        day, left = first, workdays
        while True:
            if self.is_open(day, week):
                left -= 1
                if left == 0:
                    return day
            day += 1

    def load(self, module: Module) -> int:
        """The hours a week ``module`` takes of the person's weekly hours: its own weekly hours
        when below them, else all of them (a placement: all of them)."""
        stated = None if isinstance(module, Placement) else module.weekly_hours
        if stated is not None and stated < self.weekly_hours:
            return stated
        return self.weekly_hours

    def _crowded(self, state: State, first: int, last: int, load: int) -> int | None:
        """The first day from ``first`` to ``last`` on which the steps of the person's track
        running that day leave less than ``load`` of the weekly hours, if any."""
        track = [
            (step.first.toordinal(), step.last.toordinal(), step.load)
            for step in state.steps
            if step.load
        ]
        for day in range(first, last + 1):
            used = sum(taken for begin, end, taken in track if begin <= day <= end)
            if used + load > self.weekly_hours:
                return day
        return None

    def _first_free_day(
        self,
        day: int,
        length: tuple[int, frozenset[int]],
        sessions: Sequence[dt.date] | None,
        state: State | None = None,
        load: int = 0,
    ) -> int | None:
        """The first open day ≥ ``day`` (the first open day from a session dated ≥ ``day``
        unless ``sessions`` is None: open entry) from which a step of ``length`` (open days,
        week) does not meet an unavailable period and, taking ``load`` hours a week, has room
        beside the steps of ``state`` until its last day (from the session's date on, for a
        session); None when no session is left."""
        workdays, week = length
        candidates: Iterable[int]
        if sessions is not None:
            candidates = sorted(s.toordinal() for s in sessions if s.toordinal() >= day)
        else:
            candidates = itertools.count(day)
        after = day
        for candidate in candidates:
            first = candidate if sessions is not None else max(candidate, after)
            while not self.is_open(first, week):
                first += 1
            if first < after:
                continue  # a start up to a crowded day runs through it
            last = self.last_day(first, workdays, week)
            if any(start <= last and first <= end for start, end in self.unavailable):
                if sessions is None:
                    after = first + 1
                continue
            # A session is joined only if it is dated on a day the step has room (as a step
            # joins a session dated on or after the day it may start), even when its first open
            # day comes later.
            since = candidate if sessions is not None else first
            crowded = None if state is None else self._crowded(state, since, last, load)
            if crowded is None:
                return first
            after = crowded + 1
        return None

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
        froms = {floor} | {last + 1 for last, _, _ in self.planned if last >= floor}
        froms |= {jury.granted for jury in state.juries if jury.granted > floor}
        froms |= {
            step.last.toordinal() + 1
            for step in state.steps
            if step.load and step.last.toordinal() >= floor
        }
        for day in sorted(froms):
            first = self._first_free_day(day, length, sessions, state, load)
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
        """Whether ``state`` reaches the target (with a placement, when one is required)."""
        if self.learner.constraints.placement_required and not state.placed:
            return False
        return self.goal.is_met(self.on(state, state.end))

    def vector(self, state: State, objective: Objective) -> Vector:
        """The objective vector of the sequence so far."""
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
        length = (_workdays(module.hours, weekly, week), week)
        rule = self.requirement(module)
        first = self._first_day_met(state, length, self._sessions(module), rule, load)
        if first is None or not self._after_vae(state, self.last_day(first, *length)):
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
                dt.date.fromordinal(self.last_day(first, *length)),
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
        froms = {free} | {last + 1 for last, _, _ in self.planned if last + 1 > free}
        firsts = set()
        for day in froms:
            while not self.is_open(day, WORKING_WEEK):
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

    def employment_step(self, state: State, job: str, hours: int) -> State:
        """The state after ``hours`` of employment in ``job``, as early as the calendar allows."""
        length = (_workdays(hours, PLACEMENT_WEEKLY_HOURS, WORKING_WEEK), WORKING_WEEK)
        first = self._first_free_day(state.floor, length, None, state, self.weekly_hours)
        assert first is not None  # no sessions: some day is always free
        if not self._after_vae(state, self.last_day(first, *length)):
            raise ReplayError(f"employment:{job}:{hours} would end before the VAE listed before it")
        experience = dict(state.experience)
        experience[job] = experience.get(job, 0) + hours
        return self._after(
            state,
            Taken(
                f"employment:{job}:{hours}",
                dt.date.fromordinal(first),
                dt.date.fromordinal(self.last_day(first, *length)),
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

    # -- the search -------------------------------------------------------------------------

    def best(self, objective: Objective) -> Outcome | None:
        """The best objective vector over every sequence that reaches the target, with the
        first sequence found that has it; None when no sequence does."""
        budget = self.learner.constraints.budget
        best: Outcome | None = None

        def visit(state: State) -> None:
            nonlocal best
            if budget is not None and state.cost > budget:
                return
            vector = self.vector(state, objective)
            if best is not None and vector >= best.vector:
                return  # an extension is no better in any objective, so no better overall
            if self.is_goal(state):
                best = Outcome(vector, state.steps)
                return
            for after in self.next_states(state):
                if self.skip_useless and not self.gives_something(state, after):
                    continue
                visit(after)

        visit(self.root())
        return best

    def replay(self, steps: Sequence[tuple[str, dt.date]]) -> State:
        """The state after taking each (action, first day) in order; raises :class:`ReplayError`
        when an action cannot be taken, or not on that day. Periods of employment
        (``employment:ROME:HOURS``) are replayed too."""
        state = self.root()
        for action, first in steps:
            state = self.step(state, action, first)
        return state

    def step(self, state: State, action: str, first: dt.date) -> State:
        """The state after taking ``action`` from ``state``, starting on ``first``; raises
        :class:`ReplayError` when it cannot be taken there, or would not start that day."""
        if action in state.taken:
            raise ReplayError(f"{action} is taken twice")
        if action.startswith("employment:"):
            options = [self._employment(state, action)]
        else:
            options = [
                after for after in self.next_states(state) if after.steps[-1].action == action
            ]
        if not options:
            raise ReplayError(f"{action} cannot be taken after {describe(state)}")
        on_day = [after for after in options if after.steps[-1].first == first]
        if not on_day:
            days = ", ".join(str(after.steps[-1].first) for after in options)
            raise ReplayError(
                f"{action} cannot start on {first} after {describe(state)} (it would on {days})"
            )
        return on_day[0]

    def _employment(self, state: State, action: str) -> State:
        try:
            _, job, text = action.split(":")
            hours = int(text)
        except ValueError:
            raise ReplayError(f"{action}: not employment:ROME:HOURS") from None
        return self.employment_step(state, job, hours)


def describe(state: State) -> str:
    """The steps of a replayed sequence, for messages."""
    if not state.steps:
        return "the positioning"
    return ", ".join(f"{step.action} {step.first}..{step.last}" for step in state.steps)


class ReferencePlanner:
    """The exhaustive search as a planner: the first best sequence, replayed by ``simulate``.

    It follows :class:`~itineraire.testing.conformance.PlannerUnderTest`, so the conformance
    check can run on it (the kit tests itself this way). Raises
    :class:`~itineraire.planning.NoRouteError` when no sequence reaches the target.
    """

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        best = Reference(catalogue, learner).best(objective)
        if best is None:
            raise NoRouteError(learner.id, [Reason(code=ReasonCode.NO_SEQUENCE)])
        return simulate(catalogue, learner, best.sequence(), objective)
