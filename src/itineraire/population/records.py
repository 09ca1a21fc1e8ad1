"""The routes file: one row per person and objective, what indicators and other tools read.

A row names the person (row, id, territory, employment area, whether they are synthetic), the
objective and the status; for a route, its totals, modalities and flags (VAE, hybrid VAE,
placement, remediation) and its steps (kind, module or action, dates, hours, cost, blocks
validated or credited; titles and reasons are left to ``itineraire plan`` for one person);
without a route, the planner's reasons.
"""

from __future__ import annotations

from typing import Any, Final

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner, TargetKind
from itineraire.modules import TransversalModule
from itineraire.modules.transversal import TransversalDomain
from itineraire.planning import Route, StepKind
from itineraire.population.outcomes import Planned
from itineraire.population.rows import COLUMNS, LIST_COLUMNS
from itineraire.population.tables import Column, Kind

__all__ = ["POPULATION_COLUMNS", "ROUTES_FORMAT", "ROUTE_COLUMNS", "RouteRecords"]

ROUTES_FORMAT: Final = "itineraire.population-routes/1"

ROUTE_COLUMNS: Final = (
    Column("row", Kind.INTEGER),
    Column("learner", Kind.TEXT),
    Column("territory", Kind.TEXT),
    Column("employment_area", Kind.TEXT),
    Column("synthetic", Kind.FLAG),
    Column("objective", Kind.TEXT),
    Column("status", Kind.TEXT),
    Column("target", Kind.TEXT),
    Column("start", Kind.TEXT),
    Column("finish", Kind.TEXT),
    Column("duration_days", Kind.INTEGER),
    Column("training_hours", Kind.INTEGER),
    Column("cost", Kind.INTEGER),
    Column("modalities", Kind.TEXTS),
    Column("proven_optimal", Kind.FLAG),
    Column("vae", Kind.FLAG),
    Column("hybrid_vae", Kind.FLAG),
    Column("placement", Kind.FLAG),
    Column("remediation", Kind.FLAG),
    Column("reasons", Kind.SENTENCES),
    Column("steps", Kind.STEPS),
)
"""The columns of a routes file, in order."""

_INTEGERS: Final = frozenset({"weekly_hours", "budget"})
_FLAGS: Final = frozenset({"vae_allowed", "placement_required", "employment_allowed", "synthetic"})
POPULATION_COLUMNS: Final = tuple(
    Column(
        name,
        Kind.TEXTS
        if name in LIST_COLUMNS
        else Kind.INTEGER
        if name in _INTEGERS
        else Kind.FLAG
        if name in _FLAGS
        else Kind.TEXT,
    )
    for name in COLUMNS
)
"""The columns of a population file as written (by ``population sample``)."""


class RouteRecords:
    """Turns outcomes into rows of the routes file, for one catalogue.

    The part of a row that comes from the route is computed once per route planned and shared
    by everyone who reuses it."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._basic_skills = frozenset(
            module.id
            for module in catalogue.modules.values()
            if isinstance(module, TransversalModule)
            and module.domain is TransversalDomain.BASIC_SKILLS
        )
        self._last: tuple[object, dict[str, Any]] | None = None

    def row(self, planned: Planned) -> dict[str, Any]:
        person = planned.person
        head: dict[str, Any] = {
            "row": person.row,
            "learner": person.learner.id,
            "territory": person.territory,
            "employment_area": person.employment_area,
            "synthetic": person.synthetic,
            "objective": planned.objective.value,
            "status": planned.status.value,
            "target": _target(person.learner),
        }
        # The route as planned (perhaps for someone else): the row names the person itself.
        outcome = planned.planned
        if not isinstance(outcome, Route):
            return {**head, **_EMPTY, "reasons": list(outcome.texts())}
        return {**head, **self._route_part(outcome)}

    def _route_part(self, route: Route) -> dict[str, Any]:
        # Routes reused for several people share their steps with the route planned first; the
        # same route often comes several times in a row (one per person of a group).
        if self._last is not None and self._last[0] is route.steps:
            return self._last[1]
        part = self._describe(route)
        self._last = (route.steps, part)
        return part

    def _describe(self, route: Route) -> dict[str, Any]:
        kinds = {step.kind for step in route.steps}
        vae = StepKind.VAE_JURY in kinds or StepKind.VAE_UNDER_WAY in kinds
        trained = bool({"training", "company"} & set(route.modalities))
        totals = route.totals
        return {
            "start": totals.start.isoformat(),
            "finish": totals.finish.isoformat(),
            "duration_days": totals.duration_days,
            "training_hours": totals.training_hours,
            "cost": totals.cost,
            "modalities": list(route.modalities),
            "proven_optimal": route.proven_optimal,
            "vae": vae,
            "hybrid_vae": vae and trained,
            "placement": StepKind.PLACEMENT in kinds,
            "remediation": any(step.action in self._basic_skills for step in route.steps),
            "reasons": [],
            "steps": [
                {
                    "number": step.number,
                    "kind": step.kind.value,
                    "action": step.action,
                    "start": step.start.isoformat(),
                    "end": step.end.isoformat(),
                    "hours": step.hours,
                    "cost": step.cost,
                    "validates": list(step.validates),
                    # The blocks credited by equivalence (their equivalences are in the plan).
                    "credited": [credit.block for credit in step.credited],
                }
                for step in route.steps
            ],
        }


def _target(learner: Learner) -> str:
    """The target as a code for a certification (the usual case), in words otherwise."""
    target = learner.target
    if target.kind is TargetKind.CERTIFICATION and target.certification is not None:
        return target.certification
    return str(target)


_EMPTY: Final[dict[str, Any]] = {
    "start": None,
    "finish": None,
    "duration_days": None,
    "training_hours": None,
    "cost": None,
    "modalities": [],
    "proven_optimal": None,
    "vae": None,
    "hybrid_vae": None,
    "placement": None,
    "remediation": None,
    "steps": [],
}
