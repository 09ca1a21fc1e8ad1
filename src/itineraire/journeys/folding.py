"""Folding events into a journey state: the one place that says what each event does.

:func:`fold_event` either returns the new state or raises :class:`RefusalError` naming the event's
field at fault; the state it was given is never changed (states are values). Refusals cover what
does not fit the journey so far: a completion without a start, dates going backwards, an unknown
module, a jury without admissibility…
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import attrs

from itineraire.analysis.reachability import module_rule
from itineraire.journeys.events import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Event,
    EventKind,
    ModuleCompleted,
    ModuleStarted,
    PlacementDone,
    Positioned,
    Resumed,
    TargetChanged,
    VaeAdmissibility,
    VaeConfirmation,
    VaeJury,
)
from itineraire.journeys.state import (
    CompetenceRecord,
    Failure,
    JourneyState,
    Replacement,
    Underway,
    VaeFile,
)
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import (
    ExperienceRecord,
    HeldBlock,
    Learner,
    Target,
    TargetKind,
    VaeUnderWay,
)
from itineraire.model.requirements import AllOf, Requirement
from itineraire.modules import Module, Placement
from itineraire.validation.equivalences import credited_blocks
from itineraire.validation.methods import ValidationMethod
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

__all__ = [
    "MAX_HOURS_A_DAY",
    "OFF_ROUTE",
    "RefusalError",
    "fold_event",
    "initial_state",
    "startable_modules",
]

MAX_HOURS_A_DAY = 10
"""Hours of work or placement a day beyond which a period's hours are taken for a typing error."""

_ROME = re.compile(r"^[A-N]\d{4}$")

# While dropped out, only what can happen off the route is recorded.
OFF_ROUTE = frozenset(
    {
        EventKind.RESUME,
        EventKind.DROP_OUT,
        EventKind.POSITIONING,
        EventKind.EMPLOYMENT,
        EventKind.TARGET_CHANGED,
        EventKind.CERTIFICATION_REPLACED,
        EventKind.VAE_ADMISSIBILITY,
        EventKind.VAE_JURY,
        EventKind.VAE_CONFIRMATION,
    }
)

_NOTHING_AWARDED = frozenset({JuryOutcome.FAILURE, JuryOutcome.EXCUSED, JuryOutcome.ABSENT})


class RefusalError(Exception):
    """An event that does not fit: the field at fault and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def initial_state(catalogue: Catalogue, learner: Learner) -> JourneyState:
    """The state the learner's positioning describes, before any event."""
    positioning = learner.positioning
    state = JourneyState(
        started=positioning.date,
        date=positioning.date,
        target=learner.target,
        competences=tuple(
            _record(held, positioning.date, ValidationMethod.PRIOR)
            for held in positioning.competences
        ),
        blocks=positioning.blocks,
        experience=positioning.experience,
        vae_files=tuple(_admissible(catalogue, file) for file in positioning.vae_under_way),
    )
    return _with_credit(catalogue, state)


def _admissible(catalogue: Catalogue, file: VaeUnderWay) -> VaeFile:
    """A VAE under way at the positioning, as the admissible file its jury is recorded against:
    for the whole certification when it is expected to award every block of it."""
    certification = catalogue.certifications.get(file.certification)
    whole = certification is not None and set(file.blocks) == set(certification.blocks)
    blocks = () if whole else file.blocks
    return VaeFile(file.certification, file.admissible, AdmissibilityDecision.ADMISSIBLE, blocks)


def startable_modules(catalogue: Catalogue, state: JourneyState) -> list[str]:
    """The modules a ``module_started`` event may name now: not under way, not passed, their
    prerequisites met (the checks :func:`fold_event` makes, as a list)."""
    return [
        module.id
        for module in catalogue.modules.values()
        if state.underway_module(module.id) is None
        and state.passed(module.id) is None
        and module_rule(catalogue, module).is_met(state)
    ]


def fold_event(catalogue: Catalogue, state: JourneyState, event: Event) -> JourneyState:
    """The state after ``event``; raises :class:`RefusalError` when the event does not fit."""
    if event.date < state.date:
        # An employment is dated by its last day, written `end` in a file.
        field = "end" if event.kind is EventKind.EMPLOYMENT else "date"
        raise RefusalError(
            field, f"{event.date} is before the journey's last date so far ({state.date})"
        )
    if state.dropped_out is not None and event.kind not in OFF_ROUTE:
        since = state.dropped_out[0]
        raise RefusalError("", f"the person dropped out on {since}: record a resume first")
    handler = cast(Callable[[Catalogue, JourneyState, Any], JourneyState], _HANDLERS[event.kind])
    state = handler(catalogue, state, event)
    return _with_credit(catalogue, attrs.evolve(state, date=event.date))


