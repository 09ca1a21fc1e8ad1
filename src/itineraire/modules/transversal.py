"""Transversal modules: basic skills, digital skills, world of work, languages, mobility."""

from __future__ import annotations

from enum import StrEnum

import attrs

from itineraire.modules.base import Module, ModuleKind

__all__ = ["TransversalDomain", "TransversalModule"]


class TransversalDomain(StrEnum):
    """The field of a transversal module."""

    BASIC_SKILLS = "basic_skills"
    """CléA domains; remediation for people far from employment."""
    DIGITAL = "digital"
    """Digital skills and culture: Pix competences, CléA numérique."""
    WORLD_OF_WORK = "world_of_work"
    """Skills of the world of work: codes, rules, safety."""
    LANGUAGE = "language"
    """Professional and cross-border languages (German, Luxembourgish, English), French as a
    foreign language."""
    MOBILITY = "mobility"
    """Mobility: driving licence preparation and the like."""


@attrs.frozen(kw_only=True)
class TransversalModule(Module):
    """A module that can be taken at any moment of a route, validated on its own."""

    domain: TransversalDomain

    @property
    def kind(self) -> ModuleKind:
        return ModuleKind.TRANSVERSAL
