"""The rules by which competences, blocks and certifications get validated."""

from __future__ import annotations

from itineraire.validation.equivalences import Equivalence, credited_blocks
from itineraire.validation.methods import ValidationMethod
from itineraire.validation.vae import (
    AdmissibilityDecision,
    JuryOutcome,
    VaePolicy,
    eligibility_rule,
)

__all__ = [
    "AdmissibilityDecision",
    "Equivalence",
    "JuryOutcome",
    "VaePolicy",
    "ValidationMethod",
    "credited_blocks",
    "eligibility_rule",
]