# -- Positioning ----------------------------------------------------------------------------------


def _positioned(catalogue: Catalogue, state: JourneyState, event: Positioned) -> JourneyState:
    measured = {held.competence for held in event.competences}
    for index, held in enumerate(event.competences):
        _known_competence(catalogue, held.competence, f"competences[{index}]")
    for index, block in enumerate(event.blocks):
        field = f"blocks[{index}]"
        _known_block(catalogue, block.block, field)
        _not_validated(state, block.block, field)
        if any(other.block == block.block for other in event.blocks[:index]):
            raise RefusalError(field, f"block {block.block!r} is listed twice")
        if block.date > event.date:
            raise RefusalError(field, f"block {block.block!r} is dated after the positioning")
    for index, record in enumerate(event.experience):
        _check_work(record.rome, record.hours, record.start, record.end, f"experience[{index}]")
        if record.end is not None and record.end > event.date:
            raise RefusalError(f"experience[{index}]", "ends after the positioning")
    # A new measurement replaces the earlier ones; a level validated by a module stays.
    kept = tuple(r for r in state.competences if not (r.measured and r.competence in measured))
    new = tuple(_record(held, event.date, ValidationMethod.PRIOR) for held in event.competences)
    return attrs.evolve(
        state,
        competences=kept + new,
        blocks=state.blocks + event.blocks,
        experience=state.experience + event.experience,
    )


# -- Modules and placements -----------------------------------------------------------------------


def _module_started(
    catalogue: Catalogue, state: JourneyState, event: ModuleStarted
) -> JourneyState:
    module = _known_module(catalogue, event.module)
    if state.underway_module(event.module) is not None:
        raise RefusalError("module", f"module {event.module!r} is already under way")
    passed = state.passed(event.module)
    if passed is not None:
        raise RefusalError("module", f"module {event.module!r} was already passed on {passed}")
    _prerequisites_met(catalogue, state, module, "module")
    return attrs.evolve(
        state,
        underway=(*state.underway, Underway(event.module, event.date)),
        interrupted=tuple(item for item in state.interrupted if item.module != event.module),
    )


def _module_completed(
    catalogue: Catalogue, state: JourneyState, event: ModuleCompleted
) -> JourneyState:
    module = _known_module(catalogue, event.module)
    underway = state.underway_module(event.module)
    if underway is None:
        interrupted = [item for item in state.interrupted if item.module == event.module]
        if interrupted:
            raise RefusalError(
                "module",
                f"module {event.module!r} was interrupted by a drop-out: record a new start",
            )
        raise RefusalError("module", f"module {event.module!r} was not started")
    if event.score is not None and not 0 <= event.score <= 100:
        raise RefusalError("score", f"{event.score} is not between 0 and 100")
    state = attrs.evolve(state, underway=tuple(i for i in state.underway if i is not underway))
    if not event.passed:
        return attrs.evolve(state, failures=(*state.failures, Failure(event.date, event.module)))
    in_company = isinstance(module, Placement)
    method = ValidationMethod.COMPANY if in_company else ValidationMethod.TRAINING
    state = _gain_module(state, module, event.date, method)
    if isinstance(module, Placement):
        state = _placed(state, module, event.date, underway.start, module.experience_hours)
    return attrs.evolve(state, completed=(*state.completed, (event.module, event.date)))


def _placement_done(
    catalogue: Catalogue, state: JourneyState, event: PlacementDone
) -> JourneyState:
    module: Placement | None = None
    if event.placement is not None:
        found = _known_module(catalogue, event.placement, "placement")
        if not isinstance(found, Placement):
            raise RefusalError("placement", f"module {event.placement!r} is not a placement")
        module = found
    rome = event.rome or (module.rome if module else None)
    _check_work(rome, event.hours, event.start, event.date, "")
    _after_start(state, event.start)
    _not_overlapping(state, event.start, event.date, event.hours)
    if module is None:
        experience = (
            (ExperienceRecord(rome, event.hours, event.start, event.date, "placement"),)
            if rome
            else ()
        )
        return attrs.evolve(
            state,
            experience=state.experience + experience,
            placements=(*state.placements, event.date),
        )
    passed = state.passed(module.id)
    if passed is not None:
        raise RefusalError("placement", f"placement {module.id!r} was already done on {passed}")
    _prerequisites_met(catalogue, state, module, "placement")
    underway = tuple(item for item in state.underway if item.module != module.id)
    state = attrs.evolve(state, underway=underway)
    state = _gain_module(state, module, event.date, ValidationMethod.COMPANY)
    state = _placed(state, module, event.date, event.start, event.hours, rome)
    return attrs.evolve(state, completed=(*state.completed, (module.id, event.date)))


