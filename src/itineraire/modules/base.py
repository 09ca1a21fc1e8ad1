"""What every module has in common, whatever its kind."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.competences import HeldCompetence
from itineraire.model.provenance import Provenance
from itineraire.model.requirements import Requirement
from itineraire.modules.intakes import Intake

__all__ = ["MAX_WEEKLY_HOURS", "Module", "ModuleKind"]


class ModuleKind(StrEnum):
    """The three kinds of module of an integrated route."""

    PROFESSIONAL = "professional"
    """Tied to a block of a certification framework."""
    TRANSVERSAL = "transversal"
    """Basic skills (CléA), digital skills, world of work, languages: taken at any moment."""
    PLACEMENT = "placement"
    """Skills in a real work situation: PMSMP, AFEST, contrat de professionnalisation…"""


MAX_WEEKLY_HOURS = 60
"""The most hours a week a module may state (as for a person's weekly hours)."""


def _check_weekly_hours(_module: object, _attribute: object, value: int | None) -> None:
    if value is not None and not 1 <= value <= MAX_WEEKLY_HOURS:
        raise ValueError(f"weekly_hours must be from 1 to {MAX_WEEKLY_HOURS} (got {value})")


@attrs.frozen(kw_only=True)
class Module:
    """A unit of a route that can be bought and scheduled.

    ``teaches`` lists the competences (and levels) a person holds once the module is completed;
    ``validates`` the blocks its evaluation awards. ``sessions`` are dates a session starts and
    ``intakes`` rules that give more of them (every N weeks, yearly on given months); with
    neither, the module starts at any time (individualised entry).
    """

    id: str
    title: str
    hours: int
    cost: int
    prerequisites: Requirement | None = None
    teaches: tuple[HeldCompetence, ...] = ()
    validates: tuple[str, ...] = ()
    sessions: tuple[dt.date, ...] = ()
    intakes: tuple[Intake, ...] = ()
    provider: str = ""
    provenance: Provenance = Provenance()
    weekly_hours: int | None = attrs.field(default=None, validator=_check_weekly_hours)
    """The module's weekly intensity (hours a week), when the catalogue gives one: a CléA or
    language module at 6 h a week runs at that pace, beside other steps, when it is below the
    person's weekly hours. None: the module runs at the person's weekly hours (placements always
    run full time)."""

    @property
    def open_entry(self) -> bool:
        """True when the module starts on any day (individualised entry): it has no sessions
        and no intakes."""
        return not self.sessions and not self.intakes

    def session_starts(self, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        """The start dates of the module's sessions from ``first`` to ``last`` (both included),
        in order; empty for an open-entry module. The one way the engine reads sessions, so that
        how a catalogue writes them (dates, recurring intakes) stays the model's business."""
        days = {day for day in self.sessions if first <= day <= last}
        for intake in self.intakes:
            days.update(intake.starts(first, last))
        return tuple(sorted(days))

    @property
    def kind(self) -> ModuleKind:
        raise NotImplementedError  # pragma: no cover - each kind says what it is
