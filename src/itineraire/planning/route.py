"""Routes: the ordered steps a person follows, each with its dates, cost and reason.

A :class:`Route` opens with the positioning, then lists its steps in time order. Each step says
what it validates and **why it is there** (:class:`~itineraire.planning.reasons.Reason`, data
with a code): the target block it validates, or the later step whose prerequisite it provides.
Blocks validated along the way are visible, so a partial exit (validation partielle) can be read
off the route; blocks credited by equivalence are shown on the step after which they are granted
(the positioning for credit the person already had), when they matter to the target.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.learners import Target
from itineraire.planning.reasons import Caveat, Credit, Reason

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


# Steps that are not work towards the target: a route made of them only has nothing to do. (A
# chosen period of employment always serves a later VAE, so it never stands alone.)
_NOTHING_TO_DO = frozenset({StepKind.POSITIONING, StepKind.UNAVAILABLE, StepKind.EMPLOYMENT})


@attrs.frozen
class Step:
    """One step. ``end`` is the last day of the step (inclusive); ``why`` its reasons, as data
    (``str(reason)`` is the sentence); ``credited`` the blocks credited by equivalence once it is
    done."""

    number: int
    kind: StepKind
    action: str
    title: str
    start: dt.date
    end: dt.date
    hours: int = 0
    cost: int = 0
    validates: tuple[str, ...] = ()
    credited: tuple[Credit, ...] = ()
    teaches: tuple[str, ...] = ()
    experience: str = ""
    why: tuple[Reason, ...] = ()


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
    ``caveats`` say what must not be shown as a fact (illustrative entries, estimated figures).
    """

    learner: str
    target: Target
    objective: str
    steps: tuple[Step, ...]
    totals: Totals
    modalities: tuple[str, ...]
    proven_optimal: bool = True
    bound: float | None = None
    caveats: tuple[Caveat, ...] = ()

    @property
    def target_reached_on(self) -> dt.date | None:
        """The positioning's day when the person already meets the target there (the route has
        nothing to do but the person's own planned periods), else None."""
        if any(step.kind not in _NOTHING_TO_DO for step in self.steps):
            return None
        return self.steps[0].start

    def validated_blocks(self) -> dict[str, int]:
        """Each block validated on the route, with the number of the step that validates it."""
        found: dict[str, int] = {}
        for step in self.steps:
            for block in (*step.validates, *(credit.block for credit in step.credited)):
                found.setdefault(block, step.number)
        return found

    def __rich__(self) -> object:
        from itineraire.display.route import route_view

        return route_view(self)