def _gain_module(
    state: JourneyState, module: Module, day: Any, method: ValidationMethod
) -> JourneyState:
    evidence = f"module {module.id}"
    taught = tuple(_record(held, day, method, evidence) for held in module.teaches)
    state = attrs.evolve(state, competences=state.competences + taught)
    return _validate(
        state, *(HeldBlock(block, day, method, evidence) for block in module.validates)
    )


def _placed(
    state: JourneyState,
    module: Placement,
    day: Any,
    start: Any,
    hours: int,
    rome: str | None = None,
) -> JourneyState:
    job = rome or module.rome
    record = (ExperienceRecord(job, hours, start, day, f"placement {module.id}"),) if job else ()
    return attrs.evolve(
        state, experience=state.experience + record, placements=(*state.placements, day)
    )


# -- Blocks ---------------------------------------------------------------------------------------


def _block_evaluated(
    catalogue: Catalogue, state: JourneyState, event: BlockEvaluated
) -> JourneyState:
    _known_block(catalogue, event.block, "block")
    _not_validated(state, event.block, "block")
    if event.passed:
        if event.cause is not None:
            raise RefusalError("cause", "a passed evaluation has no cause of failure")
        held = HeldBlock(event.block, event.date, ValidationMethod.TRAINING, "block evaluation")
        return _validate(state, held)
    competences = state.competences
    if event.cause is not None:
        _known_competence(catalogue, event.cause, "cause")
        validated = [r for r in competences if r.competence == event.cause and not r.measured]
        if validated:
            record = validated[0]
            raise RefusalError(
                "cause",
                f"competence {event.cause!r} was validated on {record.date} ({record.evidence}):"
                " a failed evaluation does not withdraw it",
            )
        # The evaluation shows the positioning overestimated this basic skill.
        competences = tuple(r for r in competences if r.competence != event.cause)
    failure = Failure(event.date, block=event.block, cause=event.cause)
    return attrs.evolve(state, competences=competences, failures=(*state.failures, failure))


def _block_in_company(
    catalogue: Catalogue, state: JourneyState, event: BlockValidatedInCompany
) -> JourneyState:
    _known_block(catalogue, event.block, "block")
    _not_validated(state, event.block, "block")
    held = HeldBlock(event.block, event.date, ValidationMethod.COMPANY, event.evidence)
    return _validate(state, held)


# -- VAE ------------------------------------------------------------------------------------------


def _vae_admissibility(
    catalogue: Catalogue, state: JourneyState, event: VaeAdmissibility
) -> JourneyState:
    certification = _known_certification(catalogue, event.certification, "certification")
    if not certification.vae_allowed:
        raise RefusalError(
            "certification", f"certification {event.certification!r} is not open to VAE"
        )
    current = state.vae_file(event.certification)
    if current is not None and current.open:
        raise RefusalError(
            "certification",
            f"a VAE file for {event.certification!r} is admissible since {current.decided}:"
            " record its jury first",
        )
    for index, block in enumerate(event.blocks):
        if block not in certification.blocks:
            raise RefusalError(
                f"blocks[{index}]", f"block {block!r} is not a block of {event.certification!r}"
            )
        if block in event.blocks[:index]:
            raise RefusalError(f"blocks[{index}]", f"block {block!r} is listed twice")
    targeted = event.blocks or certification.blocks
    if all(state.holds_block(block) for block in targeted):
        raise RefusalError("blocks", "every targeted block is already held")
    file = VaeFile(event.certification, event.date, event.decision, event.blocks)
    return attrs.evolve(state, vae_files=(*state.vae_files, file))


