"""A route so far: a :class:`Node` (its steps and what the person holds at its end), the
person's holdings on a later day (:class:`OnDay`), and what every engine reads of a route (its
mix of modalities, its values). What a step does to a node is :mod:`.stepping`'s."""

from __future__ import annotations

import attrs

from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.objectives import Objective
from itineraire.planning.pending import Pending, Running

__all__ = ["Node", "OnDay", "Scheduled", "modalities", "node_values"]


@attrs.frozen
class Scheduled:
    """An action placed in time: ``start`` and ``end`` (exclusive) are day numbers."""

    action: Action
    start: int
    end: int
    granted: frozenset[str] = frozenset()
    """Blocks granted by equivalence right after this step."""
    new: frozenset[str] = frozenset()
    """Blocks this step validated that the person did not hold yet."""


@attrs.define(eq=False)
class Node:
    """A route so far and what the person holds at its end."""

    taken: frozenset[str]
    blocks: frozenset[str]
    ranks: dict[str, int]
    experience: dict[str, int]
    day: int
    cost: int
    hours: int
    placed: bool
    steps: tuple[Scheduled, ...]
    planned: tuple[tuple[int, str, int], ...]
    variant: frozenset[str] = frozenset()
    """The blocks VAE steps covered (part of a route's identity, with ``taken``)."""
    pending: tuple[Pending, ...] = ()
    """The VAE whose jury is after ``day`` (the person's track is free from ``day``; their
    blocks are not held yet), in the order of their juries (see :mod:`.pending`)."""
    running: tuple[Running, ...] = ()
    """The part-time steps of the person's track still running after ``day`` (what they give
    is not held yet), in the order of their ends. With them, ``day`` is the first day the
    next step may start: the last step's first day, or later when the steps running leave
    none of the person's weekly hours (see :mod:`.pending`)."""
    until: int = 0
    """For a route that reaches the target once planned employment is over (its experience
    counts from its end): the day after that period's last day, when the target is reached
    (see :meth:`.Stepper.reached`); 0 otherwise."""

    @property
    def finish(self) -> int:
        """The day after the route's last day: the later end of its two tracks, or the day
        the target is reached once planned employment is over."""
        finish = self.pending[-1].end if self.pending else self.day
        if self.running and self.running[-1].end > finish:
            finish = self.running[-1].end
        # Compared, not max(): asked for every route's values and bounds.
        return finish if finish >= self.until else self.until

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.ranks.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        return self.experience_on(rome, self.day)

    def experience_planned(self, rome: frozenset[str]) -> int:
        """Experience in ``rome`` jobs once every planned period of employment is over."""
        return self.experience_on(rome, 10**9)

    def experience_on(self, rome: frozenset[str], day: int) -> int:
        """Experience in ``rome`` jobs on ``day``, planned employment ended by then included."""
        hours = sum(h for job, h in self.experience.items() if not rome or job in rome)
        hours += sum(h for end, job, h in self.planned if end < day and (not rome or job in rome))
        return hours


@attrs.frozen(eq=False)
class OnDay:
    """A node's holdings as they will be on a later day: ``blocks`` and ``ranks`` as they are
    then (the juries and part-time steps over by that day included, see
    :meth:`.Stepper.held_on`), experience with the planned employment over by then."""

    node: Node
    day: int
    blocks: frozenset[str]
    ranks: dict[str, int]

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.ranks.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        return self.node.experience_on(rome, self.day)


def modalities(node: Node) -> frozenset[str]:
    """The mix of modalities of a route: training, vae, company (a block validated in a
    company), placement, employment."""
    mix: set[str] = set()
    for step in node.steps:
        kind = step.action.kind
        if kind in (ActionKind.TRAINING, ActionKind.TRANSVERSAL):
            mix.add("training")
        elif kind is ActionKind.PLACEMENT:
            mix.add("company" if step.new else "placement")
        else:
            mix.add(kind.value)
    return frozenset(mix)


def node_values(node: Node, order: tuple[Objective, ...], origin: int) -> tuple[int, ...]:
    """The route's values in ``order`` (an objective's, see :meth:`Objective.order`), as every
    engine compares them: days from ``origin`` to the day after its end, euros, hours."""
    # Told apart by identity: asked for every route tried, and an enum's hash is a call.
    days = node.finish - origin
    return tuple(
        [
            days
            if objective is Objective.DURATION
            else node.cost
            if objective is Objective.COST
            else node.hours
            for objective in order
        ]
    )
