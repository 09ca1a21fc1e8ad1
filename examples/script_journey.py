"""Script a journey and watch the route change: a route designer's what-if, in code.

Nadia, 41, has done home help for years without a diploma. She aims at the Assistant de vie aux
familles title (RNCP37715). The script records what happens to her (two periods of employment, a
VAE file, a partial jury), re-plans after each event, and prints how the rest of her route and
her portfolio change. Run it with ``python examples/script_journey.py``.
"""

from __future__ import annotations

import datetime as dt

from itineraire import builtin_catalogue, learner_from_data
from itineraire.journeys import (
    EmploymentPeriod,
    Journey,
    JourneyError,
    ModuleCompleted,
    VaeAdmissibility,
    VaeJury,
    portfolio,
)
from itineraire.journeys.replay import frames
from itineraire.model.money import euros
from itineraire.planning import Objective
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

D = dt.date
AVF = "RNCP37715"


def main() -> None:
    catalogue = builtin_catalogue()
    nadia = learner_from_data(
        {
            "id": "nadia",
            "name": "Nadia",
            "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"]},
            "target": {"certification": AVF},
        },
        catalogue,
    )
    journey = Journey.start(catalogue, nadia).extend(
        [
            EmploymentPeriod(date=D(2027, 4, 30), start=D(2027, 1, 4), hours=600, rome="K1304"),
            EmploymentPeriod(date=D(2027, 8, 31), start=D(2027, 5, 3), hours=600, rome="K1302"),
            VaeAdmissibility(
                date=D(2027, 9, 15), certification=AVF, decision=AdmissibilityDecision.ADMISSIBLE
            ),
            VaeJury(
                date=D(2028, 3, 1),
                certification=AVF,
                outcome=JuryOutcome.PARTIAL_CERTIFICATION,
                blocks=(f"{AVF}-B1",),
            ),
        ]
    )
    for frame in frames(journey, Objective.COST):
        assert frame.replan is not None
        route = frame.replan.route
        steps = ", ".join(dict.fromkeys(step.action for step in route.steps[1:]))
        print(f"{frame.index}. {frame.description}")
        print(f"   rest of the route: {steps} ({euros(route.totals.cost)})")
        for item in frame.replan.returns:
            print(f"   return: {item.reason}")
        for note in frame.replan.notes:
            print(f"   note: {note}")
    held = portfolio(journey)
    print("portfolio: " + ", ".join(f"{b.block} ({b.method})" for b in held.blocks))
    try:
        journey.append(ModuleCompleted(date=D(2028, 3, 2), module="avf-b2"))
    except JourneyError as error:
        print(f"refused: {error.problems[0]}")


if __name__ == "__main__":
    main()
