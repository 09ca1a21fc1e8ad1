"""The pydantic model of a scenario file: a catalogue to start from, what to add or change in it,
one or more learners, the objectives and how many alternatives to show.

The catalogue's additions reuse the catalogue file's own item models (a module added by a
scenario is written exactly as in a catalogue file), and inline learners are learner documents.
An optional ``journey`` scripts what happens to one of the learners: the events of a journey
file (``itineraire.journey/1``), replayed with re-planning by ``itineraire simulate``.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from itineraire.files.documents import (
    CertificationDoc,
    CompetenceDoc,
    ConstraintsDoc,
    Day,
    EquivalenceDoc,
    Euros,
    Flag,
    Hours,
    Identifier,
    IntakeDoc,
    LearnerDoc,
    ModuleDoc,
    RomeCode,
    ScaleDoc,
    TargetDoc,
    Text,
    VaePolicyDoc,
    WeeklyIntensity,
)
from itineraire.journeys.documents import EventDoc
from itineraire.planning.objectives import Objective

__all__ = [
    "BUILTIN_SOURCE",
    "SCENARIO_FORMAT",
    "CatalogueChoiceDoc",
    "JourneyScriptDoc",
    "LearnerFileDoc",
    "ModuleChangeDoc",
    "ScenarioDoc",
]

SCENARIO_FORMAT: Final = "itineraire.scenario/1"
BUILTIN_SOURCE: Final = "builtin"


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ModuleChangeDoc(_Document):
    """A change to a module of the base catalogue: new hours, cost, calendar, provider or weekly
    intensity, or its removal. Fields left out keep the module's own values; ``sessions`` or
    ``intakes`` replace the module's whole calendar (its dates and its intakes)."""

    module: Identifier
    hours: Hours | None = None
    cost: Euros | None = None
    sessions: list[Day] | None = Field(
        None, description="replaces the module's sessions; an empty list means any time"
    )
    intakes: list[IntakeDoc] | None = Field(
        None, description="replaces the module's recurring intakes (and its dates, with sessions)"
    )
    provider: str | None = None
    weekly_hours: WeeklyIntensity | None = None
    remove: Flag = Field(False, description="take the module out of the catalogue")


class CatalogueChoiceDoc(_Document):
    """The catalogue a scenario plans on: a base (built in, or a file) and what the scenario adds
    or changes. Added items are written as in a catalogue file."""

    source: str = Field(
        BUILTIN_SOURCE,
        min_length=1,
        description="'builtin', or a catalogue file's path relative to the scenario file",
    )
    scales: list[ScaleDoc] = []
    competences: list[CompetenceDoc] = []
    certifications: list[CertificationDoc] = []
    modules: list[ModuleDoc] = []
    equivalences: list[EquivalenceDoc] = []
    rome_parents: dict[RomeCode, RomeCode] = {}
    changes: list[ModuleChangeDoc] = []
    vae: VaePolicyDoc = Field(
        VaePolicyDoc(), description="fields given here override the base's VAE policy"
    )


class LearnerFileDoc(_Document):
    """A learner kept in a file of its own (path relative to the scenario file); ``target``, when
    given, replaces the file's target (one person, several goals)."""

    file: Annotated[str, Field(min_length=1)]
    target: TargetDoc | None = None


def _learner_form(value: Any) -> str:
    # An entry with a ``file`` key points at a file; anything else is an inline learner. Telling
    # them apart by that key gives one clear set of problems instead of one per form.
    return "file" if isinstance(value, dict) and "file" in value else "inline"


LearnerEntry = Annotated[
    Annotated[LearnerDoc, Tag("inline")] | Annotated[LearnerFileDoc, Tag("file")],
    Discriminator(_learner_form),
]


class JourneyScriptDoc(_Document):
    """A scripted journey: what happens to one learner of the scenario, event by event."""

    learner: Identifier | None = Field(
        None, description="the learner's id; may be left out when the scenario has one learner"
    )
    events: list[EventDoc] = Field(
        [], description="the events, in date order, as in a journey file"
    )


class ScenarioDoc(_Document):
    """A scenario file."""

    format: Literal["itineraire.scenario/1"] = SCENARIO_FORMAT
    name: Text
    description: str = ""
    catalogue: CatalogueChoiceDoc = CatalogueChoiceDoc()
    constraints: ConstraintsDoc | None = Field(
        None,
        description="constraints shared by every learner; a learner's own values win, field by"
        " field",
    )
    learners: Annotated[list[LearnerEntry], Field(min_length=1)]
    objectives: Annotated[list[Objective], Field(min_length=1)] = Field(
        [Objective.DURATION],
        description="what to minimise; plan uses the first, compare shows each",
    )
    alternatives: Annotated[int, Field(strict=True, ge=1, le=10)] = Field(
        1, description="routes of different mixes of modalities shown per learner"
    )
    journey: JourneyScriptDoc | None = Field(
        None, description="a scripted journey of one learner, replayed by `simulate`"
    )
