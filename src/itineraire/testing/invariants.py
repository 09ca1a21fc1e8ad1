"""Invariants of routes and planners: plain functions that raise an ``AssertionError`` saying
what is breached.

- :func:`assert_route_sound`: a route can be followed, as ``docs/planner.md`` defines it;
- :func:`assert_deterministic`: the same input gives the same route;
- :func:`assert_monotone`: acquiring a block, a level or experience never makes the best route
  worse;
- :func:`assert_optimal`: on a small instance, the route is as good as the exhaustive search's.

They work in any test (Hypothesis-driven or not) and never depend on ``assert`` statements, so
they also check under ``python -O``.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import math
from typing import Literal

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import ExperienceRecord, HeldBlock, Learner
from itineraire.model.money import euros
from itineraire.model.requirements import HasBlock
from itineraire.modules import Module, Placement
from itineraire.planning import Objective, Route, Step, StepKind
from itineraire.planning.problem import goal_rule
from itineraire.testing.exhaustive import (
    PLACEMENT_WEEKLY_HOURS,
    WORKING_WEEK,
    Reference,
    ReplayError,
    State,
    describe,
    route_vector,
)
from itineraire.testing.planners import PlannerUnderTest, plan_or_none
from itineraire.validation import credited_blocks

__all__ = [
    "Gain",
    "assert_deterministic",
    "assert_monotone",
    "assert_optimal",
    "assert_route_sound",
    "describe_route",
]

MODULE_KINDS = (StepKind.TRAINING, StepKind.TRANSVERSAL, StepKind.PLACEMENT)
VAE_KINDS = (StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT, StepKind.VAE_JURY)
PLANNED = "planned"
"""The action of the steps that show the person's own planned periods."""


def _fail(route: Route | None, message: str) -> AssertionError:
    where = "" if route is None else f"\n  route: {describe_route(route)}"
    return AssertionError(f"{message}{where}")


def describe_route(route: Route | None) -> str:
    """A route on one line: each action with its first and last day, then the totals."""
    if route is None:
        return "no route"
    steps = ", ".join(f"{action} {first}..{last}" for action, first, last in _schedule(route))
    totals = route.totals
    return (
        f"[{steps}] {totals.duration_days} days, {euros(totals.cost)}, {totals.training_hours} h"
        + ("" if route.proven_optimal else f" (not proven, bound {route.bound})")
    )


def _action_steps(route: Route) -> list[Step]:
    """The steps the route takes (not the positioning, not the person's planned periods)."""
    return [
        step
        for step in route.steps
        if step.kind is not StepKind.POSITIONING and step.action != PLANNED
    ]


def _schedule(route: Route) -> list[tuple[str, dt.date, dt.date]]:
    """Each action of the route with its first and last day (a VAE's three steps as one), in
    the order a sequence decides them: the person's track in time order, each VAE after the
    steps finished before its first day and before the others (``docs/planner.md``)."""
    track: list[tuple[str, dt.date, dt.date]] = []
    vae: dict[str, tuple[str, dt.date, dt.date]] = {}
    for step in _action_steps(route):
        if step.kind is StepKind.VAE_UNDER_WAY:
            continue  # the learner's, replayed as the reference's starting state
        if step.kind not in VAE_KINDS:
            track.append((step.action, step.start, step.end))
        elif step.action in vae:
            vae[step.action] = (step.action, vae[step.action][1], step.end)
        else:
            vae[step.action] = (step.action, step.start, step.end)
    schedule: list[tuple[str, dt.date, dt.date]] = []
    files = sorted(vae.values(), key=lambda item: item[1])
    for item in track:
        while files and files[0][1] <= item[2]:
            schedule.append(files.pop(0))
        schedule.append(item)
    return schedule + files


def _mix(route: Route) -> tuple[str, ...]:
    """The modalities the route's steps show."""
    mix: set[str] = set()
    for step in _action_steps(route):
        if step.kind in (StepKind.TRAINING, StepKind.TRANSVERSAL):
            mix.add("training")
        elif step.kind is StepKind.PLACEMENT:
            mix.add("company" if step.validates else "placement")
        elif step.kind is StepKind.EMPLOYMENT:
            mix.add("employment")
        else:
            mix.add("vae")
    return tuple(sorted(mix))


