"""The state of a journey: what the person holds and what is under way, folded from events.

A :class:`JourneyState` is a value: folding an event makes a new state and leaves the old one as
it was. It answers the requirement rules (it is a
:class:`~itineraire.model.requirements.Holdings`), so a module's prerequisites are
checked against it exactly as the planner checks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from itineraire.model.learners import ExperienceRecord, HeldBlock, Target
from itineraire.validation.methods import ValidationMethod
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

__all__ = [
    "CompetenceRecord",
    "Failure",
    "JourneyState",
    "Replacement",
    "Underway",
    "VaeFile",
]


@attrs.frozen
class CompetenceRecord:
    """A competence at a level, and how it is known: ``PRIOR`` when measured at a positioning
    (a later positioning or a failed evaluation may revise it), otherwise validated for good."""

    competence: str
    level: str | None
    rank: int
    date: dt.date
    method: ValidationMethod
    evidence: str = ""

    @property
    def measured(self) -> bool:
        return self.method is ValidationMethod.PRIOR


@attrs.frozen
class Underway:
    """A module started and not completed (or interrupted by a drop-out)."""

    module: str
    start: dt.date


@attrs.frozen
class Failure:
    """A failed module or block evaluation, and the basic skill found lacking if any."""

    date: dt.date
    module: str | None = None
    block: str | None = None
    cause: str | None = None


@attrs.frozen
class VaeFile:
    """A VAE file for a certification: its admissibility decision, then its jury."""

    certification: str
    decided: dt.date
    decision: AdmissibilityDecision
    blocks: tuple[str, ...]
    jury: dt.date | None = None
    outcome: JuryOutcome | None = None
    awarded: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        """Admissible and waiting for its jury (an excused candidate is convened again)."""
        return self.decision is AdmissibilityDecision.ADMISSIBLE and (
            self.outcome is None or self.outcome is JuryOutcome.EXCUSED
        )


@attrs.frozen
class Replacement:
    """A certification replaced by its new version: the blocks of the new version carried over
    (credited through the equivalences), and the blocks of the old one the person held."""

    date: dt.date
    old: str
    new: str
    carried: tuple[str, ...]
    held: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class JourneyState:
    """Everything the events so far say about the person, as of ``date``."""

    started: dt.date
    date: dt.date
    target: Target
    competences: tuple[CompetenceRecord, ...] = ()
    blocks: tuple[HeldBlock, ...] = ()
    pending: tuple[HeldBlock, ...] = ()
    credited: tuple[str, ...] = ()
    """Blocks credited by equivalence from the validated blocks."""
    credited_pending: tuple[str, ...] = ()
    """Blocks credited only once the blocks pending confirmation are counted."""
    experience: tuple[ExperienceRecord, ...] = ()
    underway: tuple[Underway, ...] = ()
    interrupted: tuple[Underway, ...] = ()
    completed: tuple[tuple[str, dt.date], ...] = ()
    failures: tuple[Failure, ...] = ()
    placements: tuple[dt.date, ...] = ()
    vae_files: tuple[VaeFile, ...] = ()
    dropped_out: tuple[dt.date, str] | None = None
    replacements: tuple[Replacement, ...] = ()

    # -- Holdings, as the requirement rules see them --------------------------------------------

    def holds_block(self, block: str) -> bool:
        return block in self.held_blocks()

    def competence_rank(self, competence: str) -> int | None:
        ranks = [record.rank for record in self.competences if record.competence == competence]
        return max(ranks) if ranks else None

    def experience_hours(self, rome: frozenset[str]) -> int:
        return sum(record.hours for record in self.experience if not rome or record.rome in rome)

    def dated_work(self) -> Iterator[tuple[ExperienceRecord, dt.date, dt.date]]:
        """The periods of work the journey's events recorded, each with its first and last day
        (the experience of the positioning is not dated day by day)."""
        for record in self.experience:
            start, end = record.start, record.end
            if start is not None and end is not None and start >= self.started:
                yield record, start, end

    # -- Questions the journey asks -------------------------------------------------------------

    def held_blocks(self) -> frozenset[str]:
        """Validated, pending confirmation, or credited by equivalence."""
        return frozenset(
            (
                *(held.block for held in self.blocks),
                *(held.block for held in self.pending),
                *self.credited,
                *self.credited_pending,
            )
        )

    def validated_blocks(self) -> frozenset[str]:
        """Blocks validated for good (not those pending a jury's confirmation)."""
        return frozenset(held.block for held in self.blocks) | frozenset(self.credited)

    def validated(self, block: str) -> HeldBlock | None:
        return next((held for held in self.blocks if held.block == block), None)

    def underway_module(self, module: str) -> Underway | None:
        return next((item for item in self.underway if item.module == module), None)

    def passed(self, module: str) -> dt.date | None:
        return next((day for done, day in self.completed if done == module), None)

    def vae_file(self, certification: str) -> VaeFile | None:
        """The latest VAE file for a certification."""
        files = [file for file in self.vae_files if file.certification == certification]
        return files[-1] if files else None
