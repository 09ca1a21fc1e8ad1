"""Competences: what a person can do, optionally levelled on a scale."""

from __future__ import annotations

import attrs

__all__ = ["Competence", "HeldCompetence"]


@attrs.frozen
class Competence:
    """A competence of the catalogue.

    ``scale`` names a :class:`~itineraire.model.scales.Scale` for levelled competences (a language
    on CEFR, a Pix competence on levels 1–8); ``None`` means it is simply held or not (a CléA
    domain). ``framework`` groups competences for display ("clea", "pix", "language", …).
    """

    id: str
    title: str
    scale: str | None = None
    framework: str | None = None


@attrs.frozen
class HeldCompetence:
    """A competence a person holds, at a level when the competence is levelled."""

    competence: str
    level: str | None = None
    rank: int = 0

    def __str__(self) -> str:
        return self.competence if self.level is None else f"{self.competence} {self.level}"
