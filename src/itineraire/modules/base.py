"""What every module has in common, whatever its kind."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.competences import HeldCompetence
from itineraire.model.provenance import Provenance
from itineraire.model.requirements import Requirement

__all__ = ["Module", "ModuleKind"]


class ModuleKind(StrEnum):
    """The three kinds of module of an integrated route."""

    PROFESSIONAL = "professional"
    """Tied to a block of a certification framework."""
    TRANSVERSAL = "transversal"
    """Basic skills (CléA), digital skills, world of work, languages: taken at any moment."""
    PLACEMENT = "placement"
    """Skills in a real work situation: PMSMP, AFEST, contrat de professionnalisation…"""


@attrs.frozen(kw_only=True)
class Module:
    """A unit of a route that can be bought and scheduled.

    ``teaches`` lists the competences (and levels) a person holds once the module is completed;
    ``validates`` the blocks its evaluation awards. ``sessions`` are the dates a session starts,
    empty when the module starts at any time (individualised entry).
    """

    id: str
    title: str
    hours: int
    cost: int
    prerequisites: Requirement | None = None
    teaches: tuple[HeldCompetence, ...] = ()
    validates: tuple[str, ...] = ()
    sessions: tuple[dt.date, ...] = ()
    provider: str = ""
    provenance: Provenance = Provenance()

    @property
    def kind(self) -> ModuleKind:
        raise NotImplementedError  # pragma: no cover - each kind says what it is
