"""Periods of employment that serve nothing are left out of the planner's routes, and a period
that brings part of the hours a later step needs is said to serve it.

The policy's VAE eligibility asks for one hour of related experience by default, so with
periods of employment allowed "work one hour" is offered; a route that takes no VAE then could
keep it, since it costs no euros, counts no hours and may fit in a wait for a session.
"""

from __future__ import annotations

from typing import Any

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner, StepKind
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.testing import assert_route_sound
from tests.test_planner_optimality import WORK_BEFORE_MODULE

BUILTIN = builtin_catalogue()

_BAKER_FOR_A_SHOP_JOB: dict[str, Any] = {
    "id": "baker",
    "positioning": {
        "date": "2026-01-05",
        "competences": [
            "clea.1",
            "clea.numerique",
            "industry.first_level",
            {"competence": "lang.de", "level": "A2"},
            {"competence": "lang.fle", "level": "B1"},
            {"competence": "pix.2.1", "level": "3"},
            {"competence": "pix.3.3", "level": "2"},
            {"competence": "pix.3.4", "level": "1"},
            {"competence": "pix.4.1", "level": "1"},
            {"competence": "pix.4.3", "level": "3"},
            {"competence": "pix.5.2", "level": "1"},
        ],
        "blocks": [
            {"block": "RNCP37231-B1", "date": "2025-06-30", "method": "prior"},
            {"block": "ILLUSTR-CAP-BOUL-B1", "date": "2025-06-30", "method": "prior"},
            {"block": "ILLUSTR-CAP-BOUL-B2", "date": "2025-06-30", "method": "prior"},
        ],
    },
    "constraints": {
        "start": "2026-01-11",
        "weekly_hours": 33,
        "budget": 8000,
        "training_days": ["monday"],
        "employment_allowed": True,
    },
    "target": {"job": "D1505"},
}
"""Re-plan 66 of the benchmark's draw, with periods of employment allowed: the shortest route
(128 days) waits a week for a session of ec-bc02-boulangerie, where the planner's first route
of those values worked one hour in D1102 (for a VAE it does not take)."""


def test_a_route_keeps_no_period_of_employment_that_serves_nothing() -> None:
    learner = learner_from_data(_BAKER_FOR_A_SHOP_JOB, BUILTIN)
    route = Planner(BUILTIN).plan(learner, Objective.DURATION)
    assert route.proven_optimal
    totals = route.totals
    assert (totals.duration_days, totals.cost, totals.training_hours) == (128, 3612, 301)
    for step in route.steps:
        if step.kind is StepKind.EMPLOYMENT:
            assert all(reason.code is not ReasonCode.NO_USE for reason in step.why), step
    assert "employment:D1102:1" not in route.sequence()
    assert_route_sound(BUILTIN, learner, route)


def test_each_period_of_work_towards_a_prerequisite_serves_it() -> None:
    """m1 needs 300 h in K1304: worked as 100 h, then 200 h, both serve m1 (the first was "of
    no direct use": only the second met the 300 h)."""
    catalogue = catalogue_from_data(WORK_BEFORE_MODULE[0])
    learner = learner_from_data(WORK_BEFORE_MODULE[1], catalogue)
    route = simulate(catalogue, learner, ["employment:K1304:100", "employment:K1304:200", "m1"])
    work = [step for step in route.steps if step.kind is StepKind.EMPLOYMENT]
    assert [step.action for step in work] == ["employment:K1304:100", "employment:K1304:200"]
    for step in work:
        assert [(reason.code, reason.module) for reason in step.why] == [
            (ReasonCode.NEEDED_BY, "m1")
        ]
