"""Re-planning: the rest of the route from a journey's state, with its returns made explicit.

The state becomes a learner positioned on the re-planning day (blocks validated, pending or
credited; competences at their current level; all experience; the VAE files admissible and
awaiting their jury, which the route continues; the planned employment begun presumed worked
as planned, on the days the journey recorded no work), and the planner computes the rest of the
route as for anyone. The planner knows nothing of the past, so the returns are read off
afterwards: a step that retakes a failed module, goes back to a block whose evaluation failed,
remediates a basic skill an evaluation found lacking, resumes an interrupted module, or completes
what a VAE jury did not award.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum

import attrs

from itineraire.journeys.describing import carried_over
from itineraire.journeys.journey import Journey
from itineraire.journeys.state import JourneyState
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import ExperienceRecord, Learner, Period, Positioning, VaeUnderWay
from itineraire.planning import Objective, Planner, Route
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.route import Step, StepKind
from itineraire.validation.vae import JuryOutcome

_PARTIAL = frozenset(
    {
        JuryOutcome.PARTIAL_CERTIFICATION,
        JuryOutcome.PARTIAL_TARGETED_BLOCKS,
        JuryOutcome.PARTIAL_PENDING,
    }
)

__all__ = ["Replan", "Return", "ReturnKind", "learner_at", "replan"]


class ReturnKind(StrEnum):
    """Why a re-planned step goes back to something tried before."""

    RETAKE = "retake"
    """A module failed before is taken again."""
    BACK_TO_BLOCK = "back_to_block"
    """A block whose evaluation failed is prepared again by its modules."""
    REMEDIATION = "remediation"
    """A basic skill found lacking by a failed evaluation is remediated."""
    RESUME = "resume"
    """A module interrupted by a drop-out is taken again."""
    VAE_COMPLETION = "vae_completion"
    """The blocks a VAE jury did not award are completed (training or a new VAE file)."""


@attrs.frozen
class Return:
    """A step of a re-planned route that returns to an earlier step of the journey."""

    step: int
    kind: ReturnKind
    reason: str


@attrs.frozen
class Replan:
    """The rest of the route as of ``date``, and the returns it makes."""

    date: dt.date
    route: Route
    returns: tuple[Return, ...]
    notes: tuple[str, ...] = ()
    """What the reader should know about this re-planning (a VAE file under way, a drop-out)."""

    def returns_of(self, step: int) -> tuple[Return, ...]:
        return tuple(item for item in self.returns if item.step == step)


def learner_at(journey: Journey, date: dt.date | None = None) -> Learner:
    """The learner as the journey's state describes them on ``date`` (the last event's day by
    default): what they hold, their target, and their constraints from that day on. Planned
    employment begun by then is presumed worked as the learner file plans it, on the days the
    journey recorded no work: a period over as experience, one under way bringing on its last
    day the hours of its past days too."""
    state = journey.state
    day = state.date if date is None else date
    if day < state.date:
        raise ValueError(f"cannot re-plan on {day}: the journey goes on to {state.date}")
    ranks: dict[str, HeldCompetence] = {}
    for record in state.competences:
        best = ranks.get(record.competence)
        if best is None or record.rank > best.rank:
            ranks[record.competence] = HeldCompetence(record.competence, record.level, record.rank)
    constraints = journey.learner.constraints
    # Credit by equivalence is not listed: the planner derives it from the blocks, as for anyone.
    positioning = Positioning(
        date=day,
        competences=tuple(ranks[key] for key in sorted(ranks)),
        blocks=state.blocks + state.pending,
        experience=state.experience + _worked(constraints.unavailable, state, day),
    )
    files = _under_way(journey.catalogue, journey.learner, state, positioning)
    positioning = attrs.evolve(positioning, vae_under_way=files)
    constraints = attrs.evolve(
        constraints,
        start=max(day, constraints.start),
        placement_required=constraints.placement_required and not state.placements,
        # In the order a learner file is read in (by first, then last day): a period cut to
        # start that day may now come before one that started later.
        unavailable=tuple(
            sorted(
                (
                    _from(period, state, day)
                    for period in constraints.unavailable
                    if period.end >= day
                ),
                key=lambda period: (period.start, period.end),
            )
        ),
    )
    return attrs.evolve(
        journey.learner, positioning=positioning, constraints=constraints, target=state.target
    )


def _under_way(
    catalogue: Catalogue,
    learner: Learner,
    state: JourneyState,
    positioning: Positioning,
) -> tuple[VaeUnderWay, ...]:
    """The VAE files admissible and awaiting their jury, for the route to continue, each
    expected to award what the planner expects of a VAE it plans: of the blocks the file targets
    (all of the certification's when it names none), those not held that the experience of the
    re-plan's ``positioning`` covers (the catalogue's block coverage hours: the work the
    journey recorded, and the planned employment over, presumed worked); its jury after the
    catalogue's lead times from the decision (the journey records a jury once it is held). A
    file whose certification the catalogue does not hold open to VAE is left out (the note says
    so). A file the journey's learner stated under way at the start is continued as stated (its
    blocks, its jury's day)."""
    policy = catalogue.vae_policy
    stated = {(f.certification, f.admissible): f for f in learner.positioning.vae_under_way}
    files = []
    for file in state.vae_files:
        certification = catalogue.certifications.get(file.certification)
        if not file.open or certification is None or not certification.vae_allowed:
            continue
        known = stated.get((file.certification, file.decided))
        if known is not None and file.outcome is None:
            files.append(known)
            continue
        held = state.held_blocks()
        covered = tuple(
            code
            for code in file.blocks or certification.blocks
            if code not in held
            and positioning.experience_hours(frozenset(catalogue.blocks[code].experience_rome))
            >= policy.block_coverage_hours
        )
        files.append(VaeUnderWay(file.certification, file.decided, covered))
    return tuple(files)


