"""What the exhaustive reference deals in: a sequence replayed so far (:class:`State`), its steps
(:class:`Taken`) and VAE juries (:class:`Jury`), what it holds on a day (:class:`OnDay`), the
best sequence found (:class:`Outcome`) and the objective vector sequences are compared by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from itineraire.planning import Objective, Route

__all__ = [
    "TIE_BREAK_ORDER",
    "Jury",
    "OnDay",
    "Outcome",
    "ReplayError",
    "State",
    "Taken",
    "Vector",
    "describe",
    "objective_vector",
    "route_vector",
]

Vector = tuple[int, int, int]
"""An objective vector: the primary objective, then the other two in the order duration, cost,
hours."""

TIE_BREAK_ORDER = (Objective.DURATION, Objective.COST, Objective.HOURS)


def objective_vector(objective: Objective, duration: int, cost: int, hours: int) -> Vector:
    """The vector compared lexicographically: ``objective`` first, then the others in order."""
    values = {Objective.DURATION: duration, Objective.COST: cost, Objective.HOURS: hours}
    first, second, third = (
        values[objective],
        *(values[other] for other in TIE_BREAK_ORDER if other is not objective),
    )
    return (first, second, third)


# Not the engine's ``planning.planner.route_values``, on purpose: the oracle shares no code with
# what it checks, and it reads the duration a route states (0 for a route without steps, where
# the engine counts up to the day after the finish, 1 day) rather than counting it again.
def route_vector(route: Route, objective: Objective) -> Vector:
    """A route's objective vector, from its totals (duration 0 when it has no step)."""
    totals = route.totals
    return objective_vector(objective, totals.duration_days, totals.cost, totals.training_hours)


class ReplayError(ValueError):
    """A given step cannot be taken where a sequence puts it."""


@dataclass(frozen=True)
class Taken:
    """A step of a sequence: the action, its first and last day, the blocks it validates; for
    a step of the person's track, the hours a week it takes of the person's weekly hours
    (``load``, 0 for a VAE) and the competences it teaches (with their ranks)."""

    action: str
    first: dt.date
    last: dt.date
    blocks: frozenset[str]
    load: int = 0
    teaches: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Jury:
    """A VAE of a sequence: the day it starts, the day its blocks are granted (the day after
    its jury), its blocks."""

    first: int
    granted: int
    blocks: frozenset[str]


@dataclass(frozen=True)
class State:
    """A sequence replayed so far: what the person holds and what it took."""

    day: int
    """The first day after every step of the person's track (the start day when nothing is
    taken yet)."""
    blocks: frozenset[str]
    """What the person's track gives once its steps are over (positioning, modules,
    placements), closed by the equivalences; the VAE's blocks are in ``juries``."""
    ranks: Mapping[str, int]
    experience: Mapping[str, int]
    """Finished experience per ROME job: positioning, placements, employment steps (planned
    periods apart)."""
    cost: int
    hours: int
    placed: bool
    steps: tuple[Taken, ...]
    juries: tuple[Jury, ...] = ()
    """The VAE taken, in order."""
    floor: int = 0
    """The first day of the last step of the person's track (the next one starts no earlier);
    the start day when nothing is taken yet."""

    @property
    def taken(self) -> frozenset[str]:
        """The actions taken so far."""
        return frozenset(step.action for step in self.steps)

    @property
    def end(self) -> int:
        """The day after the route's last day: the later end of the two tracks."""
        return max([self.day, *(jury.granted for jury in self.juries)])


@dataclass(frozen=True)
class OnDay:
    """What a state holds on ``day``, as the requirement rules ask it (``Holdings``)."""

    state: State
    day: int
    planned: tuple[tuple[int, str, int], ...]
    blocks: frozenset[str]
    """The blocks held on ``day``: the person's track's over by then, and the juries'."""
    ranks: Mapping[str, int]
    """The competences held on ``day``: the positioning's and those of the steps over."""

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.ranks.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        done = sum(h for job, h in self.state.experience.items() if not rome or job in rome)
        ended = sum(
            h for last, job, h in self.planned if last < self.day and (not rome or job in rome)
        )
        return done + ended


@dataclass(frozen=True)
class Outcome:
    """The best sequence found and its objective vector."""

    vector: Vector
    steps: tuple[Taken, ...]

    @property
    def actions(self) -> tuple[str, ...]:
        """The actions of the sequence, in order."""
        return tuple(step.action for step in self.steps)

    def describe(self) -> str:
        """The sequence on one line: each action with its first and last day."""
        steps = ", ".join(f"{step.action} {step.first}..{step.last}" for step in self.steps)
        return f"[{steps}]"

    def sequence(self) -> tuple[str, ...]:
        """The sequence as :func:`~itineraire.planning.simulation.simulate` takes it (a VAE
        with its first day, since a VAE may wait for planned employment)."""
        return tuple(
            f"{step.action}@{step.first.isoformat()}"
            if step.action.startswith("vae:")
            else step.action
            for step in self.steps
        )


def describe(state: State) -> str:
    """The steps of a replayed sequence, for messages."""
    if not state.steps:
        return "the positioning"
    return ", ".join(f"{step.action} {step.first}..{step.last}" for step in state.steps)
