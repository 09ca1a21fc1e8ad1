"""Turning the search's goal node into a :class:`~itineraire.planning.route.Route`."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.requirements import HasBlock, HasCompetence, HasExperience, Leaf
from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.calendar import WORKING_WEEK, Calendar
from itineraire.planning.caveats import route_caveats
from itineraire.planning.pending import Pending
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.reasons import Credit, Reason, ReasonCode
from itineraire.planning.route import Route, Step, StepKind, Totals
from itineraire.planning.stepping import Node, Scheduled, Stepper, modalities
from itineraire.validation import credited_blocks, eligibility_rule

__all__ = ["NO_USE", "build_route", "every_step_serves", "idle_steps"]

NO_USE = Reason(code=ReasonCode.NO_USE)

_KINDS = {
    ActionKind.TRAINING: StepKind.TRAINING,
    ActionKind.TRANSVERSAL: StepKind.TRANSVERSAL,
    ActionKind.PLACEMENT: StepKind.PLACEMENT,
    ActionKind.EMPLOYMENT: StepKind.EMPLOYMENT,
}


def build_route(
    problem: PlanningProblem, root: Node, goal: Node, proven: bool, bound: float
) -> Route:
    """The route of ``goal``: positioning, then each scheduled action with its reasons.

    Steps are shown in time order; a VAE's phases overlap the training beside them. Each block
    is shown on the step that grants it first (a module over before the jury of a VAE that also
    covers its block validates it; the jury, the rest)."""
    learner = problem.learner
    stepper = Stepper(problem)
    goal = stepper.settle(goal)  # the juries still pending at the end grant their blocks
    tracks = _replayed(stepper, root, goal.steps)
    holdings = [stepper.settle(node) for node in tracks]
    reasons = _reasons(problem, goal, holdings)
    matters = _mattering_blocks(problem, goal)
    # A VAE under way comes first among the steps of its day: it was there before them.
    planned = _under_way(problem, stepper, root, tracks, goal, matters)
    calendar = stepper.calendar  # the person's, with the ends the replay already walked
    for index, scheduled in enumerate(goal.steps):
        before = tracks[index]
        free_from = _given_beside(stepper, before, scheduled.action)
        why = reasons[index] + _wait(calendar, scheduled, before, free_from)
        credit = _credit(problem, scheduled, holdings[index + 1], goal, matters)
        planned.extend(_steps(problem.catalogue, scheduled, scheduled.new, why, credit))
    start = learner.constraints.start
    finish = max(step.end for step in planned) if planned else start
    awaited = dt.date.fromordinal(goal.until - 1) if goal.until else None
    if awaited is not None:
        # The target is reached once planned employment is over: the route ends with it (the
        # period is shown among its steps, the target reached at its end).
        finish = max(finish, awaited)
    planned.extend(_periods(learner, start, finish, awaited))
    # Steps in time order (a planned period between two steps shows the round trip); numbered
    # after the positioning, which always comes first.
    ordered = sorted(enumerate(planned), key=lambda item: (item[1].start, item[0]))
    acts = bool(goal.steps or root.pending or goal.until)
    steps = [_positioning(problem, matters, reached=not acts)]
    steps += [attrs.evolve(step, number=2 + n) for n, (_, step) in enumerate(ordered)]
    return Route(
        learner=learner.id,
        target=learner.target,
        objective=problem.objective.value,
        steps=tuple(steps),
        totals=Totals(
            start=start,
            finish=finish,
            duration_days=(finish - start).days + 1 if acts else 0,
            training_hours=goal.hours,
            cost=goal.cost,
        ),
        # A VAE under way is part of the route's mix, though no step of the route took it.
        modalities=tuple(sorted(modalities(goal) | ({"vae"} if root.pending else set()))),
        proven_optimal=proven,
        bound=None if proven else bound,
        caveats=route_caveats(problem.catalogue, learner.target, steps),
    )


def _under_way(
    problem: PlanningProblem,
    stepper: Stepper,
    root: Node,
    tracks: list[Node],
    goal: Node,
    matters: frozenset[str],
) -> list[Step]:
    """A step for each VAE under way when the route starts, from the route's start to its
    jury's expected day: it validates the blocks its jury grants that no step over before the
    jury gave, and credits what they complete by equivalence (as :meth:`Stepper.fold` grants a
    jury's blocks)."""
    steps = []
    start = problem.learner.constraints.start
    for jury in root.pending:
        # What the person holds just before this jury: the route until its last node with the
        # jury still pending, with the earlier juries over.
        waiting = [node for node in tracks if jury in node.pending]
        before = stepper.fold(waiting[-1], jury.end - 1)
        # Juries of the same day come one after the other (in their order), and before the
        # part-time steps ending that day, as :meth:`Stepper.fold` grants them: this jury's step
        # shows what it grants, not what the others of its day do.
        same_day = before.pending[: before.pending.index(jury)]
        before = _granting(stepper, before, same_day)
        after = _granting(stepper, before, (jury,))
        new = jury.blocks - before.blocks
        granted = after.blocks - before.blocks - jury.blocks
        code = jury.action.removeprefix("vae:")
        action = Action(
            id=jury.action,
            kind=ActionKind.VAE,
            title=f"VAE under way, {code}",
            hours=0,
            cost=0,
            days=jury.end - start.toordinal(),
            week=WORKING_WEEK,
            blocks=jury.blocks,
            certification=code,
        )
        scheduled = Scheduled(action, start.toordinal(), jury.end, granted, new)
        why = [Reason(code=ReasonCode.VAE_UNDER_WAY, certification=code, date=_date(jury.end - 1))]
        why += _target_met(problem, before, after)
        for later in goal.steps:
            if later.start >= jury.end:
                why += _needed_by(later, before, after)
        why = list(dict.fromkeys(why))
        steps.append(
            Step(
                number=0,
                kind=StepKind.VAE_UNDER_WAY,
                action=jury.action,
                title=f"VAE under way, {code} (admissible on {_date(jury.start)})",
                start=start,
                end=_date(jury.end - 1),
                validates=tuple(sorted(new)),
                credited=_credit(problem, scheduled, after, goal, matters),
                why=tuple(why),
            )
        )
    return steps


def _given_beside(stepper: Stepper, before: Node, action: Action) -> int:
    """The first day ``action`` may start after ``before`` as far as the person's own track
    goes: the steps running leave it room (:meth:`Stepper.free_for`), and the part-time steps
    whose gifts it requires are over (waiting for them is no wait to explain, as after a
    full-time step). A wait for a pending jury is told apart: when the requirements are met
    only once a jury is over, and the last thing they waited for is that jury, the day the
    track was free is returned (a part-time step's gift that came before the jury does not
    hide it, nor does a jury that came before the gift stand for it)."""
    free_from = stepper.free_for(before, action.intensity)
    if action.kind is ActionKind.VAE or not before.running:
        return free_from
    running = {r.end for r in before.running if r.end > free_from}
    juries = {jury.end for jury in before.pending if jury.end > free_from}
    for day in sorted({free_from, *running, *juries}):
        if action.requires.is_met(attrs.evolve(stepper.fold(before, day), day=day)):
            return day if day in running and day not in juries else free_from
    return free_from


def _wait(
    calendar: Calendar, scheduled: Scheduled, before: Node, free_from: int
) -> tuple[Reason, ...]:
    """Why a step starts later than the person is free for it (``before``: the route just
    before it; ``free_from``: the first day the steps running leave it room), when it does (not
    when only days the step does not run on, weekends or public holidays, come in between)."""
    action = scheduled.action
    if scheduled.start <= calendar.next_open(free_from, action.week):
        return ()
    since = _date(free_from)
    jury = _awaited_jury(calendar, scheduled, before, free_from)
    if jury is not None:
        code = ReasonCode.WAITS_FOR_JURY
        return (Reason(code=code, module=jury.action, date=_date(jury.end - 1), free_from=since),)
    index = bisect_right(action.sessions, scheduled.start)
    if index and calendar.next_open(action.sessions[index - 1], action.week) == scheduled.start:
        code = ReasonCode.WAITS_FOR_SESSION
        return (Reason(code=code, date=_date(action.sessions[index - 1]), free_from=since),)
    if action.kind is ActionKind.VAE:
        return (Reason(code=ReasonCode.WAITS_FOR_EXPERIENCE, free_from=since),)
    return (Reason(code=ReasonCode.WAITS_FOR_AVAILABILITY, free_from=since),)


def _awaited_jury(
    calendar: Calendar, scheduled: Scheduled, before: Node, free_from: int
) -> Pending | None:
    """The pending VAE whose jury the step waits for, if it does: a VAE waits for the previous
    one's; a module starts on its first day from a jury whose blocks it needs (it would start
    earlier without them)."""
    action = scheduled.action
    if not before.pending:
        return None
    if action.kind is ActionKind.VAE:
        last = before.pending[-1]
        return last if scheduled.start == calendar.next_open(last.end, action.week) else None
    if calendar.earliest_start(free_from, action) == scheduled.start:
        return None  # the calendar alone (a session, a period) sets the day, not a jury
    for jury in reversed(before.pending):
        if jury.end <= scheduled.start == calendar.earliest_start(jury.end, action):
            return jury
    return None


def _periods(
    learner: Learner, start: dt.date, finish: dt.date, awaited: dt.date | None = None
) -> list[Step]:
    """The person's planned periods (employment, unavailability) within the route's span; the
    target reached at the end of the employment ``awaited`` ends on, if any."""
    periods = []
    for period in learner.constraints.unavailable:
        if period.end < start or period.start > finish:
            continue
        employment = period.rome is not None
        detail = f"{period.hours} h in {period.rome}" if employment else ""
        why = [Reason(code=ReasonCode.PLANNED_PERIOD)]
        if employment and period.end == awaited:
            why.append(Reason(code=ReasonCode.TARGET_REACHED, date=period.end))
        periods.append(
            Step(
                number=0,
                kind=StepKind.EMPLOYMENT if employment else StepKind.UNAVAILABLE,
                action="planned",
                title=period.label or ("planned employment" if employment else "unavailable"),
                start=period.start,
                end=period.end,
                experience=detail,
                why=tuple(why),
            )
        )
    return periods


def every_step_serves(problem: PlanningProblem, root: Node, goal: Node) -> bool:
    """Whether each step of the route serves the target or a later step.

    A VAE gives its blocks on its jury's day: one whose every block a step beside it gave
    first (a required placement validating it in a company, say) gives nothing, though its
    use is otherwise judged as if its jury were over."""
    stepper = Stepper(problem)
    settled = stepper.settle(goal)
    if any(step.action.kind is ActionKind.VAE and not step.new for step in settled.steps):
        return False
    return not idle_steps(problem, root, goal, stepper)


def idle_steps(
    problem: PlanningProblem, root: Node, goal: Node, stepper: Stepper | None = None
) -> list[Scheduled]:
    """The steps of the route that serve neither the target nor a later step (their reason,
    "no direct use found"); ``stepper``: the caller's, for ``problem``, when it has one."""
    stepper = Stepper(problem) if stepper is None else stepper
    holdings = [stepper.settle(node) for node in _replayed(stepper, root, goal.steps)]
    reasons = _reasons(problem, goal, holdings)
    return [step for step, why in zip(goal.steps, reasons, strict=True) if why == (NO_USE,)]


def _positioning(problem: PlanningProblem, matters: frozenset[str], reached: bool) -> Step:
    """The positioning, with the blocks it credits by equivalence (those that matter), and the
    target reached there when nothing remains to do."""
    learner = problem.learner
    day = learner.positioning.date
    held = {block.block for block in learner.positioning.blocks}
    granted = credited_blocks(held, problem.catalogue.equivalences)
    why = [Reason(code=ReasonCode.POSITIONING)]
    if reached:
        why.append(Reason(code=ReasonCode.TARGET_REACHED, date=day))
    return Step(
        number=1,
        kind=StepKind.POSITIONING,
        action="positioning",
        title="Initial positioning",
        start=day,
        end=day,
        credited=tuple(
            Credit(block, granted[block]) for block in sorted(granted) if block in matters
        ),
        why=tuple(why),
    )


def _mattering_blocks(problem: PlanningProblem, goal: Node) -> frozenset[str]:
    """The blocks that matter to the target on this route: those its rule names and those a
    step of the route requires. Credit for other blocks (a former version's, say) is not shown."""
    rules = [problem.goal, *(scheduled.action.requires for scheduled in goal.steps)]
    return frozenset(
        leaf.block for rule in rules for leaf in rule.leaves() if isinstance(leaf, HasBlock)
    )


def _granting(stepper: Stepper, node: Node, juries: tuple[Pending, ...]) -> Node:
    """``node`` with only ``juries`` over (their blocks and what they complete granted); the
    other juries still pending and the part-time steps still running."""
    if not juries:
        return node
    alone = attrs.evolve(node, pending=juries, running=())
    done = stepper.fold(alone, juries[-1].end)
    left = tuple(jury for jury in node.pending if jury not in juries)
    return attrs.evolve(done, pending=left, running=node.running)


def _credit(
    problem: PlanningProblem,
    scheduled: Scheduled,
    after: Node,
    goal: Node,
    matters: frozenset[str],
) -> tuple[Credit, ...]:
    """The blocks granted by equivalence right after ``scheduled`` that matter, each with the
    equivalence that grants it (computed from what was held just before the grant; for a
    jury's grant that a step beside the VAE completed, from what the route holds in the end)."""
    shown = sorted(block for block in scheduled.granted if block in matters)
    if not shown:
        return ()
    equivalences = problem.catalogue.equivalences
    granted = credited_blocks(after.blocks - scheduled.granted, equivalences)
    if any(block not in granted for block in shown):
        granted = {**credited_blocks(goal.blocks - scheduled.granted, equivalences), **granted}
    return tuple(Credit(block, granted[block]) for block in shown)


def _date(day: int) -> dt.date:
    return dt.date.fromordinal(day)


def _steps(
    catalogue: Catalogue,
    scheduled: Scheduled,
    new: frozenset[str],
    why: tuple[Reason, ...],
    credited: tuple[Credit, ...],
) -> list[Step]:
    """The step(s) of one scheduled action; ``new`` are the blocks it validates that the person
    did not hold yet (a block is never shown as validated twice)."""
    number = 0  # numbered once every step is in time order
    action = scheduled.action
    validates = tuple(sorted(new))
    if action.kind is not ActionKind.VAE:
        experience = (
            ""
            if action.experience is None
            else f"{action.experience[1]} h in {action.experience[0]}"
        )
        teaches = tuple(
            c if level is None else f"{c} {level}" for c, _rank, level in action.teaches
        )
        return [
            Step(
                number=number,
                kind=_KINDS[action.kind],
                action=action.id,
                title=action.title,
                start=_date(scheduled.start),
                end=_date(scheduled.end - 1),
                hours=action.hours,
                cost=action.cost,
                validates=validates,
                credited=credited,
                teaches=teaches,
                experience=experience,
                why=why,
                weekly_hours=action.intensity or None,
            )
        ]
    policy = catalogue.vae_policy
    admissibility_end = scheduled.start + 7 * policy.admissibility_weeks
    support_end = admissibility_end + 7 * policy.support_weeks
    code = action.certification or ""
    return [
        Step(
            number,
            StepKind.VAE_ADMISSIBILITY,
            action.id,
            f"VAE admissibility file, {code}",
            _date(scheduled.start),
            _date(admissibility_end - 1),
            why=(Reason(code=ReasonCode.VAE_ADMISSIBILITY),),
        ),
        Step(
            number + 1,
            StepKind.VAE_SUPPORT,
            action.id,
            f"VAE support and validation file, {code}",
            _date(admissibility_end),
            _date(support_end - 1),
            hours=policy.support_hours,
            cost=policy.support_cost + policy.block_cost * len(action.blocks),
            why=(Reason(code=ReasonCode.VAE_SUPPORT),),
        ),
        Step(
            number + 2,
            StepKind.VAE_JURY,
            action.id,
            f"VAE jury, {code}",
            _date(support_end),
            _date(scheduled.end - 1),
            cost=policy.jury_cost,
            validates=validates,
            credited=credited,
            why=why,
        ),
    ]


def _reasons(
    problem: PlanningProblem, goal: Node, holdings: list[Node]
) -> list[tuple[Reason, ...]]:
    """Why each scheduled action is there: the target leaves and later prerequisites it serves;
    ``holdings`` are what the person holds before the first step and after each one."""
    steps = goal.steps
    reasons: list[tuple[Reason, ...]] = []
    required = _required_placement(problem, steps)
    for index, scheduled in enumerate(steps):
        before, after = holdings[index], holdings[index + 1]
        why = _target_met(problem, before, after)
        why += [
            Reason(code=ReasonCode.TARGET, requirement=leaf)
            for leaf in _counted(scheduled, problem.goal.leaves(), holdings[-1])
        ]
        for offset, later in enumerate(steps[index + 1 :], start=index + 1):
            why += _needed_by(later, before, after)
            why += [
                Reason(code=ReasonCode.NEEDED_BY, requirement=leaf, module=later.action.id)
                for leaf in _counted(scheduled, later.action.requires.leaves(), holdings[offset])
            ]
            if _feeds_vae(problem, scheduled, later, holdings[offset]):
                why.append(Reason(code=ReasonCode.EXPERIENCE_FOR, module=later.action.id))
            if _spares_vae(problem, scheduled, later, before, holdings[offset]):
                why.append(Reason(code=ReasonCode.SPARES_VAE_BLOCK, module=later.action.id))
        if index == required:
            why.append(Reason(code=ReasonCode.PLACEMENT_REQUIRED))
        reasons.append(tuple(dict.fromkeys(why)) or (NO_USE,))
    return reasons


def _target_met(problem: PlanningProblem, before: Node, after: Node) -> list[Reason]:
    """The target's requirements a step meets: held ``after`` it, not ``before``."""
    return [
        Reason(code=ReasonCode.TARGET, requirement=leaf)
        for leaf in problem.goal.leaves()
        if _newly_met(leaf, before, after)
    ]


def _needed_by(later: Scheduled, before: Node, after: Node) -> list[Reason]:
    """The prerequisites of the ``later`` step that a step meets."""
    return [
        Reason(code=ReasonCode.NEEDED_BY, requirement=leaf, module=later.action.id)
        for leaf in later.action.requires.leaves()
        if _newly_met(leaf, before, after)
    ]


def _counted(scheduled: Scheduled, leaves: Iterable[Leaf], held: Node) -> list[HasExperience]:
    """The experience ``leaves`` met by ``held`` that the hours of work ``scheduled`` brought
    count towards: without them, not met. A step that brings part of the hours (one hour of
    work, then 299 more) serves as much as the one that completes them."""
    experience = scheduled.action.experience
    if experience is None:
        return []
    job, hours = experience
    reduced = dict(held.experience)
    reduced[job] = reduced.get(job, 0) - hours
    without = attrs.evolve(held, experience=reduced)
    return [
        leaf
        for leaf in leaves
        if isinstance(leaf, HasExperience) and leaf.is_met(held) and not leaf.is_met(without)
    ]


def _required_placement(problem: PlanningProblem, steps: tuple[Scheduled, ...]) -> int | None:
    """The index of the step that meets the person's required placement (the route's first
    placement), or None when none is required."""
    if not problem.learner.constraints.placement_required:
        return None
    kinds = [scheduled.action.kind for scheduled in steps]
    return kinds.index(ActionKind.PLACEMENT) if ActionKind.PLACEMENT in kinds else None


def _feeds_vae(
    problem: PlanningProblem, scheduled: Scheduled, later: Scheduled, before_later: Node
) -> bool:
    """Whether the later VAE needs the experience ``scheduled`` brought: without it, the person
    would not be eligible, or a block the VAE validates would not be covered."""
    experience = scheduled.action.experience
    if later.action.kind is not ActionKind.VAE or experience is None:
        return False
    job, hours = experience
    reduced = dict(before_later.experience)
    reduced[job] = reduced.get(job, 0) - hours
    without = attrs.evolve(before_later, experience=reduced)
    catalogue = problem.catalogue
    policy = catalogue.vae_policy
    certification = catalogue.certifications[later.action.certification or ""]
    own = [catalogue.blocks[code] for code in certification.blocks]
    if not eligibility_rule(certification, policy, own).is_met(_at(without, later.start)):
        return True
    return any(
        without.experience_on(frozenset(catalogue.blocks[b].experience_rome), later.start)
        < policy.block_coverage_hours
        for b in later.action.blocks
    )


def _spares_vae(
    problem: PlanningProblem,
    scheduled: Scheduled,
    later: Scheduled,
    before: Node,
    before_later: Node,
) -> bool:
    """Whether ``scheduled`` validates a block the later VAE would otherwise have covered (of
    its certification, not held, with enough related experience then), so that the VAE, priced
    per block covered, costs less."""
    catalogue = problem.catalogue
    policy = catalogue.vae_policy
    if later.action.kind is not ActionKind.VAE or not policy.block_cost:
        return False
    own = catalogue.certifications[later.action.certification or ""].blocks
    return any(
        block in own
        and block not in before.blocks
        and before_later.experience_on(
            frozenset(catalogue.blocks[block].experience_rome), later.start
        )
        >= policy.block_coverage_hours
        for block in scheduled.action.blocks
    )


def _at(node: Node, day: int) -> Node:
    return attrs.evolve(node, day=day)


def _replayed(stepper: Stepper, root: Node, steps: tuple[Scheduled, ...]) -> list[Node]:
    """The route before the first step and after each one, replayed with the search's own
    stepper, so the effects of a step are defined in one place (a VAE's blocks pending until
    its jury; settled, what each prefix eventually gives)."""
    nodes = [root]
    for scheduled in steps:
        action = scheduled.action
        nodes.append(stepper.apply(nodes[-1], action, scheduled.start, action.blocks))
    return nodes


def _newly_met(leaf: Leaf, before: Node, after: Node) -> bool:
    if isinstance(leaf, (HasBlock, HasCompetence, HasExperience)):
        return not leaf.is_met(before) and leaf.is_met(after)
    return False
