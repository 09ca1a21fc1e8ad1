"""Journey files in and out: JSON or TOML to a :class:`Journey`, and a journey back to its file.

Loading checks the file's shape (every problem at once, located), the learner against the
catalogue, then folds the events: every event that does not fit is reported, each naming its
position, type and field. Writing a loaded journey gives back the same file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from itineraire.errors import Problem
from itineraire.files._locating import problems_from_validation
from itineraire.files._reading import UnreadableError, read_mapping
from itineraire.files.documents import TeachingDoc
from itineraire.files.export import (
    experience_document,
    held_block_document,
    held_competence_document,
    learner_document,
    target_document,
)
from itineraire.files.learner import build_learner, held_rank
from itineraire.journeys.documents import (
    EVENT_DOCUMENTS,
    EmploymentDoc,
    EventDoc,
    JourneyDoc,
    PositionedDoc,
    TargetChangedDoc,
)
from itineraire.journeys.events import (
    EVENT_CLASSES,
    EmploymentPeriod,
    Event,
    EventKind,
    Positioned,
    TargetChanged,
)
from itineraire.journeys.journey import Journey, JourneyError
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import ExperienceRecord, HeldBlock, Learner, Target

__all__ = [
    "event_document",
    "event_from_document",
    "journey_document",
    "journey_from_data",
    "load_journey",
    "replay_documents",
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
    try:
        return replay_documents(catalogue, learner, document.events)
    except JourneyError as error:
        raise JourneyError(source, error.problems) from None


def replay_documents(
    catalogue: Catalogue, learner: Learner, documents: Sequence[EventDoc]
) -> Journey:
    """The journey of ``learner`` made of these file entries, in order; raises
    :class:`JourneyError` listing every problem (levels off their scale, then every event that
    does not fit), each named ``events[i] (type)``."""
    problems: list[Problem] = []
    events = [
        event_from_document(doc, index, catalogue, problems) for index, doc in enumerate(documents)
    ]
    if problems:
        raise JourneyError(f"of {learner.id!r}", problems)
    return Journey.replay(catalogue, learner, events)


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

# Events and their file entries share their field names; each pair is found by the event's kind
# (the entry's ``type``) in the tables of kinds, so a new event kind needs no new conversion code
# unless it is special.


def event_from_document(
    doc: EventDoc, index: int, catalogue: Catalogue, problems: list[Problem]
) -> Event:
    """The event a file entry describes; a level not on its competence's scale is recorded in
    ``problems`` (the event's other checks are made when it is appended)."""
    match doc:
        case PositionedDoc():
            return _positioned(doc, index, catalogue, problems)
        case EmploymentDoc():
            # An employment is dated by its last day, written ``end`` in a file.
            return EmploymentPeriod(date=doc.end, start=doc.start, hours=doc.hours, rome=doc.rome)
        case TargetChangedDoc():
            return TargetChanged(date=doc.date, target=_target(doc))
    cls: type[Any] = EVENT_CLASSES[EventKind(doc.type)]
    values = {field.name: getattr(doc, field.name) for field in attrs.fields(cls)}
    event: Event = cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
    return event


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
    values: dict[str, Any]
    match event:
        case Positioned():
            values = {
                "date": event.date,
                "competences": [held_competence_document(held) for held in event.competences],
                "blocks": [held_block_document(held) for held in event.blocks],
                "experience": [experience_document(record) for record in event.experience],
            }
        case EmploymentPeriod():
            values = {
                "start": event.start,
                "end": event.date,
                "hours": event.hours,
                "rome": event.rome,
            }
        case TargetChanged():
            values = {"date": event.date, "target": target_document(event.target)}
        case _:
            values = {field.name: getattr(event, field.name) for field in attrs.fields(type(event))}
    entry: type[Any] = EVENT_DOCUMENTS[event.kind]
    document: EventDoc = entry(type=event.kind.value, **values)
    return document