# -- soundness -------------------------------------------------------------------------------


def assert_route_sound(
    catalogue: Catalogue, learner: Learner, route: Route, *, every_step_useful: bool = True
) -> None:
    """Raise ``AssertionError`` unless ``route`` is a route ``learner`` can follow on
    ``catalogue``, as ``docs/planner.md`` defines one:

    - it opens with the positioning, on the positioning date, and only there; steps are numbered
      in order, start in date order; on no day do the steps of the person's track running
      that day take more than the person's weekly hours (a full-time step takes all of them, a
      module with lower ``weekly_hours`` those), and VAE files never overlap;
    - each step starts on an open day of its week (the person's training days for a module,
      Monday to Friday for a placement, employment or a VAE; never a public holiday of the
      person's zone); a module, placement or period of employment runs for the open days its
      hours make at the person's weekly hours (or the module's, when lower) spread over their
      training days (placements and
      employment: 7 h a working day) and ends on the last of them; a module with sessions
      starts on the first open day from one of them; no step but a VAE meets an unavailable
      period; no module is one the person excluded;
    - replayed by the exhaustive reference, each step's prerequisites (and entry requirement)
      hold on the day it starts, each step starts as early as it can, each VAE is possible
      (allowed, eligible, covering a missing block) and validates what the route says;
    - the target is reached, with a placement when one is required; no block is validated or
      credited twice (nor one held at the positioning); the totals add up (cost, hours, first
      and last day, duration) and respect the budget; the mix of modalities is the one the
      steps show; a route proven optimal gives no bound;
    - with ``every_step_useful`` (the default) each step gives something new: a block, a higher
      level, experience, or the placement the person must make.
    """
    constraints = learner.constraints
    steps = route.steps
    if not steps:
        raise _fail(route, "the route has no step: it must open with the positioning")
    opening = steps[0]
    if opening.kind is not StepKind.POSITIONING:
        raise _fail(route, f"the route opens with {opening.kind.value} {opening.action!r}")
    if not opening.start == opening.end == learner.positioning.date:
        raise _fail(
            route,
            f"the positioning is dated {opening.start}..{opening.end}, "
            f"not the positioning date {learner.positioning.date}",
        )
    for step in steps[1:]:
        if step.kind is StepKind.POSITIONING:
            raise _fail(route, f"step {step.number} is a second positioning")
    numbers = [step.number for step in steps]
    if numbers != list(range(1, len(steps) + 1)):
        raise _fail(route, f"steps are numbered {numbers}, not 1 to {len(steps)}")
    if route.learner != learner.id:
        raise _fail(route, f"the route is for learner {route.learner!r}, not {learner.id!r}")
    for earlier, later in itertools.pairwise(steps):
        if later.start < earlier.start:
            raise _fail(
                route,
                f"dates go backwards: step {later.number} ({later.action}) starts on "
                f"{later.start}, before step {earlier.number} ({earlier.action}) on "
                f"{earlier.start}",
            )
    _check_periods(learner, route)
    actions = _action_steps(route)
    for step in actions:
        if not constraints.start <= step.start <= step.end:
            raise _fail(
                route,
                f"step {step.number} ({step.action}) runs {step.start}..{step.end}: it must "
                f"start on or after {constraints.start} and end on or after its start",
            )
    continued = [step for step in actions if step.kind is StepKind.VAE_UNDER_WAY]
    files = [step for step in actions if step.kind in VAE_KINDS]
    reference = Reference(catalogue, learner)
    _check_weekly_hours(reference, route, actions)
    # A VAE under way is on the VAE track from the start: each VAE of the route comes after it.
    after_under_way = [(earlier, later) for earlier in continued for later in files[:1]]
    for earlier, later in [*itertools.pairwise(files), *after_under_way]:
        if not earlier.end < later.start:
            raise _fail(
                route,
                f"steps {earlier.number} ({earlier.action}) and {later.number} "
                f"({later.action}) overlap: {earlier.end} is not before {later.start}",
            )
    for step in actions:
        _check_calendar(reference, route, step)
    _check_totals(learner, route, actions)
    final = _check_replay(reference, learner, route)
    _check_blocks(reference, route, actions, final, every_step_useful)
    if route.modalities != _mix(route):
        raise _fail(
            route, f"the route's modalities {route.modalities} are not its steps' {_mix(route)}"
        )
    if route.proven_optimal and route.bound is not None:
        raise _fail(route, f"the route is proven optimal yet gives a bound ({route.bound})")