def _vae_jury(catalogue: Catalogue, state: JourneyState, event: VaeJury) -> JourneyState:
    certification = _known_certification(catalogue, event.certification, "certification")
    file = state.vae_file(event.certification)
    if file is None:
        raise RefusalError(
            "certification",
            f"no VAE admissibility decision for {event.certification!r}: record it first",
        )
    if file.decision is not AdmissibilityDecision.ADMISSIBLE:
        raise RefusalError(
            "certification",
            f"the VAE file for {event.certification!r} was found {file.decision} on {file.decided}",
        )
    if not file.open:
        raise RefusalError(
            "certification",
            f"the VAE file for {event.certification!r} already had its jury on {file.jury}",
        )
    targeted = file.blocks or certification.blocks
    for index, block in enumerate(event.blocks):
        if block not in targeted:
            raise RefusalError(
                f"blocks[{index}]", f"block {block!r} was not targeted by the VAE file"
            )
    awarded = _awarded(event, file, targeted)
    evidence = f"VAE jury {event.date} ({event.outcome})"
    new = tuple(HeldBlock(block, event.date, ValidationMethod.VAE, evidence) for block in awarded)
    closed = attrs.evolve(file, jury=event.date, outcome=event.outcome, awarded=awarded)
    files = tuple(closed if item is file else item for item in state.vae_files)
    state = attrs.evolve(state, vae_files=files)
    if event.outcome is JuryOutcome.PARTIAL_PENDING:
        held = state.held_blocks()
        waiting = tuple(item for item in new if item.block not in held)
        return attrs.evolve(state, pending=state.pending + waiting)
    return _validate(state, *new)


def _awarded(event: VaeJury, file: VaeFile, targeted: tuple[str, ...]) -> tuple[str, ...]:
    """The blocks a jury awards, checked against its outcome."""
    given = tuple(dict.fromkeys(event.blocks))
    outcome = event.outcome
    if outcome is JuryOutcome.FULL_CERTIFICATION and file.blocks:
        raise RefusalError("outcome", "the VAE file targeted blocks, not the whole certification")
    if outcome is JuryOutcome.FULL_TARGETED_BLOCKS and not file.blocks:
        raise RefusalError("outcome", "the VAE file targeted the whole certification, not blocks")
    if outcome is JuryOutcome.PARTIAL_CERTIFICATION and file.blocks:
        raise RefusalError("outcome", "the VAE file targeted blocks, not the whole certification")
    if outcome is JuryOutcome.PARTIAL_TARGETED_BLOCKS and not file.blocks:
        raise RefusalError("outcome", "the VAE file targeted the whole certification, not blocks")
    if outcome in (JuryOutcome.FULL_CERTIFICATION, JuryOutcome.FULL_TARGETED_BLOCKS):
        if given and set(given) != set(targeted):
            raise RefusalError("blocks", f"a {outcome} awards every targeted block")
        return targeted
    if outcome in _NOTHING_AWARDED:
        if given:
            raise RefusalError("blocks", f"a jury outcome '{outcome}' awards no block")
        return ()
    if not given:
        raise RefusalError("blocks", f"a {outcome} awards at least one block: name them")
    if set(given) == set(targeted):
        raise RefusalError("blocks", f"a {outcome} cannot award every targeted block")
    return given


def _vae_confirmation(
    catalogue: Catalogue, state: JourneyState, event: VaeConfirmation
) -> JourneyState:
    certification = _known_certification(catalogue, event.certification, "certification")
    waiting = tuple(held for held in state.pending if held.block in certification.blocks)
    if not waiting:
        raise RefusalError(
            "certification", f"no block of {event.certification!r} is pending confirmation"
        )
    pending = tuple(held for held in state.pending if held not in waiting)
    state = attrs.evolve(state, pending=pending)
    if not event.confirmed:
        # The award falls: the file awarded nothing, so what it targeted is to complete again.
        file = state.vae_file(event.certification)
        if file is not None:
            unawarded = attrs.evolve(file, awarded=())
            files = tuple(unawarded if item is file else item for item in state.vae_files)
            state = attrs.evolve(state, vae_files=files)
        return state
    confirmed = tuple(
        attrs.evolve(held, date=event.date, evidence=f"{held.evidence}, confirmed {event.date}")
        for held in waiting
    )
    return _validate(state, *confirmed)


# -- Life -----------------------------------------------------------------------------------------


def _employment(catalogue: Catalogue, state: JourneyState, event: EmploymentPeriod) -> JourneyState:
    _check_work(event.rome, event.hours, event.start, event.date, "")
    _after_start(state, event.start)
    _not_overlapping(state, event.start, event.date, event.hours)
    record = ExperienceRecord(event.rome, event.hours, event.start, event.date, "employment")
    return attrs.evolve(state, experience=(*state.experience, record))


