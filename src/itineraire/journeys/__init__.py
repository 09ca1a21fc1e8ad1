"""Journeys: what actually happens on a route, as an append-only record of dated events.

- :mod:`~itineraire.journeys.events`: the events (positioning, modules, placements, block
  evaluations, VAE admissibility and jury, employment, drop-out and resume, target changes,
  certification versions);
- :mod:`~itineraire.journeys.folding`: what each event does to the state, or why it is refused
  (each kind's fold in :mod:`~itineraire.journeys.effects`, the refusals' checks in
  :mod:`~itineraire.journeys.refusals`);
- :mod:`~itineraire.journeys.journey`: :class:`Journey`, the learner plus the events so far;
- :mod:`~itineraire.journeys.replanning`: the rest of the route from any state, with its returns;
- :mod:`~itineraire.journeys.portfolio`: what the person holds, with date, method and evidence;
- :mod:`~itineraire.journeys.loading`: journey files (``itineraire.journey/1``) in and out.
"""

from itineraire.journeys.events import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Event,
    EventKind,
    ModuleCompleted,
    ModuleStarted,
    PlacementDone,
    Positioned,
    Resumed,
    TargetChanged,
    VaeAdmissibility,
    VaeConfirmation,
    VaeJury,
)
from itineraire.journeys.journey import Journey, JourneyError
from itineraire.journeys.loading import (
    event_document,
    journey_document,
    journey_from_data,
    load_journey,
)
from itineraire.journeys.portfolio import Portfolio, portfolio, portfolio_document
from itineraire.journeys.replanning import Replan, Return, ReturnKind, learner_at, replan
from itineraire.journeys.state import JourneyState

__all__ = [
    "BlockEvaluated",
    "BlockValidatedInCompany",
    "CertificationReplaced",
    "DroppedOut",
    "EmploymentPeriod",
    "Event",
    "EventKind",
    "Journey",
    "JourneyError",
    "JourneyState",
    "ModuleCompleted",
    "ModuleStarted",
    "PlacementDone",
    "Portfolio",
    "Positioned",
    "Replan",
    "Resumed",
    "Return",
    "ReturnKind",
    "TargetChanged",
    "VaeAdmissibility",
    "VaeConfirmation",
    "VaeJury",
    "event_document",
    "journey_document",
    "journey_from_data",
    "learner_at",
    "load_journey",
    "portfolio",
    "portfolio_document",
    "replan",
]