def _check_weekly_hours(reference: Reference, route: Route, actions: list[Step]) -> None:
    """On no day do the steps of the person's track running then take more than the person's
    weekly hours (a placement or a period of employment takes all of them). What they take
    rises only on a day a step starts, so those days are enough to check."""
    weekly = reference.weekly_hours
    modules = reference.catalogue.modules
    track = [
        (step, reference.load(modules[step.action]) if step.action in modules else weekly)
        for step in actions
        if step.kind not in (*VAE_KINDS, StepKind.VAE_UNDER_WAY)
    ]
    for day in sorted({step.start for step, _ in track}):
        running = [(step, hours) for step, hours in track if step.start <= day <= step.end]
        if sum(hours for _, hours in running) > weekly:
            names = ", ".join(
                f"{step.number} ({step.action}, {hours} h)" for step, hours in running
            )
            raise _fail(
                route,
                f"on {day} steps {names} run together: more than the person's {weekly} h a week",
            )


def _check_periods(learner: Learner, route: Route) -> None:
    periods = {(period.start, period.end) for period in learner.constraints.unavailable}
    for step in route.steps:
        if step.action == PLANNED and (step.start, step.end) not in periods:
            raise _fail(
                route,
                f"step {step.number} shows a planned period {step.start}..{step.end} the "
                "person did not plan",
            )


def _check_calendar(reference: Reference, route: Route, step: Step) -> None:
    catalogue, constraints = reference.catalogue, reference.learner.constraints
    where = f"step {step.number} ({step.action})"
    if step.kind in MODULE_KINDS:
        module = catalogue.modules.get(step.action)
        if module is None:
            raise _fail(route, f"{where}: no such module in the catalogue")
        if module.id in constraints.excluded_modules:
            raise _fail(route, f"{where}: the person excluded this module")
        placement = isinstance(module, Placement)
        weekly = PLACEMENT_WEEKLY_HOURS if placement else reference.load(module)
        week = WORKING_WEEK if placement else constraints.training_days
        _check_open_days(reference, route, step, week, module.hours, weekly)
        if not module.open_entry and not _from_a_session(reference, module, step.start, week):
            raise _fail(
                route,
                f"{where} starts on {step.start}, neither on a session of the module nor on "
                "the first open day after one",
            )
    elif step.kind is StepKind.EMPLOYMENT:
        if not constraints.employment_allowed:
            raise _fail(route, f"{where}: the person does not allow periods of employment")
        hours = int(step.action.rsplit(":", 1)[1])
        _check_open_days(reference, route, step, WORKING_WEEK, hours, PLACEMENT_WEEKLY_HOURS)
    elif step.kind is StepKind.VAE_UNDER_WAY:
        if step.action not in _under_way_blocks(reference.learner):
            raise _fail(route, f"{where}: the person has no VAE file under way for it")
        juries = {dt.date.fromordinal(jury.granted - 1) for jury in reference.under_way}
        if step.start != constraints.start or step.end not in juries:
            raise _fail(
                route,
                f"{where} runs {step.start}..{step.end}: a VAE under way runs from the route's"
                f" start {constraints.start} to its jury's expected day",
            )
        return  # not moved by unavailable periods either: the certifier's lead time
    elif step.kind not in VAE_KINDS:
        raise _fail(route, f"{where}: unexpected kind of step {step.kind.value!r}")
    elif step.kind is StepKind.VAE_ADMISSIBILITY and not reference.is_open(
        step.start.toordinal(), WORKING_WEEK
    ):
        raise _fail(route, f"{where} starts on {step.start}, not a working day")
    elif not constraints.vae_allowed:
        raise _fail(route, f"{where}: the person does not allow VAE")
    if step.kind in VAE_KINDS:
        return  # VAE steps are the certifier's lead times, not moved by unavailable periods
    for period in constraints.unavailable:
        if not (step.end < period.start or period.end < step.start):
            raise _fail(
                route,
                f"{where} runs {step.start}..{step.end}, inside the unavailable period "
                f"{period.start}..{period.end}",
            )


