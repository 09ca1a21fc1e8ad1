"""Learners: a positioning (what the person holds), constraints, and a target."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.competences import HeldCompetence
from itineraire.validation.methods import ValidationMethod

__all__ = [
    "WORKING_DAYS",
    "Constraints",
    "ExperienceRecord",
    "HeldBlock",
    "HolidayZone",
    "Learner",
    "Period",
    "Positioning",
    "Target",
    "TargetKind",
    "VaeUnderWay",
]


@attrs.frozen
class HeldBlock:
    """A block the person holds: when, how, and the evidence for it."""

    block: str
    date: dt.date
    method: ValidationMethod = ValidationMethod.PRIOR
    evidence: str = ""


@attrs.frozen
class ExperienceRecord:
    """Hours of work in a job (ROME code), counted toward VAE eligibility."""

    rome: str
    hours: int
    start: dt.date | None = None
    end: dt.date | None = None
    description: str = ""


@attrs.frozen
class VaeUnderWay:
    """A VAE file already under way: declared admissible on ``admissible``, its jury still to
    come. ``blocks`` are the blocks it is expected to award (all of them on the jury's day);
    ``jury`` the jury's expected day, None for the catalogue's lead times (support and jury
    weeks) from the admissibility decision."""

    certification: str
    admissible: dt.date
    blocks: tuple[str, ...]
    jury: dt.date | None = None


@attrs.frozen
class Positioning:
    """The initial positioning (positionnement de départ): the one mandatory step of a route.

    ``vae_under_way``: the VAE files admissible and awaiting their jury when the route starts
    (a route continues them; it never plans a second VAE of the same certification)."""

    date: dt.date
    competences: tuple[HeldCompetence, ...] = ()
    blocks: tuple[HeldBlock, ...] = ()
    experience: tuple[ExperienceRecord, ...] = ()
    vae_under_way: tuple[VaeUnderWay, ...] = ()

    def holds_block(self, block: str) -> bool:
        return any(held.block == block for held in self.blocks)

    def competence_rank(self, competence: str) -> int | None:
        ranks = [held.rank for held in self.competences if held.competence == competence]
        return max(ranks) if ranks else None

    def experience_hours(self, rome: frozenset[str]) -> int:
        return sum(r.hours for r in self.experience if not rome or r.rome in rome)


@attrs.frozen
class Period:
    """A span of days, both ends included (planned employment, unavailability)."""

    start: dt.date
    end: dt.date
    label: str = ""
    rome: str | None = None
    hours: int = 0


class HolidayZone(StrEnum):
    """Which public holidays close training where the person trains."""

    FRANCE = "france"
    """France's eleven public holidays."""
    ALSACE_MOSELLE = "alsace-moselle"
    """France's, plus Good Friday and 26 December (Bas-Rhin, Haut-Rhin, Moselle)."""


WORKING_DAYS = frozenset(range(5))
"""Monday to Friday, as weekday numbers (Monday = 0)."""


@attrs.frozen(kw_only=True)
class Constraints:
    """What the route must respect. Defaults: 35 h of training a week over Monday to Friday,
    France's public holidays, no budget cap."""

    start: dt.date
    weekly_hours: int = 35
    budget: int | None = None
    excluded_modules: frozenset[str] = frozenset()
    vae_allowed: bool = True
    placement_required: bool = False
    employment_allowed: bool = False
    unavailable: tuple[Period, ...] = ()
    training_days: frozenset[int] = WORKING_DAYS
    """The weekdays the person trains (Monday = 0); weekly hours are spread evenly over them."""
    holidays: HolidayZone = HolidayZone.FRANCE


class TargetKind(StrEnum):
    """What the person aims at."""

    CERTIFICATION = "certification"
    BLOCKS = "blocks"
    JOB = "job"


@attrs.frozen
class Target:
    """A full certification, a chosen set of blocks, or a ROME job (mapped to certifications)."""

    kind: TargetKind
    certification: str | None = None
    blocks: tuple[str, ...] = ()
    rome: str | None = None

    def __str__(self) -> str:
        if self.kind is TargetKind.CERTIFICATION:
            return f"certification {self.certification}"
        if self.kind is TargetKind.BLOCKS:
            return f"blocks {', '.join(self.blocks)}"
        return f"job {self.rome}"


@attrs.frozen(kw_only=True)
class Learner:
    """A person on a route: who, what they hold, their constraints and their target."""

    id: str
    positioning: Positioning
    constraints: Constraints
    target: Target
    name: str = ""
