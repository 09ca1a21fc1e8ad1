"""The soundness of a route: :func:`assert_route_sound` raises an ``AssertionError`` saying what
is breached unless a route can be followed, as ``docs/planner.md`` defines one.

The route is replayed by the exhaustive reference (:mod:`~itineraire.testing.exhaustive`), step
by step, and its calendar, totals and blocks are checked against it. It never depends on
``assert`` statements, so it also checks under ``python -O``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.model.requirements import HasBlock
from itineraire.modules import Module, Placement
from itineraire.planning import Objective, Route, Step, StepKind
from itineraire.planning.problem import goal_rule
from itineraire.planning.reasons import ReasonCode
from itineraire.testing.exhaustive import Reference, ReplayError, State, describe
from itineraire.testing.reference_calendar import PLACEMENT_WEEKLY_HOURS, WORKING_WEEK
from itineraire.testing.schedules import PLANNED, VAE_KINDS, action_steps, failure, sequence_of
from itineraire.validation import credited_blocks

__all__ = ["assert_route_sound"]

MODULE_KINDS = (StepKind.TRAINING, StepKind.TRANSVERSAL, StepKind.PLACEMENT)


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
        raise failure(route, "the route has no step: it must open with the positioning")
    opening = steps[0]
    if opening.kind is not StepKind.POSITIONING:
        raise failure(route, f"the route opens with {opening.kind.value} {opening.action!r}")
    if not opening.start == opening.end == learner.positioning.date:
        raise failure(
            route,
            f"the positioning is dated {opening.start}..{opening.end}, "
            f"not the positioning date {learner.positioning.date}",
        )
    for step in steps[1:]:
        if step.kind is StepKind.POSITIONING:
            raise failure(route, f"step {step.number} is a second positioning")
    numbers = [step.number for step in steps]
    if numbers != list(range(1, len(steps) + 1)):
        raise failure(route, f"steps are numbered {numbers}, not 1 to {len(steps)}")
    if route.learner != learner.id:
        raise failure(route, f"the route is for learner {route.learner!r}, not {learner.id!r}")
    for earlier, later in itertools.pairwise(steps):
        if later.start < earlier.start:
            raise failure(
                route,
                f"dates go backwards: step {later.number} ({later.action}) starts on "
                f"{later.start}, before step {earlier.number} ({earlier.action}) on "
                f"{earlier.start}",
            )
    _check_periods(learner, route)
    actions = action_steps(route)
    for step in actions:
        if not constraints.start <= step.start <= step.end:
            raise failure(
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
            raise failure(
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
        raise failure(
            route, f"the route's modalities {route.modalities} are not its steps' {_mix(route)}"
        )
    if route.proven_optimal and route.bound is not None:
        raise failure(route, f"the route is proven optimal yet gives a bound ({route.bound})")


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
            raise failure(
                route,
                f"on {day} steps {names} run together: more than the person's {weekly} h a week",
            )


def _check_periods(learner: Learner, route: Route) -> None:
    periods = {(period.start, period.end) for period in learner.constraints.unavailable}
    for step in route.steps:
        if step.action == PLANNED and (step.start, step.end) not in periods:
            raise failure(
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
            raise failure(route, f"{where}: no such module in the catalogue")
        if module.id in constraints.excluded_modules:
            raise failure(route, f"{where}: the person excluded this module")
        placement = isinstance(module, Placement)
        weekly = PLACEMENT_WEEKLY_HOURS if placement else reference.load(module)
        week = WORKING_WEEK if placement else constraints.training_days
        _check_open_days(reference, route, step, week, module.hours, weekly)
        if not module.open_entry and not _from_a_session(reference, module, step.start, week):
            raise failure(
                route,
                f"{where} starts on {step.start}, neither on a session of the module nor on "
                "the first open day after one",
            )
    elif step.kind is StepKind.EMPLOYMENT:
        if not constraints.employment_allowed:
            raise failure(route, f"{where}: the person does not allow periods of employment")
        hours = int(step.action.split(":")[2])  # employment:ROME:HOURS, then :N for a repeat
        _check_open_days(reference, route, step, WORKING_WEEK, hours, PLACEMENT_WEEKLY_HOURS)
    elif step.kind is StepKind.VAE_UNDER_WAY:
        if step.action not in _under_way_blocks(reference.learner):
            raise failure(route, f"{where}: the person has no VAE file under way for it")
        juries = {dt.date.fromordinal(jury.granted - 1) for jury in reference.under_way}
        if step.start != constraints.start or step.end not in juries:
            raise failure(
                route,
                f"{where} runs {step.start}..{step.end}: a VAE under way runs from the route's"
                f" start {constraints.start} to its jury's expected day",
            )
        return  # not moved by unavailable periods either: the certifier's lead time
    elif step.kind not in VAE_KINDS:
        raise failure(route, f"{where}: unexpected kind of step {step.kind.value!r}")
    elif step.kind is StepKind.VAE_ADMISSIBILITY and not reference.calendar.is_open(
        step.start.toordinal(), WORKING_WEEK
    ):
        raise failure(route, f"{where} starts on {step.start}, not a working day")
    elif not constraints.vae_allowed:
        raise failure(route, f"{where}: the person does not allow VAE")
    if step.kind in VAE_KINDS:
        return  # VAE steps are the certifier's lead times, not moved by unavailable periods
    for period in constraints.unavailable:
        if not (step.end < period.start or period.end < step.start):
            raise failure(
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
        if not reference.calendar.is_open(day, week):
            raise failure(route, f"{where} {which} on {dt.date.fromordinal(day)}, a closed day")
    opened = sum(1 for day in range(first, last + 1) if reference.calendar.is_open(day, week))
    expected = max(1, math.ceil(hours * len(week) / weekly))
    if opened != expected:
        raise failure(
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
        if reference.calendar.is_open(day.toordinal(), week) or (start - day).days > 366:
            return False


def _check_totals(learner: Learner, route: Route, actions: list[Step]) -> None:
    constraints = learner.constraints
    totals = route.totals
    cost = sum(step.cost for step in route.steps)
    hours = sum(step.hours for step in route.steps)
    if totals.cost != cost:
        raise failure(route, f"totals say {euros(totals.cost)}, the steps cost {euros(cost)}")
    if totals.training_hours != hours:
        raise failure(route, f"totals say {totals.training_hours} h, the steps take {hours} h")
    if totals.start != constraints.start:
        raise failure(route, f"totals start on {totals.start}, the person on {constraints.start}")
    # A route that reaches the target once planned employment is over ends with that period.
    reaching = [
        step
        for step in route.steps
        if step.action == PLANNED and any(r.code is ReasonCode.TARGET_REACHED for r in step.why)
    ]
    if actions or reaching:
        last = max(step.end for step in [*actions, *reaching])
        if totals.finish != last:
            raise failure(route, f"totals finish on {totals.finish}, the last step on {last}")
        duration = (totals.finish - totals.start).days + 1
        if totals.duration_days != duration:
            raise failure(
                route,
                f"totals say {totals.duration_days} days from {totals.start} to "
                f"{totals.finish}, that is {duration} days",
            )
    elif totals.duration_days != 0:
        raise failure(route, f"a route without steps lasts 0 days, not {totals.duration_days}")
    if constraints.budget is not None and totals.cost > constraints.budget:
        raise failure(
            route,
            f"the route costs {euros(totals.cost)}, over the budget {euros(constraints.budget)}",
        )


def _check_replay(reference: Reference, learner: Learner, route: Route) -> State:
    """Replay the route with the exhaustive reference, step by step; the state it ends in."""
    catalogue = reference.catalogue
    state = reference.root()
    for action, first, last in sequence_of(route):
        module = catalogue.modules.get(action)
        if module is not None:
            rule = reference.requirement(module)
            if not rule.is_met(reference.on(state, first.toordinal())):
                raise failure(
                    route,
                    f"{action} starts on {first} without its prerequisites ({rule}) after "
                    f"{describe(state)}",
                )
        try:
            state = reference.step(state, action, first)
        except ReplayError as error:
            raise failure(route, f"the route cannot be followed: {error}") from None
        taken = state.steps[-1]
        if taken.last != last:
            raise failure(route, f"{action} ends on {last}; it takes until {taken.last}")
    day = reference.reached_on(state)
    if day is None:
        missing = "" if state.placed else " (or the required placement)"
        raise failure(route, f"the route does not reach the target {learner.target}{missing}")
    totals = route.totals
    duration = reference.vector(state, Objective.DURATION, day)[0]
    replayed = (duration, state.cost, state.hours)
    said = (totals.duration_days, totals.cost, totals.training_hours)
    if replayed != said:
        raise failure(
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
                raise failure(route, f"{where}: only the jury validates blocks")
            continue
        validates, credited = set(step.validates), {credit.block for credit in step.credited}
        twice = (validates | credited) & held
        if twice:
            raise failure(route, f"{where} validates or credits {sorted(twice)}, already held")
        if validates & credited:
            raise failure(
                route, f"{where} both validates and credits {sorted(validates & credited)}"
            )
        expected = set(gives[step.action]) - held
        if validates != expected:
            raise failure(
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
            raise failure(route, f"{where} gives nothing: no block, level or experience")
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
        raise failure(
            route,
            f"the steps show {sorted(shown)} held at the end; replayed, {sorted(final_blocks)} "
            "(a credit by equivalence is missing or extra)",
        )


def _mix(route: Route) -> tuple[str, ...]:
    """The modalities the route's steps show."""
    mix: set[str] = set()
    for step in action_steps(route):
        if step.kind in (StepKind.TRAINING, StepKind.TRANSVERSAL):
            mix.add("training")
        elif step.kind is StepKind.PLACEMENT:
            mix.add("company" if step.validates else "placement")
        elif step.kind is StepKind.EMPLOYMENT:
            mix.add("employment")
        else:
            mix.add("vae")
    return tuple(sorted(mix))