def _under_way_blocks(learner: Learner) -> dict[str, frozenset[str]]:
    """The blocks each VAE under way at the positioning is expected to award, by action."""
    return {
        f"vae:{file.certification}": frozenset(file.blocks)
        for file in learner.positioning.vae_under_way
    }


def _check_open_days(
    reference: Reference, route: Route, step: Step, week: frozenset[int], hours: int, weekly: int
) -> None:
    """The step starts and ends on open days of ``week`` and has the open days its hours need."""
    where = f"step {step.number} ({step.action})"
    first, last = step.start.toordinal(), step.end.toordinal()
    for day, which in ((first, "starts"), (last, "ends")):
        if not reference.is_open(day, week):
            raise _fail(route, f"{where} {which} on {dt.date.fromordinal(day)}, a closed day")
    opened = sum(1 for day in range(first, last + 1) if reference.is_open(day, week))
    expected = max(1, math.ceil(hours * len(week) / weekly))
    if opened != expected:
        raise _fail(
            route,
            f"{where} runs {opened} open days; {hours} h at {weekly} h a week over "
            f"{len(week)} days a week take {expected}",
        )


def _from_a_session(
    reference: Reference, module: Module, start: dt.date, week: frozenset[int]
) -> bool:
    """Whether ``start`` is a session's day or the first open day after one."""
    day = start
    while True:
        if module.session_starts(day, day):
            return True
        day -= dt.timedelta(days=1)
        if reference.is_open(day.toordinal(), week) or (start - day).days > 366:
            return False


def _check_totals(learner: Learner, route: Route, actions: list[Step]) -> None:
    constraints = learner.constraints
    totals = route.totals
    cost = sum(step.cost for step in route.steps)
    hours = sum(step.hours for step in route.steps)
    if totals.cost != cost:
        raise _fail(route, f"totals say {euros(totals.cost)}, the steps cost {euros(cost)}")
    if totals.training_hours != hours:
        raise _fail(route, f"totals say {totals.training_hours} h, the steps take {hours} h")
    if totals.start != constraints.start:
        raise _fail(route, f"totals start on {totals.start}, the person on {constraints.start}")
    if actions:
        last = max(step.end for step in actions)
        if totals.finish != last:
            raise _fail(route, f"totals finish on {totals.finish}, the last step on {last}")
        duration = (totals.finish - totals.start).days + 1
        if totals.duration_days != duration:
            raise _fail(
                route,
                f"totals say {totals.duration_days} days from {totals.start} to "
                f"{totals.finish}, that is {duration} days",
            )
    elif totals.duration_days != 0:
        raise _fail(route, f"a route without steps lasts 0 days, not {totals.duration_days}")
    if constraints.budget is not None and totals.cost > constraints.budget:
        raise _fail(
            route,
            f"the route costs {euros(totals.cost)}, over the budget {euros(constraints.budget)}",
        )


