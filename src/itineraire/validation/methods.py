"""How a block or a competence came to be validated."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ValidationMethod"]


class ValidationMethod(StrEnum):
    """The way a block was validated; kept with the block for traceability (the e-portfolio)."""

    TRAINING = "training"
    """Evaluation at the end of a module."""
    VAE = "vae"
    """Jury of a prior experience validation."""
    COMPANY = "company"
    """Validated in a company (contrat de professionnalisation, AFEST)."""
    EQUIVALENCE = "equivalence"
    """Credit from a block of another certification (a correspondence of the fiche)."""
    PRIOR = "prior"
    """Held before the route, as recorded at positioning."""
