"""The journey file format (``itineraire.journey/1``): the learner, then the events in order.

Each event is an object with a ``type`` (:class:`~itineraire.journeys.events.EventKind`) and a
``date``; the other fields depend on the type. Shapes are checked here; whether each event fits
the journey is checked when it is folded (:mod:`itineraire.journeys.folding`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Final, Literal, get_args

from pydantic import BaseModel, Field

from itineraire.files.documents import (
    Day,
    ExperienceDoc,
    Flag,
    HeldBlockDoc,
    Identifier,
    LearnerDoc,
    RomeCode,
    TargetDoc,
    TeachingDoc,
)
from itineraire.files.documents import (
    _Document as _Base,
)
from itineraire.journeys.events import EventKind
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

__all__ = ["EVENT_DOCUMENTS", "JOURNEY_FORMAT", "EventDoc", "JourneyDoc"]

JOURNEY_FORMAT: Final = "itineraire.journey/1"

PositiveHours = Annotated[int, Field(strict=True, ge=1, le=100_000)]
# int or float, so that a score is written back as it was read (13 stays 13).
Score = Annotated[int | float, Field(ge=0, le=100)]


class _Document(BaseModel):
    # The shared configuration of every file format (extra fields refused, values frozen).
    model_config = _Base.model_config


class PositionedDoc(_Document):
    """A new positioning: levels measured, blocks and experience found."""

    type: Literal["positioning"]
    date: Day
    competences: list[Identifier | TeachingDoc] = []
    blocks: list[HeldBlockDoc] = []
    experience: list[ExperienceDoc] = []


class ModuleStartedDoc(_Document):
    type: Literal["module_started"]
    date: Day
    module: Identifier


class ModuleCompletedDoc(_Document):
    """The end of a module: passed (its blocks validated, its competences held) or failed."""

    type: Literal["module_completed"]
    date: Day
    module: Identifier
    passed: Flag = True
    score: Score | None = None


class PlacementDoneDoc(_Document):
    """A placement, over: ``date`` is its last day."""

    type: Literal["placement_done"]
    date: Day
    start: Day
    hours: PositiveHours
    rome: RomeCode | None = None
    placement: Identifier | None = Field(None, description="a placement module of the catalogue")


class BlockEvaluatedDoc(_Document):
    """A block's evaluation; a failure may name the basic skill found lacking (``cause``)."""

    type: Literal["block_evaluated"]
    date: Day
    block: Identifier
    passed: Flag
    cause: Identifier | None = None


class BlockValidatedInCompanyDoc(_Document):
    type: Literal["block_validated_in_company"]
    date: Day
    block: Identifier
    evidence: str = ""


class VaeAdmissibilityDoc(_Document):
    """The admissibility decision on a VAE file; ``blocks`` empty = the whole certification."""

    type: Literal["vae_admissibility"]
    date: Day
    certification: Identifier
    decision: AdmissibilityDecision
    blocks: list[Identifier] = []


class VaeJuryDoc(_Document):
    """A VAE jury's outcome and the blocks it awarded."""

    type: Literal["vae_jury"]
    date: Day
    certification: Identifier
    outcome: JuryOutcome
    blocks: list[Identifier] = []


class VaeConfirmationDoc(_Document):
    type: Literal["vae_confirmation"]
    date: Day
    certification: Identifier
    confirmed: Flag


class EmploymentDoc(_Document):
    """A period of employment, recorded once over."""

    type: Literal["employment"]
    start: Day
    end: Day
    hours: PositiveHours
    rome: RomeCode


class DropOutDoc(_Document):
    type: Literal["drop_out"]
    date: Day
    reason: str = ""


class ResumeDoc(_Document):
    type: Literal["resume"]
    date: Day


class TargetChangedDoc(_Document):
    type: Literal["target_changed"]
    date: Day
    target: TargetDoc


class CertificationReplacedDoc(_Document):
    type: Literal["certification_replaced"]
    date: Day
    old: Identifier
    new: Identifier


EventDoc = Annotated[
    PositionedDoc
    | ModuleStartedDoc
    | ModuleCompletedDoc
    | PlacementDoneDoc
    | BlockEvaluatedDoc
    | BlockValidatedInCompanyDoc
    | VaeAdmissibilityDoc
    | VaeJuryDoc
    | VaeConfirmationDoc
    | EmploymentDoc
    | DropOutDoc
    | ResumeDoc
    | TargetChangedDoc
    | CertificationReplacedDoc,
    Field(discriminator="type"),
]

EVENT_DOCUMENTS: Final[Mapping[EventKind, type[BaseModel]]] = MappingProxyType(
    {
        EventKind(get_args(document.model_fields["type"].annotation)[0]): document
        for document in get_args(get_args(EventDoc)[0])
    }
)
"""The file entry of each event kind, made from :data:`EventDoc` (keyed like
:data:`~itineraire.journeys.events.EVENT_CLASSES`)."""


class JourneyDoc(_Document):
    """A journey file: the learner as first positioned, then what happened, in date order."""

    format: Literal["itineraire.journey/1"] = JOURNEY_FORMAT
    learner: LearnerDoc
    events: list[EventDoc] = []
