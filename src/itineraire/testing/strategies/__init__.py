"""Hypothesis strategies for catalogues, learners, targets and planning cases.

Two flavours of each: ``*_documents`` strategies draw JSON-like dicts (what a catalogue or
learner file holds: readable when a test fails, and what your own loader may take), and the
plain-named strategies draw the loaded objects (:class:`~itineraire.model.catalogue.Catalogue`,
:class:`~itineraire.model.learners.Learner`…). Every knob is keyword-only and checked when the
strategy is made: a wrong knob raises ``ValueError`` at once, not in the middle of a test.

Catalogues are valid and consistent by construction: a module only requires what modules drawn
before it teach or validate (so prerequisites are acyclic and every module can start), every
block has a module or placement that validates it, and strict loading accepts them.
:func:`corrupted_catalogues` draws the opposite: catalogues that carry one known fault each.
:func:`planning_cases` draws small catalogues and a person together, within reach of the
exhaustive reference planner.

Dates are drawn around :data:`PLANNING_DAY` (a positioning day; sessions and periods follow it),
ROME jobs among :data:`JOBS`.

One module per concept, all re-exported here: :mod:`.catalogues`, :mod:`.certifications`
(certifications and blocks alone), :mod:`.learners` (learners and targets), :mod:`.cases`
(planning cases and gains), :mod:`.rules` (requirements and holdings), :mod:`.corrupted`
(corrupted catalogues and their faults).
"""

from __future__ import annotations

from itineraire.testing.strategies._checks import Bounds as Bounds  # the knobs' count type
from itineraire.testing.strategies._shared import JOBS, PLANNING_DAY
from itineraire.testing.strategies.cases import (
    GAIN_KINDS,
    PlanningCase,
    cases,
    gain_options,
    gains,
    planning_cases,
)
from itineraire.testing.strategies.catalogues import catalogue_documents, catalogues
from itineraire.testing.strategies.certifications import (
    block_documents,
    blocks,
    certification_documents,
    certifications,
)
from itineraire.testing.strategies.corrupted import FAULTS, Corruption, corrupted_catalogues
from itineraire.testing.strategies.learners import (
    learner_documents,
    learners,
    target_documents,
    targets,
)
from itineraire.testing.strategies.rules import HeldItems, holdings, requirements

__all__ = [
    "FAULTS",
    "GAIN_KINDS",
    "JOBS",
    "PLANNING_DAY",
    "Corruption",
    "HeldItems",
    "PlanningCase",
    "block_documents",
    "blocks",
    "cases",
    "catalogue_documents",
    "catalogues",
    "certification_documents",
    "certifications",
    "corrupted_catalogues",
    "gain_options",
    "gains",
    "holdings",
    "learner_documents",
    "learners",
    "planning_cases",
    "requirements",
    "target_documents",
    "targets",
]
