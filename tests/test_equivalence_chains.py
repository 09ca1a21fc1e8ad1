"""A chain of equivalences longer than Python's stack: each block granted by the one before
it, 1,200 links. The planner's relevance walk and the model's rules both follow such chains;
both once did it by recursion and raised RecursionError."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from itineraire import Catalogue, Learner, catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner
from itineraire.planning.highs import model_problem

_LINKS = 1_200


def _code(number: int) -> str:
    return f"RNCP{90_000 + number}"


def _certification(number: int) -> dict[str, Any]:
    code = _code(number)
    return {
        "code": code,
        "registry": "rncp",
        "title": f"Certification {number}",
        "level": 4,
        "access_routes": ["continuing_training"],
        "rome": ["M1805"],
        "blocks": [{"code": f"{code}BC01", "title": f"Block {number}"}],
    }


@pytest.fixture(scope="module")
def chain() -> tuple[Catalogue, Learner]:
    """One module validates the first block; each equivalence grants the next block from the
    one before; the person aims at the last certification."""
    assert sys.getrecursionlimit() < _LINKS  # what makes the chain a test of the stack
    first = f"{_code(1)}BC01"
    catalogue = catalogue_from_data(
        {
            "name": "chain",
            "competences": [],
            "certifications": [_certification(n) for n in range(1, _LINKS + 1)],
            "modules": [
                {
                    "id": "m1",
                    "title": "The first block",
                    "hours": 35,
                    "cost": 100,
                    "kind": "professional",
                    "block": first,
                    "validates": [first],
                }
            ],
            "equivalences": [
                {"id": f"eq{n}", "from": [f"{_code(n)}BC01"], "to": [f"{_code(n + 1)}BC01"]}
                for n in range(1, _LINKS)
            ],
        },
        strict=False,
    )
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05"},
            "constraints": {"start": "2026-01-05", "vae_allowed": False},
            "target": {"certification": _code(_LINKS)},
        },
        catalogue,
    )
    return catalogue, learner


@pytest.mark.parametrize("objective", list(Objective))
def test_the_planner_follows_a_long_chain(
    chain: tuple[Catalogue, Learner], objective: Objective
) -> None:
    catalogue, learner = chain
    route = Planner(catalogue).plan(learner, objective)
    assert route.proven_optimal
    assert route.totals.cost == 100
    assert route.sequence() == ("m1",)


@pytest.mark.parametrize("objective", [Objective.COST, Objective.HOURS])
def test_the_model_follows_a_long_chain(
    chain: tuple[Catalogue, Learner], objective: Objective
) -> None:
    """The model writes a direction per link, each needing the block before, and its optimum
    takes the one module."""
    catalogue, learner = chain
    model = model_problem(catalogue, learner, objective, calendar=False).model
    solution = model.milp.solve(None)
    assert solution is not None
    assert model.chosen(solution.values) == frozenset({"m1"})
