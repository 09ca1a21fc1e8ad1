"""The kinds of module of an integrated route: professional, transversal and placement."""

from __future__ import annotations

from itineraire.modules.base import Module, ModuleKind
from itineraire.modules.intakes import Intake, Weekday, WeeklyIntake, YearlyIntake
from itineraire.modules.placement import Placement, PlacementType
from itineraire.modules.professional import ProfessionalModule
from itineraire.modules.transversal import TransversalDomain, TransversalModule

__all__ = [
    "Intake",
    "Module",
    "ModuleKind",
    "Placement",
    "PlacementType",
    "ProfessionalModule",
    "TransversalDomain",
    "TransversalModule",
    "Weekday",
    "WeeklyIntake",
    "YearlyIntake",
]