def _dropped_out(catalogue: Catalogue, state: JourneyState, event: DroppedOut) -> JourneyState:
    if state.dropped_out is not None:
        raise RefusalError("", f"the person already dropped out on {state.dropped_out[0]}")
    return attrs.evolve(
        state,
        dropped_out=(event.date, event.reason),
        underway=(),
        interrupted=state.interrupted + state.underway,
    )


def _resumed(catalogue: Catalogue, state: JourneyState, event: Resumed) -> JourneyState:
    if state.dropped_out is None:
        raise RefusalError("", "the person has not dropped out")
    return attrs.evolve(state, dropped_out=None)


def _target_changed(
    catalogue: Catalogue, state: JourneyState, event: TargetChanged
) -> JourneyState:
    target = event.target
    if target == state.target:
        raise RefusalError("target", f"{target} is already the target")
    if target.kind is TargetKind.CERTIFICATION:
        _known_certification(catalogue, target.certification or "", "target.certification")
    elif target.kind is TargetKind.BLOCKS:
        for index, block in enumerate(target.blocks):
            _known_block(catalogue, block, f"target.blocks[{index}]")
    elif not catalogue.certifications_for_job(target.rome or ""):
        raise RefusalError(
            "target.job", f"no certification of the catalogue leads to job {target.rome!r}"
        )
    return attrs.evolve(state, target=target)


def _replaced(
    catalogue: Catalogue, state: JourneyState, event: CertificationReplaced
) -> JourneyState:
    old = _known_certification(catalogue, event.old, "old")
    new = _known_certification(catalogue, event.new, "new")
    if event.old not in new.replaces and event.new not in old.replaced_by:
        raise RefusalError(
            "new", f"{event.new!r} is not a new version of {event.old!r} in the catalogue"
        )
    if any(item.old == event.old for item in state.replacements):
        raise RefusalError("old", f"certification {event.old!r} was already replaced")
    held_old = [block for block in old.blocks if block in state.held_blocks()]
    granted = credited_blocks(held_old, catalogue.equivalences)
    carried = tuple(block for block in new.blocks if block in granted)
    replacement = Replacement(event.date, event.old, event.new, carried, tuple(held_old))
    target = state.target
    if target.kind is TargetKind.CERTIFICATION and target.certification == event.old:
        target = Target(TargetKind.CERTIFICATION, certification=event.new)
    elif target.kind is TargetKind.BLOCKS:
        target = Target(TargetKind.BLOCKS, blocks=_mapped(catalogue, target.blocks, old, new))
    return attrs.evolve(state, target=target, replacements=(*state.replacements, replacement))


def _mapped(catalogue: Catalogue, blocks: tuple[str, ...], old: Any, new: Any) -> tuple[str, ...]:
    """Target blocks of the old version moved to the new version's blocks that the
    equivalences map them to; a block with no such mapping stays as it was."""
    moved: list[str] = []
    for block in blocks:
        granted = credited_blocks([block], catalogue.equivalences) if block in old.blocks else {}
        targets = [code for code in new.blocks if code in granted] or [block]
        moved.extend(code for code in targets if code not in moved)
    return tuple(moved)


# -- Shared checks --------------------------------------------------------------------------------


def _known_module(catalogue: Catalogue, module: str, field: str = "module") -> Module:
    found = catalogue.modules.get(module)
    if found is None:
        raise RefusalError(field, f"unknown module {module!r}")
    return found


def _known_block(catalogue: Catalogue, block: str, field: str) -> None:
    if block not in catalogue.blocks:
        raise RefusalError(field, f"unknown block {block!r}")


def _known_competence(catalogue: Catalogue, competence: str, field: str) -> None:
    if competence not in catalogue.competences:
        raise RefusalError(field, f"unknown competence {competence!r}")


def _known_certification(catalogue: Catalogue, code: str, field: str) -> Any:
    found = catalogue.certifications.get(code)
    if found is None:
        raise RefusalError(field, f"unknown certification {code!r}")
    return found


def _not_validated(state: JourneyState, block: str, field: str) -> None:
    held = state.validated(block)
    if held is not None:
        raise RefusalError(
            field, f"block {block!r} is already validated ({held.method}, {held.date})"
        )
    pending = next((item for item in state.pending if item.block == block), None)
    if pending is not None:
        message = f"block {block!r} awaits the confirmation of the {pending.evidence}"
        raise RefusalError(field, message)


