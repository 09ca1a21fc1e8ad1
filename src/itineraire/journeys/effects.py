"""What each event does to a journey state: one fold per kind of event, in :data:`HANDLERS`.

Each fold returns the new state or raises :class:`~itineraire.journeys.refusals.RefusalError`;
:func:`~itineraire.journeys.folding.fold_event` chooses the fold and does what is common to every
event (its date, the drop-out gate, the credit by equivalence).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from itineraire.journeys.events import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
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
from itineraire.journeys.refusals import (
    RefusalError,
    after_start,
    check_work,
    known_block,
    known_certification,
    known_competence,
    known_module,
    not_overlapping,
    not_validated,
    prerequisites_met,
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
from itineraire.model.learners import ExperienceRecord, HeldBlock, Target, TargetKind
from itineraire.modules import Module, Placement
from itineraire.validation.equivalences import credited_blocks
from itineraire.validation.methods import ValidationMethod
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

__all__ = ["HANDLERS", "competence_record"]

_NOTHING_AWARDED = frozenset({JuryOutcome.FAILURE, JuryOutcome.EXCUSED, JuryOutcome.ABSENT})


# -- Positioning ----------------------------------------------------------------------------------


def _positioned(catalogue: Catalogue, state: JourneyState, event: Positioned) -> JourneyState:
    measured = {held.competence for held in event.competences}
    for index, held in enumerate(event.competences):
        known_competence(catalogue, held.competence, f"competences[{index}]")
    for index, block in enumerate(event.blocks):
        field = f"blocks[{index}]"
        known_block(catalogue, block.block, field)
        not_validated(state, block.block, field)
        if any(other.block == block.block for other in event.blocks[:index]):
            raise RefusalError(field, f"block {block.block!r} is listed twice")
        if block.date > event.date:
            raise RefusalError(field, f"block {block.block!r} is dated after the positioning")
    for index, record in enumerate(event.experience):
        check_work(record.rome, record.hours, record.start, record.end, f"experience[{index}]")
        if record.end is not None and record.end > event.date:
            raise RefusalError(f"experience[{index}]", "ends after the positioning")
    # A new measurement replaces the earlier ones; a level validated by a module stays.
    kept = tuple(r for r in state.competences if not (r.measured and r.competence in measured))
    new = tuple(
        competence_record(held, event.date, ValidationMethod.PRIOR) for held in event.competences
    )
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
    module = known_module(catalogue, event.module)
    if state.underway_module(event.module) is not None:
        raise RefusalError("module", f"module {event.module!r} is already under way")
    passed = state.passed(event.module)
    if passed is not None:
        raise RefusalError("module", f"module {event.module!r} was already passed on {passed}")
    prerequisites_met(catalogue, state, module, "module")
    return attrs.evolve(
        state,
        underway=(*state.underway, Underway(event.module, event.date)),
        interrupted=tuple(item for item in state.interrupted if item.module != event.module),
    )


def _module_completed(
    catalogue: Catalogue, state: JourneyState, event: ModuleCompleted
) -> JourneyState:
    module = known_module(catalogue, event.module)
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
        found = known_module(catalogue, event.placement, "placement")
        if not isinstance(found, Placement):
            raise RefusalError("placement", f"module {event.placement!r} is not a placement")
        module = found
    rome = event.rome or (module.rome if module else None)
    check_work(rome, event.hours, event.start, event.date, "")
    after_start(state, event.start)
    not_overlapping(state, event.start, event.date, event.hours)
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
    prerequisites_met(catalogue, state, module, "placement")
    underway = tuple(item for item in state.underway if item.module != module.id)
    state = attrs.evolve(state, underway=underway)
    state = _gain_module(state, module, event.date, ValidationMethod.COMPANY)
    state = _placed(state, module, event.date, event.start, event.hours, rome)
    return attrs.evolve(state, completed=(*state.completed, (module.id, event.date)))


def _gain_module(
    state: JourneyState, module: Module, day: Any, method: ValidationMethod
) -> JourneyState:
    evidence = f"module {module.id}"
    taught = tuple(competence_record(held, day, method, evidence) for held in module.teaches)
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
    known_block(catalogue, event.block, "block")
    not_validated(state, event.block, "block")
    if event.passed:
        if event.cause is not None:
            raise RefusalError("cause", "a passed evaluation has no cause of failure")
        held = HeldBlock(event.block, event.date, ValidationMethod.TRAINING, "block evaluation")
        return _validate(state, held)
    competences = state.competences
    if event.cause is not None:
        known_competence(catalogue, event.cause, "cause")
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
    known_block(catalogue, event.block, "block")
    not_validated(state, event.block, "block")
    held = HeldBlock(event.block, event.date, ValidationMethod.COMPANY, event.evidence)
    return _validate(state, held)


# -- VAE ------------------------------------------------------------------------------------------


def _vae_admissibility(
    catalogue: Catalogue, state: JourneyState, event: VaeAdmissibility
) -> JourneyState:
    certification = known_certification(catalogue, event.certification, "certification")
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
    certification = known_certification(catalogue, event.certification, "certification")
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
    certification = known_certification(catalogue, event.certification, "certification")
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
    check_work(event.rome, event.hours, event.start, event.date, "")
    after_start(state, event.start)
    not_overlapping(state, event.start, event.date, event.hours)
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
        known_certification(catalogue, target.certification or "", "target.certification")
    elif target.kind is TargetKind.BLOCKS:
        for index, block in enumerate(target.blocks):
            known_block(catalogue, block, f"target.blocks[{index}]")
    elif not catalogue.certifications_for_job(target.rome or ""):
        raise RefusalError(
            "target.job", f"no certification of the catalogue leads to job {target.rome!r}"
        )
    return attrs.evolve(state, target=target)


def _replaced(
    catalogue: Catalogue, state: JourneyState, event: CertificationReplaced
) -> JourneyState:
    old = known_certification(catalogue, event.old, "old")
    new = known_certification(catalogue, event.new, "new")
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


def competence_record(
    held: HeldCompetence, day: Any, method: ValidationMethod, evidence: str = ""
) -> CompetenceRecord:
    return CompetenceRecord(held.competence, held.level, held.rank, day, method, evidence)


HANDLERS: dict[EventKind, Callable[..., JourneyState]] = {
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
