"""itineraire: individual training routes (« itinéraire compétences ») for job seekers.

The front door re-exports the names most users need; everything else lives in one module per
concept (see the reference in ``docs/``).
"""

from __future__ import annotations

from itineraire.analysis.checks import Finding, Severity, check_catalogue
from itineraire.analysis.graph import catalogue_graph
from itineraire.errors import CatalogueError, InputError, ItineraireError, LearnerError, Problem
from itineraire.files.loading import (
    builtin_catalogue,
    catalogue_from_data,
    learner_from_data,
    load_catalogue,
    load_learner,
)
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import AccessRoute, Block, Certification, Registry
from itineraire.model.competences import Competence, HeldCompetence
from itineraire.model.learners import Constraints, Learner, Positioning, Target, TargetKind
from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.modules import (
    Module,
    ModuleKind,
    Placement,
    ProfessionalModule,
    TransversalModule,
)
from itineraire.validation import Equivalence, VaePolicy

__version__ = "0.1.0.dev0"

__all__ = [
    "AccessRoute",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Block",
    "Catalogue",
    "CatalogueError",
    "Certification",
    "Competence",
    "Constraints",
    "Equivalence",
    "Finding",
    "HasBlock",
    "HasCompetence",
    "HasExperience",
    "HeldCompetence",
    "InputError",
    "ItineraireError",
    "Learner",
    "LearnerError",
    "Module",
    "ModuleKind",
    "Placement",
    "Positioning",
    "Problem",
    "ProfessionalModule",
    "Registry",
    "Requirement",
    "Severity",
    "Target",
    "TargetKind",
    "TransversalModule",
    "VaePolicy",
    "__version__",
    "builtin_catalogue",
    "catalogue_from_data",
    "catalogue_graph",
    "check_catalogue",
    "learner_from_data",
    "load_catalogue",
    "load_learner",
]