def _check_replay(reference: Reference, learner: Learner, route: Route) -> State:
    """Replay the route with the exhaustive reference, step by step; the state it ends in."""
    catalogue = reference.catalogue
    state = reference.root()
    for action, first, last in _schedule(route):
        module = catalogue.modules.get(action)
        if module is not None:
            rule = reference.requirement(module)
            if not rule.is_met(reference.on(state, first.toordinal())):
                raise _fail(
                    route,
                    f"{action} starts on {first} without its prerequisites ({rule}) after "
                    f"{describe(state)}",
                )
        try:
            state = reference.step(state, action, first)
        except ReplayError as error:
            raise _fail(route, f"the route cannot be followed: {error}") from None
        taken = state.steps[-1]
        if taken.last != last:
            raise _fail(route, f"{action} ends on {last}; it takes until {taken.last}")
    if not reference.is_goal(state):
        missing = "" if state.placed else " (or the required placement)"
        raise _fail(route, f"the route does not reach the target {learner.target}{missing}")
    totals = route.totals
    duration = state.end - reference.start if state.steps or state.juries else 0
    replayed = (duration, state.cost, state.hours)
    said = (totals.duration_days, totals.cost, totals.training_hours)
    if replayed != said:
        raise _fail(
            route,
            f"replayed, the route takes {replayed} (days, €, h); its totals say {said}",
        )
    return state


def _check_blocks(
    reference: Reference,
    route: Route,
    actions: list[Step],
    final: State,
    every_step_useful: bool,
) -> None:
    """No block validated or credited twice; each step validates what its action gives."""
    catalogue = reference.catalogue
    root = reference.root()
    held = set(root.blocks)
    ranks = dict(root.ranks)
    gives = {taken.action: taken.blocks for taken in final.steps}
    gives.update(_under_way_blocks(reference.learner))
    shown: set[str] = set()
    credit: set[str] = set()
    # A block is shown on the step that grants it first: in the order of the days blocks are
    # granted (a jury before a step of the person's track over the same day).
    juries = (StepKind.VAE_JURY, StepKind.VAE_UNDER_WAY)
    actions = sorted(
        actions,
        key=lambda step: (
            step.end,
            step.kind not in juries,
            step.start,
            step.action,
            step.number,
        ),
    )
    constraints = reference.learner.constraints
    placed = not constraints.placement_required  # then a placement is useful for what it gives
    for step in actions:
        where = f"step {step.number} ({step.action})"
        if step.kind in (StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT):
            if step.validates or step.credited:
                raise _fail(route, f"{where}: only the jury validates blocks")
            continue
        validates, credited = set(step.validates), {credit.block for credit in step.credited}
        twice = (validates | credited) & held
        if twice:
            raise _fail(route, f"{where} validates or credits {sorted(twice)}, already held")
        if validates & credited:
            raise _fail(route, f"{where} both validates and credits {sorted(validates & credited)}")
        expected = set(gives[step.action]) - held
        if validates != expected:
            raise _fail(
                route,
                f"{where} says it validates {sorted(validates)}; it validates {sorted(expected)}",
            )
        module = catalogue.modules.get(step.action)
        taught = module is not None and any(
            t.rank > ranks.get(t.competence, -1) for t in module.teaches
        )
        experience = bool(
            step.kind is StepKind.EMPLOYMENT
            or (isinstance(module, Placement) and module.rome and module.experience_hours)
        )
        first_placement = isinstance(module, Placement) and not placed
        placed = placed or isinstance(module, Placement)
        useful = validates or credited or taught or experience or first_placement
        # A VAE under way is the learner's, not a step the route chose: it may give nothing.
        chosen = step.kind is not StepKind.VAE_UNDER_WAY
        if every_step_useful and chosen and not useful:
            raise _fail(route, f"{where} gives nothing: no block, level or experience")
        held |= validates | credited
        shown |= validates | credited
        # Credit that does not matter to the target is not shown, but it is held from then on
        # (a VAE jury later does not validate what an equivalence already granted).
        unshown = set(credited_blocks(held, catalogue.equivalences))
        held |= unshown
        credit |= unshown
        if module is not None:
            for t in module.teaches:
                ranks[t.competence] = max(t.rank, ranks.get(t.competence, -1))
    # A route shows only the credit by equivalence that matters to the target: a block held at
    # the end and not shown must be credit (a step's own block only if an equivalence granted
    # it first, as beside a VAE), and not a target block.
    target = {
        leaf.block
        for leaf in goal_rule(catalogue, reference.learner.target).leaves()
        if isinstance(leaf, HasBlock)
    }
    final_blocks = reference.held(final)
    hidden = final_blocks - shown - set(root.blocks)
    if not shown <= final_blocks or not hidden <= credit or hidden & target:
        raise _fail(
            route,
            f"the steps show {sorted(shown)} held at the end; replayed, {sorted(final_blocks)} "
            "(a credit by equivalence is missing or extra)",
        )


