"""Work placements: skills in a real work situation."""

from __future__ import annotations

from enum import StrEnum

import attrs

from itineraire.modules.base import Module, ModuleKind

__all__ = ["Placement", "PlacementType"]


class PlacementType(StrEnum):
    """The contract or scheme of a placement."""

    PMSMP = "pmsmp"
    """Immersion (période de mise en situation en milieu professionnel): a few weeks to discover a
    job, confirm a project or start recruitment."""
    AFEST = "afest"
    """Training in the work situation (action de formation en situation de travail)."""
    PROFESSIONALISATION_CONTRACT = "professionalisation_contract"
    """Contrat de professionnalisation: 6–12 months alternating work and training; a block can be
    validated in the company."""
    POE = "poe"
    """Pre-hiring training with a job promise (POEC / POEI)."""
    LEARNING_COMPANY = "learning_company"
    """A learning company (entreprise apprenante), e.g. a sawmill that trains on its lines."""


@attrs.frozen(kw_only=True)
class Placement(Module):
    """A period in a company.

    ``experience_hours`` of work in ``rome`` count as experience (for VAE, since placements count
    as experience after the 2022 reform); ``validates`` lists the blocks validated in the company.
    A placement runs full time (35 h a week): it states no weekly intensity.
    """

    placement_type: PlacementType
    rome: str | None = None
    experience_hours: int = 0

    def __attrs_post_init__(self) -> None:
        if self.weekly_hours is not None:
            raise ValueError("a placement runs full time: it has no weekly_hours")

    @property
    def kind(self) -> ModuleKind:
        return ModuleKind.PLACEMENT
