"""The route as JSON: pydantic models for other applications, with a JSON Schema."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from itineraire.planning.route import Route, StepKind

__all__ = ["ROUTE_FORMAT", "RouteDoc", "StepDoc", "TotalsDoc", "route_document"]

ROUTE_FORMAT: Final = "itineraire.route/1"


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepDoc(_Document):
    """One step; ``end`` is its last day (inclusive)."""

    number: int
    kind: StepKind
    action: str
    title: str
    start: dt.date
    end: dt.date
    hours: int = 0
    cost: int = 0
    validates: list[str] = []
    credited: list[str] = []
    teaches: list[str] = []
    experience: str = ""
    why: list[str] = []


class TotalsDoc(_Document):
    """Calendar span (both ends included), training hours and cost of the whole route."""

    start: dt.date
    finish: dt.date
    duration_days: int
    training_hours: int
    cost: int


class RouteDoc(_Document):
    """A planned route."""

    format: Literal["itineraire.route/1"] = ROUTE_FORMAT
    learner: str
    target: str
    objective: str
    proven_optimal: bool
    bound: float | None = None
    modalities: list[str]
    totals: TotalsDoc
    validated_blocks: dict[str, int]
    steps: list[StepDoc]


def route_document(route: Route) -> RouteDoc:
    """The document of ``route``."""
    totals = route.totals
    return RouteDoc(
        learner=route.learner,
        target=route.target,
        objective=route.objective,
        proven_optimal=route.proven_optimal,
        bound=route.bound,
        modalities=list(route.modalities),
        totals=TotalsDoc(
            start=totals.start,
            finish=totals.finish,
            duration_days=totals.duration_days,
            training_hours=totals.training_hours,
            cost=totals.cost,
        ),
        validated_blocks=route.validated_blocks(),
        steps=[
            StepDoc(
                number=step.number,
                kind=step.kind,
                action=step.action,
                title=step.title,
                start=step.start,
                end=step.end,
                hours=step.hours,
                cost=step.cost,
                validates=list(step.validates),
                credited=list(step.credited),
                teaches=list(step.teaches),
                experience=step.experience,
                why=list(step.why),
            )
            for step in route.steps
        ],
    )