def _validate(state: JourneyState, *blocks: HeldBlock) -> JourneyState:
    """``state`` with ``blocks`` validated: a block validated already keeps its first
    validation; one pending a jury's confirmation is validated now, and no longer pending."""
    added: list[HeldBlock] = []
    for held in blocks:
        if state.validated(held.block) is None and all(a.block != held.block for a in added):
            added.append(held)
    done = {held.block for held in added}
    return attrs.evolve(
        state,
        blocks=state.blocks + tuple(added),
        pending=tuple(held for held in state.pending if held.block not in done),
    )


def _prerequisites_met(
    catalogue: Catalogue, state: JourneyState, module: Module, field: str
) -> None:
    rule = module_rule(catalogue, module)
    if not rule.is_met(state):
        missing = "; ".join(str(part) for part in _unmet(rule, state))
        raise RefusalError(field, f"the prerequisites of {module.id!r} are not met: {missing}")


def _unmet(rule: Requirement, state: JourneyState) -> list[Requirement]:
    """The parts of a rule that fail: inside an all-of, its failing members, recursively."""
    if isinstance(rule, AllOf):
        return [
            part for item in rule.items if not item.is_met(state) for part in _unmet(item, state)
        ]
    return [rule]


def _not_overlapping(state: JourneyState, start: Any, end: Any, hours: int) -> None:
    """Refuse a period of work that, with one recorded earlier over the same days, makes more
    than ``MAX_HOURS_A_DAY`` a day on average (a period typed twice, or a typing error)."""
    rate = hours / ((end - start).days + 1)
    for record in state.experience:
        if record.start is None or record.end is None or record.start < state.started:
            continue  # experience from the positioning is not dated day by day
        if record.start <= end and start <= record.end:
            other = record.hours / ((record.end - record.start).days + 1)
            if rate + other > MAX_HOURS_A_DAY:
                raise RefusalError(
                    "start",
                    f"overlaps the {record.description} of {record.start} to {record.end}:"
                    f" together more than {MAX_HOURS_A_DAY} hours a day",
                )


def _after_start(state: JourneyState, start: Any) -> None:
    if start < state.started:
        raise RefusalError(
            "start",
            f"{start} is before the journey's first positioning ({state.started}): work done"
            " before it belongs to the positioning's experience",
        )


def _check_work(rome: str | None, hours: int, start: Any, end: Any, prefix: str) -> None:
    def field(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    if rome is not None and not _ROME.match(rome):
        raise RefusalError(field("rome"), f"{rome!r} is not a ROME code (a letter and four digits)")
    if hours < 1:
        raise RefusalError(field("hours"), f"{hours} hours: a period has at least one hour")
    if start is not None and end is not None:
        if end < start:
            raise RefusalError(field("start"), f"{start} is after the end ({end})")
        days = (end - start).days + 1
        if hours > days * MAX_HOURS_A_DAY:
            raise RefusalError(
                field("hours"),
                f"{hours} hours in {days} days is more than {MAX_HOURS_A_DAY} hours a day",
            )


def _record(
    held: HeldCompetence, day: Any, method: ValidationMethod, evidence: str = ""
) -> CompetenceRecord:
    return CompetenceRecord(held.competence, held.level, held.rank, day, method, evidence)


def _with_credit(catalogue: Catalogue, state: JourneyState) -> JourneyState:
    validated = [item.block for item in state.blocks]
    credited = credited_blocks(validated, catalogue.equivalences)
    with_pending = credited_blocks(
        [*validated, *(item.block for item in state.pending)], catalogue.equivalences
    )
    return attrs.evolve(
        state,
        credited=tuple(sorted(credited)),
        credited_pending=tuple(sorted(set(with_pending) - set(credited))),
    )


_HANDLERS: dict[EventKind, Callable[..., JourneyState]] = {
    EventKind.POSITIONING: _positioned,
    EventKind.MODULE_STARTED: _module_started,
    EventKind.MODULE_COMPLETED: _module_completed,
    EventKind.PLACEMENT_DONE: _placement_done,
    EventKind.BLOCK_EVALUATED: _block_evaluated,
    EventKind.BLOCK_VALIDATED_IN_COMPANY: _block_in_company,
    EventKind.VAE_ADMISSIBILITY: _vae_admissibility,
    EventKind.VAE_JURY: _vae_jury,
    EventKind.VAE_CONFIRMATION: _vae_confirmation,
    EventKind.EMPLOYMENT: _employment,
    EventKind.DROP_OUT: _dropped_out,
    EventKind.RESUME: _resumed,
    EventKind.TARGET_CHANGED: _target_changed,
    EventKind.CERTIFICATION_REPLACED: _replaced,
}
