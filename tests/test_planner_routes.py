"""The seed's route types, planned on the built-in catalogue (example tests).

Each test names the route type of the pact it shows and checks the steps that make it that type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itineraire import builtin_catalogue, learner_from_data
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.planning import NoRouteError, Objective, Planner, Route, StepKind
from itineraire.planning.reasons import Credit, ReasonCode

CATALOGUE = builtin_catalogue()
PLANNER = Planner(CATALOGUE)

# A cleaning agent with CléA 1–2 and 2,100 h of related experience, aiming at Assistant de vie
# aux familles (RNCP37715): the same person as the command line's demonstration learner.
SAMIRA: dict[str, Any] = {
    "id": "samira",
    "positioning": {
        "date": "2026-12-14",
        "competences": ["clea.1", "clea.2", {"competence": "lang.fle", "level": "B1"}],
        "experience": [{"rome": "K2204", "hours": 1800}, {"rome": "K1304", "hours": 300}],
    },
    "constraints": {"start": "2027-01-04"},
    "target": {"certification": "RNCP37715"},
}


def _learner(data: dict[str, Any], **changes: Any) -> Learner:
    merged = {**data, **changes}
    return learner_from_data(merged, CATALOGUE)


def _actions(route: Route) -> list[str]:
    return [step.action for step in route.steps]


def _validated(route: Route) -> set[str]:
    return set(route.validated_blocks())


def test_classic_integrated_route() -> None:
    """Classic: every block by training, validated progressively, positioning first."""
    route = PLANNER.plan(_learner(SAMIRA), Objective.DURATION)
    assert route.steps[0].kind is StepKind.POSITIONING
    # b1 then b3 and b3 then b1 both end on 2027-06-02 at the same cost and hours (training
    # days skip Easter Monday and Ascension either way); the search takes b3 first.
    assert _actions(route) == ["positioning", "monde-du-travail", "avf-b2", "avf-b3", "avf-b1"]
    assert _validated(route) >= {"RNCP37715-B1", "RNCP37715-B2", "RNCP37715-B3"}
    assert route.modalities == ("training",)
    assert route.proven_optimal
    # Progressive validation: each block is validated by its own step, not all at the end.
    numbers = route.validated_blocks()
    assert len({numbers[b] for b in ("RNCP37715-B1", "RNCP37715-B2", "RNCP37715-B3")}) == 3


def test_partial_validation_for_a_job() -> None:
    """Partial validation: a chosen set of blocks only (to take up a job for a while)."""
    learner = _learner(SAMIRA, target={"blocks": ["RNCP37715-B1"]})
    route = PLANNER.plan(learner, Objective.DURATION)
    assert _actions(route) == ["positioning", "avf-b1"]
    assert "RNCP37715-B2" not in _validated(route)


def test_partial_validation_then_block_validated_in_company() -> None:
    """Partial validation, then a contrat de professionnalisation validates a block in company."""
    route = PLANNER.plan(_learner(SAMIRA), Objective.COST)
    company = [step for step in route.steps if step.action == "cp-avf-b3"]
    assert len(company) == 1
    assert company[0].kind is StepKind.PLACEMENT
    assert company[0].validates == ("RNCP37715-B3",)
    assert "company" in route.modalities
    # The blocks before it are a partial validation the person holds if they stop there.
    before = [s for s in route.steps if s.number < company[0].number and s.validates]
    assert {b for s in before for b in s.validates} >= {"RNCP37715-B1", "RNCP37715-B2"}


def test_hybrid_vae() -> None:
    """Partial validation completed by VAE: VAE for the block experience covers, training for
    the rest (VAE hybride)."""
    route = PLANNER.plan(_learner(SAMIRA), Objective.HOURS)
    kinds = [step.kind for step in route.steps]
    assert kinds.count(StepKind.VAE_ADMISSIBILITY) == 1
    jury = next(step for step in route.steps if step.kind is StepKind.VAE_JURY)
    assert jury.validates == ("RNCP37715-B1",)
    trained = {b for s in route.steps if s.kind is StepKind.TRAINING for b in s.validates}
    assert trained == {"RNCP37715-B2", "RNCP37715-B3"}
    assert route.modalities == ("training", "vae")


def test_round_trip_training_employment_training() -> None:
    """Round trip: training, then the planned seasonal work, then training again; nothing runs
    inside the season."""
    jules = {
        "id": "jules",
        "positioning": {"date": "2026-12-14", "competences": ["clea.1", "clea.7"]},
        "constraints": {
            "start": "2027-01-04",
            "vae_allowed": False,
            "unavailable": [
                {
                    "start": "2027-06-01",
                    "end": "2027-10-15",
                    "label": "seasonal harvest work",
                    "rome": "A1416",
                    "hours": 600,
                }
            ],
        },
        "target": {"certification": "ILLUSTR-CAPA-MA"},
    }
    route = PLANNER.plan(_learner(jules), Objective.DURATION)
    kinds = [step.kind for step in route.steps]
    assert kinds == [
        StepKind.POSITIONING,
        StepKind.TRANSVERSAL,
        StepKind.TRAINING,
        StepKind.EMPLOYMENT,
        StepKind.TRAINING,
    ]
    season = (dt.date(2027, 6, 1), dt.date(2027, 10, 15))
    for step in route.steps:
        if step.kind in (StepKind.TRAINING, StepKind.TRANSVERSAL):
            assert step.end < season[0] or step.start > season[1]


def test_employment_period_then_vae() -> None:
    """ "Work four more months, then VAE": with employment allowed and too little experience,
    the cheapest route works first and then validates by VAE."""
    learner = _learner(
        SAMIRA,
        positioning={"date": "2026-12-14", "experience": [{"rome": "K2204", "hours": 200}]},
        constraints={"start": "2027-01-04", "employment_allowed": True},
        target={"blocks": ["RNCP37715-B1"]},
    )
    route = PLANNER.plan(learner, Objective.COST)
    kinds = [step.kind for step in route.steps]
    assert kinds[:2] == [StepKind.POSITIONING, StepKind.EMPLOYMENT]
    assert StepKind.VAE_JURY in kinds
    assert route.steps[1].experience == "400 h in K1304"


def test_remediation_gate_comes_first() -> None:
    """The CléA gate of a certification is met by remediation before its professional modules."""
    learner = _learner(SAMIRA, positioning={"date": "2026-12-14"})
    route = PLANNER.plan(learner, Objective.DURATION)
    actions = _actions(route)
    first_professional = min(
        i for i, step in enumerate(route.steps) if step.kind is StepKind.TRAINING
    )
    assert {"remediation-clea-1", "remediation-clea-2"} <= set(actions[:first_professional])


def test_alternatives_differ_in_modalities() -> None:
    """The k best routes shown to a person each have their own mix of modalities."""
    routes = PLANNER.alternatives(_learner(SAMIRA), 4, Objective.DURATION)
    mixes = [route.modalities for route in routes]
    assert len(set(mixes)) == len(mixes) == 4
    finishes = [route.totals.finish for route in routes]
    assert finishes == sorted(finishes)


def test_no_route_says_why() -> None:
    """When nothing can validate a block, the error names it and what blocks each way."""
    learner = _learner(
        SAMIRA,
        constraints={
            "start": "2027-01-04",
            "vae_allowed": False,
            "excluded_modules": ["avf-b1", "aph-b1"],
        },
        target={"blocks": ["RNCP37715-B1"]},
    )
    with pytest.raises(NoRouteError) as error:
        PLANNER.plan(learner)
    assert tuple(map(str, error.value.reasons)) == (
        "the target (blocks RNCP37715-B1) cannot be reached: block RNCP37715-B1 is not met",
        "block RNCP37715-B1: the modules that validate it are excluded (avf-b1);"
        " VAE is not allowed for this person",
    )
    block = error.value.reasons[1]
    assert (block.code, block.block) == (ReasonCode.BLOCK_UNREACHABLE, "RNCP37715-B1")
    assert [(cause.code, cause.modules) for cause in block.causes] == [
        (ReasonCode.VALIDATORS_EXCLUDED, ("avf-b1",)),
        (ReasonCode.VAE_NOT_ALLOWED, ()),
    ]


def test_budget_too_small() -> None:
    """A budget below the cheapest route is reported as the cause, with what the cheapest route
    costs (planned without the budget, for the cost)."""
    learner = _learner(SAMIRA, constraints={"start": "2027-01-04", "budget": 1000})
    with pytest.raises(NoRouteError) as error:
        PLANNER.plan(learner)
    cheapest = PLANNER.plan(_learner(SAMIRA, constraints={"start": "2027-01-04"}), Objective.COST)
    [reason] = error.value.reasons
    assert (reason.code, reason.budget, reason.cost) == (
        ReasonCode.OVER_BUDGET,
        1000,
        cheapest.totals.cost,
    )
    assert (
        str(reason) == f"no route fits the budget of {euros(1000)}:"
        f" the cheapest route costs {euros(cheapest.totals.cost)}"
    )


def test_same_input_same_route() -> None:
    """Planning twice gives identical routes."""
    first = PLANNER.plan(_learner(SAMIRA), Objective.COST)
    assert Planner(builtin_catalogue()).plan(_learner(SAMIRA), Objective.COST) == first


def test_simulate_replays_a_vae_the_search_would_not_consider() -> None:
    """A given sequence may hold a VAE on a certification that does not serve the target."""
    from itineraire.planning.simulation import simulate

    learner = _learner(SAMIRA, target={"blocks": ["RNCP37715-B1"]})
    route = simulate(CATALOGUE, learner, ["vae:ILLUSTR-TP-APH"])
    jury = next(step for step in route.steps if step.kind is StepKind.VAE_JURY)
    assert Credit("RNCP37715-B1", "transfert-proprete-aide-domicile") in jury.credited
