"""Routes: the ordered steps a person follows, each with its dates, cost and reason.

A :class:`Route` opens with the positioning, then lists its steps in time order. Each step says
what it validates and **why it is there**: the target block it validates, or the later step whose
prerequisite it provides. Blocks validated along the way are visible, so a partial exit
(validation partielle) can be read off the route.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

__all__ = ["Route", "Step", "StepKind", "Totals"]


class StepKind(StrEnum):
    """The kinds of step of a route."""

    POSITIONING = "positioning"
    TRAINING = "training"
    TRANSVERSAL = "transversal"
    PLACEMENT = "placement"
    VAE_ADMISSIBILITY = "vae_admissibility"
    VAE_SUPPORT = "vae_support"
    VAE_JURY = "vae_jury"
    EMPLOYMENT = "employment"
    UNAVAILABLE = "unavailable"


@attrs.frozen
class Step:
    """One step. ``end`` is the last day of the step (inclusive)."""

    number: int
    kind: StepKind
    action: str
    title: str
    start: dt.date
    end: dt.date
    hours: int = 0
    cost: int = 0
    validates: tuple[str, ...] = ()
    credited: tuple[str, ...] = ()
    teaches: tuple[str, ...] = ()
    experience: str = ""
    why: tuple[str, ...] = ()


@attrs.frozen
class Totals:
    """What the whole route takes: calendar span, training hours, cost."""

    start: dt.date
    finish: dt.date
    duration_days: int
    training_hours: int
    cost: int


@attrs.frozen
class Route:
    """A planned route, with its totals and whether it is proven optimal.

    ``proven_optimal`` is false only when the search was stopped by its node budget: the route is
    then the best found, and ``bound`` a lower bound of the optimum for the objective.
    """

    learner: str
    target: str
    objective: str
    steps: tuple[Step, ...]
    totals: Totals
    modalities: tuple[str, ...]
    proven_optimal: bool = True
    bound: float | None = None

    def validated_blocks(self) -> dict[str, int]:
        """Each block validated on the route, with the number of the step that validates it."""
        found: dict[str, int] = {}
        for step in self.steps:
            for block in (*step.validates, *step.credited):
                found.setdefault(block, step.number)
        return found

    def __rich__(self) -> object:
        from itineraire.display.route import route_view

        return route_view(self)