# -- determinism -----------------------------------------------------------------------------


def _difference(first: Route, second: Route) -> str:
    """Where two routes differ first."""
    for one, other in itertools.zip_longest(first.steps, second.steps):
        if one != other:
            if one is None or other is None:
                return "one route has more steps"
            for field in attrs.fields(Step):
                a, b = getattr(one, field.name), getattr(other, field.name)
                if a != b:
                    return f"step {one.number} differs in {field.name}: {a!r} / {b!r}"
    for field in attrs.fields(Route):
        a, b = getattr(first, field.name), getattr(second, field.name)
        if a != b:
            return f"{field.name} differs: {a!r} / {b!r}"
    return "the routes are equal"  # pragma: no cover - only called on different routes


def assert_deterministic(
    planner: PlannerUnderTest,
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective = Objective.DURATION,
    *,
    runs: int = 3,
) -> Route | None:
    """Raise ``AssertionError`` unless planning ``runs`` times gives the same route (equal in
    every field, reasons and numbering included), or no route each time.

    The last run plans on copies of ``catalogue`` and ``learner``: equal inputs, not the same
    objects (a planner that caches by identity shows there). Returns the route (None when there
    is no route). Nondeterminism that depends on the process (string hashing,
    ``PYTHONHASHSEED``) needs runs in separate processes, which this check does not do.
    """
    if runs < 2:
        raise ValueError(f"runs must be at least 2 to compare anything (got {runs})")
    first = plan_or_none(planner, catalogue, learner, objective)
    for run in range(2, runs + 1):
        inputs = (catalogue, learner)
        if run == runs:
            inputs = (copy.copy(catalogue), copy.copy(learner))
        again = plan_or_none(planner, *inputs, objective)
        if again == first:
            continue
        copies = " (on copies of the inputs)" if run == runs else ""
        detail = "" if first is None or again is None else f"\n  {_difference(first, again)}"
        raise AssertionError(
            f"same input, different route ({objective.value}): run 1 gives "
            f"{describe_route(first)}; run {run}{copies} gives {describe_route(again)}{detail}"
        )
    return first


# -- monotonicity ----------------------------------------------------------------------------


@attrs.frozen
class Gain:
    """Something a person acquires: a block, a competence (at a level when it is levelled), or
    hours of experience in a ROME job. :meth:`apply` gives the person holding it."""

    kind: Literal["block", "competence", "experience"]
    item: str
    """The block code, the competence id, or the ROME job."""
    level: str | None = None
    """The level of a levelled competence."""
    hours: int = 0
    """Hours of experience."""

    def __str__(self) -> str:
        if self.kind == "block":
            return f"holding block {self.item}"
        if self.kind == "competence":
            return f"holding {self.item}" + ("" if self.level is None else f" at {self.level}")
        return f"{self.hours} more hours of experience in {self.item}"

    def apply(self, catalogue: Catalogue, learner: Learner) -> Learner:
        """``learner`` with this gain recorded in their positioning."""
        positioning = learner.positioning
        if self.kind == "block":
            held = HeldBlock(self.item, positioning.date)
            others = tuple(b for b in positioning.blocks if b.block != self.item)
            blocks = (*others, held)
            positioning = attrs.evolve(positioning, blocks=blocks)
        elif self.kind == "competence":
            competence = catalogue.competences[self.item]
            rank = 0
            if competence.scale is not None:
                if self.level is None:
                    raise ValueError(f"{self.item} is levelled: a gain needs a level")
                rank = catalogue.scales[competence.scale].rank(self.level)
            current = positioning.competence_rank(self.item)
            if current is None or rank > current:
                kept = tuple(c for c in positioning.competences if c.competence != self.item)
                gained = HeldCompetence(self.item, self.level, rank)
                positioning = attrs.evolve(positioning, competences=(*kept, gained))
        else:
            record = ExperienceRecord(self.item, self.hours)
            positioning = attrs.evolve(positioning, experience=(*positioning.experience, record))
        return attrs.evolve(learner, positioning=positioning)


