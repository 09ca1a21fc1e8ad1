"""Build a small catalogue in code, plan a route, and compare two objectives.

A route designer's question: for a person who wants the front-end block of Développeur web et
web mobile (RNCP37674BC01, real), is the intensive course worth its price? The catalogue offers
an intensive course with a single session and an evening course that starts any time but costs
less; the person first needs CléA domain 3. Planning for the earliest finish and for the lowest
cost shows the two answers side by side. Hours, costs and sessions are made up for the example.

Run it with ``python examples/plan_and_compare.py``.
"""

from __future__ import annotations

from typing import Any

import itineraire
from itineraire.model.money import euros
from itineraire.planning import Objective, Planner, Route

ESTIMATE: dict[str, Any] = {"estimate": True, "note": "figures made up for the example"}


def catalogue_data() -> dict[str, Any]:
    """A catalogue with one certification, a CléA gate and two ways to its first block."""
    return {
        "name": "compare-example",
        "competences": [
            {"id": "clea.3", "title": "Usual digital techniques", "framework": "clea"},
        ],
        "certifications": [
            {
                "code": "RNCP37674",
                "registry": "rncp",
                "title": "Développeur web et web mobile",
                "level": 5,
                "rome": ["M1805"],
                "sector": "digital",
                "entry_requirement": "clea.3",
                "blocks": [
                    {"code": "RNCP37674BC01", "title": "Front-end"},
                    {"code": "RNCP37674BC02", "title": "Back-end"},
                ],
            }
        ],
        "modules": [
            {
                "kind": "transversal",
                "id": "clea-3",
                "title": "CléA domain 3",
                "domain": "basic_skills",
                "hours": 42,
                "cost": 504,
                "teaches": ["clea.3"],
                "provenance": ESTIMATE,
            },
            {
                "kind": "professional",
                "id": "front-intensive",
                "title": "Front-end, intensive (35 h a week)",
                "block": "RNCP37674BC01",
                "validates": ["RNCP37674BC01"],
                "hours": 420,
                "cost": 6300,
                "sessions": ["2027-02-01"],
                "provenance": ESTIMATE,
            },
            {
                "kind": "professional",
                "id": "front-evening",
                "title": "Front-end, evening classes (longer)",
                "block": "RNCP37674BC01",
                "validates": ["RNCP37674BC01"],
                "hours": 560,
                "cost": 3900,
                "provenance": ESTIMATE,
            },
            {
                "kind": "professional",
                "id": "back",
                "title": "Back-end",
                "block": "RNCP37674BC02",
                "validates": ["RNCP37674BC02"],
                "requires": "block:RNCP37674BC01",
                "hours": 420,
                "cost": 5040,
                "provenance": ESTIMATE,
            },
        ],
    }


LEARNER: dict[str, Any] = {
    "id": "sam",
    "name": "Sam, 29, wants to build websites",
    "positioning": {"date": "2027-01-04"},
    "constraints": {"start": "2027-01-11"},
    "target": {"blocks": ["RNCP37674BC01"]},
}


def summary(route: Route) -> str:
    totals = route.totals
    steps = " → ".join(step.action for step in route.steps[1:])
    return (
        f"{route.objective}: {steps}; finish {totals.finish.isoformat()},"
        f" {totals.training_hours} h, {euros(totals.cost)}"
    )


def main() -> None:
    catalogue = itineraire.catalogue_from_data(catalogue_data(), source="in code")
    print(f"catalogue: {len(catalogue.modules)} modules")
    learner = itineraire.learner_from_data(LEARNER, catalogue)
    planner = Planner(catalogue)
    routes = {objective: planner.plan(learner, objective) for objective in Objective}
    for objective in (Objective.DURATION, Objective.COST):
        print(summary(routes[objective]))
    fast, cheap = routes[Objective.DURATION], routes[Objective.COST]
    days = (cheap.totals.finish - fast.totals.finish).days
    saved = fast.totals.cost - cheap.totals.cost
    print(f"the cheaper route saves {euros(saved)} and ends {days} days later")
    for step in fast.steps[1:]:
        print(f"why {step.action}: {'; '.join(str(reason) for reason in step.why)}")


if __name__ == "__main__":
    main()