def _worked(
    periods: tuple[Period, ...], state: JourneyState, day: dt.date
) -> tuple[ExperienceRecord, ...]:
    """The planned employment over before ``day``, as experience: presumed worked as the
    learner file plans it (nothing in the journey says otherwise, and the notes say so), on the
    days the journey recorded no work."""
    records = []
    for period in periods:
        hours = _unrecorded(period, state)
        if period.end < day and period.rome is not None and hours > 0:
            record = ExperienceRecord(
                period.rome, hours, period.start, period.end, "planned employment"
            )
            records.append(record)
    return tuple(records)


def _from(period: Period, state: JourneyState, day: dt.date) -> Period:
    """The part of a planned period still to come on ``day``: a period under way is cut to start
    that day (a route shows nothing before its positioning), yet brings on its last day the
    hours of its past days too, as in the plan from the start: the person is presumed at work
    meanwhile, and an employment can only be recorded once over."""
    return attrs.evolve(period, start=max(period.start, day), hours=_unrecorded(period, state))


def _unrecorded(period: Period, state: JourneyState) -> int:
    """The hours a planned period brings for the days the journey recorded no work in its job
    on: work in that job recorded over some of its days (an employment, a placement) took their
    place, and counting both would count those days twice."""
    total = (period.end - period.start).days + 1
    return period.hours * (total - _recorded_days(period, state)) // total


def _recorded_days(period: Period, state: JourneyState) -> int:
    """How many days of ``period`` a period of work in its job recorded by the journey's events
    covers."""
    days: set[int] = set()
    for record, start, end in state.dated_work():
        if record.rome != period.rome:
            continue  # work in another job (a few hours beside) does not replace this one
        first, last = max(start, period.start), min(end, period.end)
        days.update(range(first.toordinal(), last.toordinal() + 1))
    return len(days)


def replan(
    journey: Journey,
    objective: Objective = Objective.DURATION,
    *,
    date: dt.date | None = None,
    planner: Planner | None = None,
) -> Replan:
    """The best rest of the route from the journey's state; raises ``NoRouteError`` when none."""
    learner = learner_at(journey, date)
    route = (planner or Planner(journey.catalogue)).plan(learner, objective)
    if journey.events:  # before any event the positioning is still the initial one
        route = _repositioned(route)
    returns = tuple(_returns(journey.catalogue, journey.state, route))
    notes = _notes(journey, learner, route)
    return Replan(learner.positioning.date, route, returns, notes)


def _repositioned(route: Route) -> Route:
    """The re-planned route opens with the re-plan's positioning, not an initial one."""
    first = route.steps[0]
    why = tuple(
        Reason(code=ReasonCode.POSITIONING, date=first.start)
        if reason.code is ReasonCode.POSITIONING
        else reason
        for reason in first.why
    )
    first = attrs.evolve(first, title=f"Positioning on {first.start}", why=why)
    return attrs.evolve(route, steps=(first, *route.steps[1:]))


def _notes(journey: Journey, learner: Learner, route: Route) -> tuple[str, ...]:
    state = journey.state
    notes = []
    continued = {step.action: step for step in route.steps if step.kind is StepKind.VAE_UNDER_WAY}
    if state.dropped_out is not None:
        notes.append(
            f"the person dropped out on {state.dropped_out[0]}: this is the route if they"
            " resume now"
        )
    for file in state.vae_files:
        if not file.open:
            continue
        under_way = (
            f"the VAE file for {file.certification} is admissible since {file.decided} and"
            " awaits its jury"
        )
        step = continued.get(f"vae:{file.certification}")
        if step is not None:
            expected = next(
                f.blocks
                for f in learner.positioning.vae_under_way
                if f.certification == file.certification
            )
            notes.append(
                f"{under_way}: the route continues it, its jury expected on {step.end}"
                f" ({_awarding(expected, step)}); record the jury to re-plan from its outcome"
            )
        else:
            # Not passed to the planner: the catalogue no longer holds it open to VAE.
            notes.append(
                f"{under_way}: the catalogue does not hold {file.certification} open to VAE, so"
                " the route cannot continue it; record the jury to re-plan from it"
            )
    for replacement in state.replacements:
        if replacement.held and not replacement.carried:
            notes.append(carried_over(replacement).removeprefix("! "))
    notes.extend(
        _presumed(journey.learner.constraints.unavailable, state, learner.positioning.date)
    )
    return tuple(notes)


