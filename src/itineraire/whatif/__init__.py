"""What would shorten a route: counterfactual answers for a person and for the offer.

For a person, :func:`what_if` re-plans each change of a bounded candidate set (a competence
held, a block validated, more experience, loosened constraints) and ranks the improving ones by
gain; for the offer, :func:`offer_analysis` re-plans a population under each candidate change of
the catalogue (a session more, an equivalence, a prerequisite removed), re-using every route the
change provably cannot touch. See ``docs/what-if.md``.
"""

from __future__ import annotations

from itineraire.whatif.changes import Change, ChangeKind
from itineraire.whatif.offer import OfferAnalysis, OfferAnswer, offer_analysis
from itineraire.whatif.offer_candidates import OfferChange, OfferChangeKind
from itineraire.whatif.person import (
    Answer,
    Outcome,
    Threshold,
    ThresholdKind,
    WhatIf,
    what_if,
)

__all__ = [
    "Answer",
    "Change",
    "ChangeKind",
    "OfferAnalysis",
    "OfferAnswer",
    "OfferChange",
    "OfferChangeKind",
    "Outcome",
    "Threshold",
    "ThresholdKind",
    "WhatIf",
    "offer_analysis",
    "what_if",
]
