"""Journey files in and out: JSON or TOML to a :class:`Journey`, and a journey back to its file.

Loading checks the file's shape (every problem at once, located), the learner against the
catalogue, then folds the events: every event that does not fit is reported, each naming its
position, type and field. Writing a loaded journey gives back the same file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from itineraire.catalogue import Catalogue
from itineraire.competences import HeldCompetence
from itineraire.documents import TeachingDoc
from itineraire.errors import Problem
from itineraire.exporting import (
    experience_document,
    held_block_document,
    held_competence_document,
    learner_document,
    target_document,
)
from itineraire.journeys.documents import (
    BlockEvaluatedDoc,
    BlockValidatedInCompanyDoc,
    CertificationReplacedDoc,
    DropOutDoc,
    EmploymentDoc,
    EventDoc,
    JourneyDoc,
    ModuleCompletedDoc,
    ModuleStartedDoc,
    PlacementDoneDoc,
    PositionedDoc,
    ResumeDoc,
    TargetChangedDoc,
    VaeAdmissibilityDoc,
    VaeConfirmationDoc,
    VaeJuryDoc,
)
from itineraire.journeys.events import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Event,
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
from itineraire.journeys.journey import Journey, JourneyError
from itineraire.learners import ExperienceRecord, HeldBlock, Target
from itineraire.learning import build_learner, held_rank
from itineraire.locating import problems_from_validation
from itineraire.reading import UnreadableError, read_mapping

__all__ = [
    "event_document",
    "event_from_document",
    "journey_document",
    "journey_from_data",
    "load_journey",
]

_TOP = "top level"


def load_journey(source: Path | str | bytes, catalogue: Catalogue) -> Journey:
    """Load a journey file (JSON or TOML) and replay its events against ``catalogue``."""
    name = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        data = read_mapping(source, "file")
    except UnreadableError as error:
        raise JourneyError(name, [error.problem]) from None
    return journey_from_data(data, catalogue, source=name)


def journey_from_data(
    data: Mapping[str, Any], catalogue: Catalogue, *, source: str = "<data>"
) -> Journey:
    """A journey from JSON-like data; raises :class:`JourneyError` listing every problem."""
    try:
        document = JourneyDoc.model_validate(data)
    except ValidationError as error:
        found = problems_from_validation(error, data, _TOP)
        raise JourneyError(source, [_named(problem, data) for problem in found]) from None
    learner = build_learner(document.learner, catalogue, source)
    problems: list[Problem] = []
    events = [
        event_from_document(doc, index, catalogue, problems)
        for index, doc in enumerate(document.events)
    ]
    if problems:
        raise JourneyError(source, problems)
    try:
        return Journey.replay(catalogue, learner, events)
    except JourneyError as error:
        raise JourneyError(source, error.problems) from None


_EVENT = re.compile(r"^events\[(\d+)\]$")


def _named(problem: Problem, data: Mapping[str, Any]) -> Problem:
    """A shape problem of an event named as the folding names them: ``events[1]
    (module_completed), date`` rather than ``events[1], module_completed.date``."""
    found = _EVENT.match(problem.where)
    events = data.get("events")
    if found is None or not isinstance(events, list):
        return problem
    event = events[int(found.group(1))]
    kind = event.get("type") if isinstance(event, Mapping) else None
    if not isinstance(kind, str) or not problem.field.startswith(f"{kind}."):
        return problem
    return Problem(
        f"{problem.where} ({kind})", problem.field.removeprefix(f"{kind}."), problem.message
    )


def journey_document(journey: Journey) -> JourneyDoc:
    """The file of a journey: loading it gives the same journey."""
    return JourneyDoc(
        learner=learner_document(journey.learner),
        events=[event_document(event) for event in journey.events],
    )


# -- Documents to events --------------------------------------------------------------------------


def event_from_document(
    doc: EventDoc, index: int, catalogue: Catalogue, problems: list[Problem]
) -> Event:
    """The event a file entry describes; a level not on its competence's scale is recorded in
    ``problems`` (the event's other checks are made when it is appended)."""
    match doc:
        case PositionedDoc():
            return _positioned(doc, index, catalogue, problems)
        case ModuleStartedDoc():
            return ModuleStarted(date=doc.date, module=doc.module)
        case ModuleCompletedDoc():
            return ModuleCompleted(
                date=doc.date, module=doc.module, passed=doc.passed, score=doc.score
            )
        case PlacementDoneDoc():
            return PlacementDone(
                date=doc.date,
                start=doc.start,
                hours=doc.hours,
                rome=doc.rome,
                placement=doc.placement,
            )
        case BlockEvaluatedDoc():
            return BlockEvaluated(
                date=doc.date, block=doc.block, passed=doc.passed, cause=doc.cause
            )
        case BlockValidatedInCompanyDoc():
            return BlockValidatedInCompany(date=doc.date, block=doc.block, evidence=doc.evidence)
        case VaeAdmissibilityDoc():
            return VaeAdmissibility(
                date=doc.date,
                certification=doc.certification,
                decision=doc.decision,
                blocks=tuple(doc.blocks),
            )
        case VaeJuryDoc():
            return VaeJury(
                date=doc.date,
                certification=doc.certification,
                outcome=doc.outcome,
                blocks=tuple(doc.blocks),
            )
        case VaeConfirmationDoc():
            return VaeConfirmation(
                date=doc.date, certification=doc.certification, confirmed=doc.confirmed
            )
        case EmploymentDoc():
            return EmploymentPeriod(date=doc.end, start=doc.start, hours=doc.hours, rome=doc.rome)
        case DropOutDoc():
            return DroppedOut(date=doc.date, reason=doc.reason)
        case ResumeDoc():
            return Resumed(date=doc.date)
        case TargetChangedDoc():
            return TargetChanged(date=doc.date, target=_target(doc))
        case CertificationReplacedDoc():
            return CertificationReplaced(date=doc.date, old=doc.old, new=doc.new)


def _positioned(
    doc: PositionedDoc, index: int, catalogue: Catalogue, problems: list[Problem]
) -> Positioned:
    competences = []
    for position, item in enumerate(doc.competences):
        held = TeachingDoc(competence=item) if isinstance(item, str) else item
        where = f"events[{index}] (positioning)"
        rank = held_rank(held, catalogue, where, problems)
        if rank is not None:
            competences.append(HeldCompetence(held.competence, held.level, rank))
        elif problems and problems[-1].where == where:
            last = problems.pop()
            problems.append(Problem(where, f"competences[{position}].{last.field}", last.message))
    return Positioned(
        date=doc.date,
        competences=tuple(competences),
        blocks=tuple(HeldBlock(b.block, b.date, b.method, b.evidence) for b in doc.blocks),
        experience=tuple(
            ExperienceRecord(r.rome, r.hours, r.start, r.end, r.description) for r in doc.experience
        ),
    )


def _target(doc: TargetChangedDoc) -> Target:
    target = doc.target
    return Target(
        target.kind,
        certification=target.certification,
        blocks=tuple(target.blocks or ()),
        rome=target.job,
    )


# -- Events to documents --------------------------------------------------------------------------


def event_document(event: Event) -> EventDoc:
    """The file entry of one event."""
    match event:
        case Positioned():
            return PositionedDoc(
                type="positioning",
                date=event.date,
                competences=[held_competence_document(held) for held in event.competences],
                blocks=[held_block_document(held) for held in event.blocks],
                experience=[experience_document(record) for record in event.experience],
            )
        case ModuleStarted():
            return ModuleStartedDoc(type="module_started", date=event.date, module=event.module)
        case ModuleCompleted():
            return ModuleCompletedDoc(
                type="module_completed",
                date=event.date,
                module=event.module,
                passed=event.passed,
                score=event.score,
            )
        case PlacementDone():
            return PlacementDoneDoc(
                type="placement_done",
                date=event.date,
                start=event.start,
                hours=event.hours,
                rome=event.rome,
                placement=event.placement,
            )
        case BlockEvaluated():
            return BlockEvaluatedDoc(
                type="block_evaluated",
                date=event.date,
                block=event.block,
                passed=event.passed,
                cause=event.cause,
            )
        case BlockValidatedInCompany():
            return BlockValidatedInCompanyDoc(
                type="block_validated_in_company",
                date=event.date,
                block=event.block,
                evidence=event.evidence,
            )
        case VaeAdmissibility():
            return VaeAdmissibilityDoc(
                type="vae_admissibility",
                date=event.date,
                certification=event.certification,
                decision=event.decision,
                blocks=list(event.blocks),
            )
        case VaeJury():
            return VaeJuryDoc(
                type="vae_jury",
                date=event.date,
                certification=event.certification,
                outcome=event.outcome,
                blocks=list(event.blocks),
            )
        case VaeConfirmation():
            return VaeConfirmationDoc(
                type="vae_confirmation",
                date=event.date,
                certification=event.certification,
                confirmed=event.confirmed,
            )
        case EmploymentPeriod():
            return EmploymentDoc(
                type="employment",
                start=event.start,
                end=event.date,
                hours=event.hours,
                rome=event.rome,
            )
        case DroppedOut():
            return DropOutDoc(type="drop_out", date=event.date, reason=event.reason)
        case Resumed():
            return ResumeDoc(type="resume", date=event.date)
        case TargetChanged():
            return TargetChangedDoc(
                type="target_changed", date=event.date, target=target_document(event.target)
            )
        case CertificationReplaced():
            return CertificationReplacedDoc(
                type="certification_replaced", date=event.date, old=event.old, new=event.new
            )
