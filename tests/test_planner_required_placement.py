"""A required placement: the planner finds the optimum quickly, the same as HiGHS's.

These targets used to exhaust the search (the relevance pulled in every placement with its
prerequisite chain, and the bound ignored the placement still to take): "search stopped" after
minutes, where HiGHS found a route in a tenth of a second. Also which placements are tried only
for the requirement (:func:`~itineraire.planning.relevance.requirement_placements`).
"""

from __future__ import annotations

from typing import Any

import pytest

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.model.learners import Learner
from itineraire.model.requirements import HasBlock
from itineraire.planning import NoRouteError, Objective, Planner, Route
from itineraire.planning.actions import Action, ActionKind, module_actions
from itineraire.planning.highs import plan_with_highs
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.relevance import requirement_placements

CATALOGUE = builtin_catalogue()

# Before the fix these plans exhausted a budget of 200,000 nodes without finding a route.
PLANNER = Planner(CATALOGUE)

TARGETS = ("ILLUSTR-CAP-COS", "RNCP37098", "RNCP37099", "RNCP37873", "RNCP38561")


def _learner(target: str, **constraints: Any) -> Learner:
    data = {
        "id": "placement",
        "positioning": {"date": "2026-12-01", "competences": ["clea.1", "clea.2"]},
        "constraints": {"placement_required": True, **constraints},
        "target": {"certification": target},
    }
    return learner_from_data(data, CATALOGUE)


def _value(route: Route, objective: Objective) -> int:
    return route.totals.cost if objective is Objective.COST else route.totals.training_hours


def _placements(route: Route) -> list[str]:
    return [s.action for s in route.steps if s.kind.value == "placement"]


@pytest.mark.parametrize("objective", [Objective.COST, Objective.HOURS])
@pytest.mark.parametrize("target", TARGETS)
def test_same_optimum_as_highs(target: str, objective: Objective) -> None:
    """Within its default work limit the planner proves the optimum, and it is HiGHS's (which
    considers every placement of the catalogue)."""
    learner = _learner(target)
    route = PLANNER.plan(learner, objective)
    assert route.proven_optimal
    assert _placements(route)
    assert _value(route, objective) == _value(
        plan_with_highs(CATALOGUE, learner, objective), objective
    )


@pytest.mark.parametrize("target", TARGETS)
def test_duration_proven_quickly(target: str) -> None:
    """The duration objective too is proven within the default work limit, with a placement."""
    route = PLANNER.plan(_learner(target), Objective.DURATION)
    assert route.proven_optimal
    assert _placements(route)


def test_named_case_industry_cost() -> None:
    """The reported case: CléA 1–2 held, Électromécanicien (RNCP38561), cost: 8,344 €, the
    block 2 validated in the company by the contrat de professionnalisation."""
    route = PLANNER.plan(_learner("RNCP38561"), Objective.COST)
    assert route.totals.cost == 8344
    assert _placements(route) == ["cp-eimsa-b2"]


def test_no_placement_left_is_explained() -> None:
    """With every placement excluded, the reason says so (not a calendar problem)."""
    placements = sorted(m.id for m in CATALOGUE.modules.values() if m.kind.value == "placement")
    learner = _learner("RNCP38561", excluded_modules=placements)
    with pytest.raises(NoRouteError) as raised:
        PLANNER.plan(learner, Objective.COST)
    assert tuple(map(str, raised.value.reasons)) == (
        f"a placement is required, and every placement is excluded ({', '.join(placements)})",
    )
    assert raised.value.reasons[0].modules == tuple(placements)


def _actions(target: str) -> tuple[Action, ...]:
    return module_actions(CATALOGUE, _learner(target))


def test_a_pmsmp_stands_in_for_costlier_placements() -> None:
    """Free-standing placements (no prerequisite, no session) of 70 h at no cost replace every
    placement that costs, lasts and weighs at least as much; among the equal ones, the first
    by id is kept."""
    kept = [a.id for a in requirement_placements(_actions("RNCP38561"), set())]
    assert kept == ["pmsmp-d1102"]


def test_placements_the_goal_needs_are_left_to_the_goal() -> None:
    """A placement the goal can need is searched anyway: it is not among those tried for the
    requirement only, but it still stands in for the placements it dominates."""
    actions = _actions("RNCP38561")
    assert [a.id for a in requirement_placements(actions, {"cp-eimsa-b2"})] == ["pmsmp-d1102"]
    assert [a.id for a in requirement_placements(actions, {"pmsmp-d1102"})] == []


def test_a_placement_with_a_prerequisite_or_sessions_dominates_nothing() -> None:
    """Only a placement that needs nothing and has no sessions can stand in for another: one
    with a prerequisite might not be takeable, one with sessions might start later."""
    base = Action(id="a-pmsmp", kind=ActionKind.PLACEMENT, title="PMSMP", hours=70, cost=0, days=14)
    other = Action(
        id="b-contract", kind=ActionKind.PLACEMENT, title="Contract", hours=900, cost=0, days=180
    )
    assert [a.id for a in requirement_placements((base, other), set())] == ["a-pmsmp"]
    gated = Action(
        id="a-pmsmp",
        kind=ActionKind.PLACEMENT,
        title="PMSMP",
        hours=70,
        cost=0,
        days=14,
        requires=HasBlock("X-B1"),
    )
    assert [a.id for a in requirement_placements((gated, other), set())] == [
        "a-pmsmp",
        "b-contract",
    ]
    sessions = Action(
        id="a-pmsmp",
        kind=ActionKind.PLACEMENT,
        title="PMSMP",
        hours=70,
        cost=0,
        days=14,
        sessions=(740_000,),
    )
    assert len(requirement_placements((sessions, other), set())) == 2
    # Cheaper but longer: no dominance either way.
    paid = Action(id="c-paid", kind=ActionKind.PLACEMENT, title="Paid", hours=35, cost=500, days=7)
    assert [a.id for a in requirement_placements((base, paid), set())] == ["a-pmsmp", "c-paid"]


def test_a_placement_that_cannot_start_is_explained(minimal_catalogue_data: dict[str, Any]) -> None:
    """When the only placement needs a level no module teaches, the reason names what it needs."""
    minimal_catalogue_data["modules"].append(
        {
            "kind": "placement",
            "id": "immersion",
            "title": "Immersion",
            "placement_type": "pmsmp",
            "rome": "M1805",
            "hours": 70,
            "cost": 0,
            "requires": "lang.de>=C1",
        }
    )
    catalogue = catalogue_from_data(minimal_catalogue_data, strict=False)
    learner = learner_from_data(
        {
            "id": "gated",
            "positioning": {"date": "2026-12-01"},
            "constraints": {"placement_required": True},
            "target": {"blocks": ["RNCP37674BC01"]},
        },
        catalogue,
    )
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue).plan(learner, Objective.COST)
    assert tuple(map(str, raised.value.reasons)) == (
        "a placement is required, and none can start: immersion needs lang.de ≥ C1",
    )
    [cause] = raised.value.reasons[0].causes
    assert (cause.code, cause.module) == (ReasonCode.MODULE_CANNOT_START, "immersion")


def test_the_required_placement_says_why_it_is_there() -> None:
    """A placement that validates nothing the target needs is there because the person must
    have one: its reason says so (it was "no direct use found")."""
    route = PLANNER.plan(_learner("RNCP37715"), Objective.DURATION)
    [placement] = [step for step in route.steps if step.kind.value == "placement"]
    assert [reason.code for reason in placement.why] == [ReasonCode.PLACEMENT_REQUIRED]
    assert [str(reason) for reason in placement.why] == ["a placement in a company is required"]
