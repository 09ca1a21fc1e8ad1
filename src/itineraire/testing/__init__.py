"""The testing kit: property-test route rules and planners against the pact's semantics.

Hypothesis strategies for catalogues, learners, targets and planning cases
(:mod:`~itineraire.testing.strategies`), invariants that raise an ``AssertionError`` saying what
is breached (:mod:`~itineraire.testing.invariants`; a route's soundness in
:mod:`~itineraire.testing.soundness`), an exhaustive reference planner for small instances
(:mod:`~itineraire.testing.exhaustive`, its rules in :mod:`~itineraire.testing.reference_rules`)
and a conformance check any planner can run against itself
(:mod:`~itineraire.testing.conformance`). Journeys have their strategy
(:mod:`~itineraire.testing.journeys`) and invariants
(:mod:`~itineraire.testing.journey_invariants`); catalogue providers and re-planners have
conformance checks of their own (:mod:`~itineraire.testing.catalogue_conformance`,
:mod:`~itineraire.testing.replanner_conformance`). See ``docs/testing.md``.

It needs Hypothesis: ``pip install 'itineraire[testing]'``.
"""

from __future__ import annotations

try:
    import hypothesis as _hypothesis
except ImportError as error:
    raise ImportError(
        "itineraire.testing needs Hypothesis, which is not installed: "
        "pip install 'itineraire[testing]'"
    ) from error

from itineraire.testing.catalogue_conformance import (
    PROVIDER_CHECKS,
    CatalogueProvider,
    CatalogueProviderConformance,
    check_catalogue_provider,
)
from itineraire.testing.conformance import CHECKS, PlannerConformance, check_planner
from itineraire.testing.exhaustive import (
    Outcome,
    Reference,
    ReferencePlanner,
    ReplayError,
    objective_vector,
    route_vector,
)
from itineraire.testing.invariants import (
    Gain,
    assert_deterministic,
    assert_monotone,
    assert_optimal,
    assert_route_sound,
    describe_route,
)
from itineraire.testing.journey_invariants import (
    Replanner,
    assert_credit_kept,
    assert_replan_keeps_credit,
    assert_replan_sound,
)
from itineraire.testing.journeys import EVENT_KINDS, journeys
from itineraire.testing.planners import LibraryPlanner, PlannerUnderTest, plan_or_none
from itineraire.testing.replanner_conformance import (
    REPLANNER_CHECKS,
    ReplannerConformance,
    assert_replan_deterministic,
    check_replanner,
)
from itineraire.testing.strategies import (
    FAULTS,
    JOBS,
    PLANNING_DAY,
    Corruption,
    HeldItems,
    PlanningCase,
    block_documents,
    blocks,
    cases,
    catalogue_documents,
    catalogues,
    certification_documents,
    certifications,
    corrupted_catalogues,
    gains,
    holdings,
    learner_documents,
    learners,
    planning_cases,
    requirements,
    target_documents,
    targets,
)

del _hypothesis

__all__ = [
    "CHECKS",
    "EVENT_KINDS",
    "FAULTS",
    "JOBS",
    "PLANNING_DAY",
    "PROVIDER_CHECKS",
    "REPLANNER_CHECKS",
    "CatalogueProvider",
    "CatalogueProviderConformance",
    "Corruption",
    "Gain",
    "HeldItems",
    "LibraryPlanner",
    "Outcome",
    "PlannerConformance",
    "PlannerUnderTest",
    "PlanningCase",
    "Reference",
    "ReferencePlanner",
    "Replanner",
    "ReplannerConformance",
    "ReplayError",
    "assert_credit_kept",
    "assert_deterministic",
    "assert_monotone",
    "assert_optimal",
    "assert_replan_deterministic",
    "assert_replan_keeps_credit",
    "assert_replan_sound",
    "assert_route_sound",
    "block_documents",
    "blocks",
    "cases",
    "catalogue_documents",
    "catalogues",
    "certification_documents",
    "certifications",
    "check_catalogue_provider",
    "check_planner",
    "check_replanner",
    "corrupted_catalogues",
    "describe_route",
    "gains",
    "holdings",
    "journeys",
    "learner_documents",
    "learners",
    "objective_vector",
    "plan_or_none",
    "planning_cases",
    "requirements",
    "route_vector",
    "target_documents",
    "targets",
]
