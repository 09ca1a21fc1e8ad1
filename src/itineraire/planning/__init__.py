"""Route planning: the best individual route for a person, proven optimal.

The planner searches the sets of modules, placements, VAE and periods of employment that reach
the person's target, with A* and an exact lower bound (see ``docs/planner.md``).
"""

from __future__ import annotations

from itineraire.planning.objectives import Objective
from itineraire.planning.planner import NoRouteError, Planner, PlanningLimitError, plan
from itineraire.planning.reasons import Caveat, CaveatCode, Credit, Reason, ReasonCode
from itineraire.planning.route import Route, Step, StepKind, Totals

__all__ = [
    "Caveat",
    "CaveatCode",
    "Credit",
    "NoRouteError",
    "Objective",
    "Planner",
    "PlanningLimitError",
    "Reason",
    "ReasonCode",
    "Route",
    "Step",
    "StepKind",
    "Totals",
    "plan",
]