def _presumed(periods: tuple[Period, ...], state: JourneyState, day: dt.date) -> Iterator[str]:
    """What the re-plan presumes of the planned employment begun before ``day``: worked as
    planned, which only the referent can correct."""
    for period in periods:
        hours = _unrecorded(period, state)
        if period.rome is None or hours == 0 or period.start >= day:
            continue
        over = period.end < day
        counted = "counted as worked" if over else "counted as worked until its end"
        if _recorded_days(period, state):
            counted += " on the days no work is recorded"
        experience = f"{hours} h of experience" + ("" if over else f" on {period.end}")
        yield (
            f"the planned employment in {period.rome} from {period.start} to {period.end} is"
            f" {'over' if over else 'under way'}: {counted} ({experience}); if the person"
            f" {'did' if over else 'does'} not work as planned, record the employment worked"
            " and change the period in the learner file"
        )


def _awarding(expected: tuple[str, ...], step: Step) -> str:
    """What the route expects of a VAE under way: the blocks it validates, or why none."""
    if not expected:
        return "the experience recorded covers none of its blocks: no block is expected of it"
    if not step.validates:
        return "the route gives the blocks expected of it earlier, by other steps"
    return f"expected to award {', '.join(step.validates)}"


def _returns(catalogue: Catalogue, state: JourneyState, route: Route) -> Iterator[Return]:
    failed_modules = {f.module: f for f in state.failures if f.module is not None}
    failed_blocks = {f.block: f for f in state.failures if f.block is not None}
    lacking = {f.cause: f for f in state.failures if f.cause is not None}
    interrupted = {item.module: item for item in state.interrupted}
    remaining = _not_awarded(catalogue, state)
    for step in route.steps:
        if step.kind is StepKind.POSITIONING or step.action == "planned":
            continue
        if step.action in failed_modules:
            failure = failed_modules[step.action]
            yield Return(step.number, ReturnKind.RETAKE, f"module failed on {failure.date}")
        if step.action in interrupted:
            item = interrupted[step.action]
            yield Return(
                step.number,
                ReturnKind.RESUME,
                f"started on {item.start}, interrupted by the drop-out",
            )
        for block in step.validates:
            if block in failed_blocks:
                failure = failed_blocks[block]
                yield Return(
                    step.number,
                    ReturnKind.BACK_TO_BLOCK,
                    f"evaluation of block {block} failed on {failure.date}",
                )
        for competence in _taught(step):
            if competence in lacking:
                failure = lacking[competence]
                yield Return(
                    step.number,
                    ReturnKind.REMEDIATION,
                    f"{competence} found lacking at the evaluation of {failure.block}"
                    f" on {failure.date}",
                )
        yield from _vae_completion(step, remaining)


def _not_awarded(catalogue: Catalogue, state: JourneyState) -> dict[str, tuple[dt.date, str]]:
    """Each block a partial VAE jury did not award, with the jury's date and certification."""
    remaining: dict[str, tuple[dt.date, str]] = {}
    for file in state.vae_files:
        if file.outcome not in _PARTIAL or file.jury is None:
            continue
        targeted = file.blocks or catalogue.certifications[file.certification].blocks
        for block in targeted:
            if block not in file.awarded:
                remaining[block] = (file.jury, file.certification)
    return remaining


def _vae_completion(step: Step, remaining: dict[str, tuple[dt.date, str]]) -> Iterator[Return]:
    if step.kind is StepKind.VAE_ADMISSIBILITY or step.kind is StepKind.VAE_SUPPORT:
        return
    blocks = [block for block in step.validates if block in remaining]
    if blocks:
        how = {
            StepKind.VAE_JURY: "a new VAE file",
            StepKind.PLACEMENT: "a placement in a company",
        }.get(step.kind, "training")
        jury = remaining[blocks[0]][0]
        yield Return(
            step.number,
            ReturnKind.VAE_COMPLETION,
            f"{how} for blocks the VAE jury of {jury} did not award: {', '.join(blocks)}",
        )


def _taught(step: Step) -> Iterator[str]:
    for item in step.teaches:
        yield item.split(" ", 1)[0]