def assert_monotone(
    planner: PlannerUnderTest,
    catalogue: Catalogue,
    learner: Learner,
    gain: Gain,
    objective: Objective = Objective.DURATION,
) -> None:
    """Raise ``AssertionError`` if, after ``gain``, the person's best route is worse than
    before (its objective vector compared lexicographically: the objective, then duration, cost,
    hours), or if there was a route before and there is none after.

    Holding more never removes a way to the target: the same steps, less the ones that became
    useless, can still be taken, no later and for no more. Routes a planner could not prove
    optimal are not compared (a heuristic is not expected to be monotone). Nor is experience
    gained where the catalogue prices VAE per block: a VAE covers every block the experience
    covers, so with more experience it may cover, and pay for, one more (cost is the objective
    or a tie-break of every objective; see the catalogue format's ``vae.block_cost``).
    """
    if gain.kind == "experience" and catalogue.vae_policy.block_cost > 0:
        return
    before = plan_or_none(planner, catalogue, learner, objective)
    if before is None:
        return
    richer = gain.apply(catalogue, learner)
    after = plan_or_none(planner, catalogue, richer, objective)
    if after is None:
        raise AssertionError(
            f"{gain} leaves no route ({objective.value}); without it: {describe_route(before)}"
        )
    if not (before.proven_optimal and after.proven_optimal):
        return
    worse, better = route_vector(after, objective), route_vector(before, objective)
    if worse > better:
        raise AssertionError(
            f"{gain} makes the best route worse ({objective.value}): {better} before, "
            f"{worse} after\n  before: {describe_route(before)}\n  after: {describe_route(after)}"
        )


# -- optimality ------------------------------------------------------------------------------

MAX_ACTIONS = 10
"""The most actions (modules and VAE) :func:`assert_optimal` enumerates by default."""


def assert_optimal(
    planner: PlannerUnderTest,
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective = Objective.DURATION,
    *,
    max_actions: int = MAX_ACTIONS,
) -> Route | None:
    """Raise ``AssertionError`` unless the planner's route has the best objective vector of all
    sequences of actions, found by the exhaustive search of :mod:`itineraire.testing.exhaustive`
    (or there is no route and the planner says so).

    A route marked not proven optimal must be no better than the optimum and its bound no
    higher. Returns the route. The search is exponential: it refuses (``ValueError``) more than
    ``max_actions`` actions, and learners who allow periods of employment (which it does not
    enumerate).
    """
    if learner.constraints.employment_allowed:
        raise ValueError(
            "the exhaustive search does not enumerate periods of employment: "
            "use learners with employment_allowed false"
        )
    reference = Reference(catalogue, learner)
    if reference.actions > max_actions:
        raise ValueError(
            f"{reference.actions} actions to enumerate, more than max_actions={max_actions}: "
            "the exhaustive search is for small instances"
        )
    best = reference.best(objective)
    route = plan_or_none(planner, catalogue, learner, objective)
    if best is None:
        if route is not None:
            raise _fail(
                route,
                f"the planner finds a route ({objective.value}) where no sequence of actions "
                "reaches the target (check it with assert_route_sound)",
            )
        return None
    expected = best.vector
    optimum = best.describe()
    if route is None:
        raise AssertionError(
            f"the planner finds no route ({objective.value}); the exhaustive search finds "
            f"{expected}: {optimum}"
        )
    found = route_vector(route, objective)
    if route.proven_optimal and found != expected:
        verdict = "worse than" if found > expected else "better than (is it sound?)"
        raise _fail(
            route,
            f"the route, marked optimal, is {verdict} the optimum ({objective.value}): "
            f"{found} against {expected}: {optimum}",
        )
    if not route.proven_optimal:
        if found < expected:
            raise _fail(route, f"the route beats the optimum {expected}: is it sound?")
        if route.bound is not None and route.bound > expected[0]:
            raise _fail(route, f"the route's bound {route.bound} exceeds the optimum {expected[0]}")
    return route
