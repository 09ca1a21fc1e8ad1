"""Journey events: what happened to a person, each on a date, appended one at a time.

Events are plain values; whether one fits the journey so far is decided when it is appended
(:mod:`itineraire.journeys.folding`). Every event has a ``date``: the day it happened, or for a
period (employment), the day it ended, which is when it can be recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final, get_args

import attrs

from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import ExperienceRecord, HeldBlock, Target
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

__all__ = [
    "EVENT_CLASSES",
    "BlockEvaluated",
    "BlockValidatedInCompany",
    "CertificationReplaced",
    "DroppedOut",
    "EmploymentPeriod",
    "Event",
    "EventKind",
    "ModuleCompleted",
    "ModuleStarted",
    "PlacementDone",
    "Positioned",
    "Resumed",
    "TargetChanged",
    "VaeAdmissibility",
    "VaeConfirmation",
    "VaeJury",
]


class EventKind(StrEnum):
    """The kinds of event; the ``type`` of an event in a journey file."""

    POSITIONING = "positioning"
    MODULE_STARTED = "module_started"
    MODULE_COMPLETED = "module_completed"
    PLACEMENT_DONE = "placement_done"
    BLOCK_EVALUATED = "block_evaluated"
    BLOCK_VALIDATED_IN_COMPANY = "block_validated_in_company"
    VAE_ADMISSIBILITY = "vae_admissibility"
    VAE_JURY = "vae_jury"
    VAE_CONFIRMATION = "vae_confirmation"
    EMPLOYMENT = "employment"
    DROP_OUT = "drop_out"
    RESUME = "resume"
    TARGET_CHANGED = "target_changed"
    CERTIFICATION_REPLACED = "certification_replaced"


@attrs.frozen(kw_only=True)
class Positioned:
    """A new positioning: measured levels replace those of earlier positionings; blocks and
    experience found are added. Levels validated by a module are never lowered by it."""

    date: dt.date
    competences: tuple[HeldCompetence, ...] = ()
    blocks: tuple[HeldBlock, ...] = ()
    experience: tuple[ExperienceRecord, ...] = ()
    kind = EventKind.POSITIONING


@attrs.frozen(kw_only=True)
class ModuleStarted:
    date: dt.date
    module: str
    kind = EventKind.MODULE_STARTED


@attrs.frozen(kw_only=True)
class ModuleCompleted:
    """The end of a module. Passed: its competences are held and its blocks validated (the
    module's evaluation is part of it, as the planner assumes). Failed: nothing is gained."""

    date: dt.date
    module: str
    passed: bool = True
    score: int | float | None = None
    kind = EventKind.MODULE_COMPLETED


@attrs.frozen(kw_only=True)
class PlacementDone:
    """A period in a company, over: ``hours`` of work in ``rome`` count as experience.

    ``placement`` names a placement module of the catalogue when the placement is one; its
    blocks and competences are then gained as for a completed module.
    """

    date: dt.date
    start: dt.date
    hours: int
    rome: str | None = None
    placement: str | None = None
    kind = EventKind.PLACEMENT_DONE


@attrs.frozen(kw_only=True)
class BlockEvaluated:
    """An evaluation of a block outside a module's own evaluation (an exam session).

    A failure may name ``cause``, a competence the evaluation found lacking (a basic skill, a
    language level…): the levels earlier positionings gave it no longer count, so re-planning
    adds remediation.
    """

    date: dt.date
    block: str
    passed: bool
    cause: str | None = None
    kind = EventKind.BLOCK_EVALUATED


@attrs.frozen(kw_only=True)
class BlockValidatedInCompany:
    date: dt.date
    block: str
    evidence: str = ""
    kind = EventKind.BLOCK_VALIDATED_IN_COMPANY


@attrs.frozen(kw_only=True)
class VaeAdmissibility:
    """The certifier's decision on a VAE admissibility file (recevabilité) for a certification;
    ``blocks`` are the blocks the file targets (empty: the whole certification)."""

    date: dt.date
    certification: str
    decision: AdmissibilityDecision = attrs.field(converter=AdmissibilityDecision)
    blocks: tuple[str, ...] = ()
    kind = EventKind.VAE_ADMISSIBILITY


@attrs.frozen(kw_only=True)
class VaeJury:
    """A VAE jury's result and the blocks it awarded (pending confirmation for
    ``PARTIAL_PENDING``)."""

    date: dt.date
    certification: str
    outcome: JuryOutcome = attrs.field(converter=JuryOutcome)
    blocks: tuple[str, ...] = ()
    kind = EventKind.VAE_JURY


@attrs.frozen(kw_only=True)
class VaeConfirmation:
    """The confirmation (or not) of the blocks a jury awarded pending confirmation."""

    date: dt.date
    certification: str
    confirmed: bool
    kind = EventKind.VAE_CONFIRMATION


@attrs.frozen(kw_only=True)
class EmploymentPeriod:
    """A period of employment, recorded once over (``date`` is its last day)."""

    date: dt.date
    start: dt.date
    hours: int
    rome: str
    kind = EventKind.EMPLOYMENT


@attrs.frozen(kw_only=True)
class DroppedOut:
    """The person leaves the route; modules in progress are interrupted, nothing held is lost."""

    date: dt.date
    reason: str = ""
    kind = EventKind.DROP_OUT


@attrs.frozen(kw_only=True)
class Resumed:
    date: dt.date
    kind = EventKind.RESUME


@attrs.frozen(kw_only=True)
class TargetChanged:
    date: dt.date
    target: Target
    kind = EventKind.TARGET_CHANGED


@attrs.frozen(kw_only=True)
class CertificationReplaced:
    """A certification replaced by its new version: blocks held of the old one are carried
    over through the catalogue's equivalences; a target on the old one moves to the new one."""

    date: dt.date
    old: str
    new: str
    kind = EventKind.CERTIFICATION_REPLACED


Event = (
    Positioned
    | ModuleStarted
    | ModuleCompleted
    | PlacementDone
    | BlockEvaluated
    | BlockValidatedInCompany
    | VaeAdmissibility
    | VaeJury
    | VaeConfirmation
    | EmploymentPeriod
    | DroppedOut
    | Resumed
    | TargetChanged
    | CertificationReplaced
)

EVENT_CLASSES: Final[Mapping[EventKind, type[Event]]] = MappingProxyType(
    {event_class.kind: event_class for event_class in get_args(Event)}
)
"""The one table of event kinds: the class of each, made from :data:`Event`. The file format's
table (:data:`~itineraire.journeys.documents.EVENT_DOCUMENTS`), the conversions between events and
file entries, the folding's handlers and the testing kit's strategies are keyed by it, and a test
checks that each covers every kind."""
