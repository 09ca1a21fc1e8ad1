"""Invariants of journeys and re-planning: plain functions raising an explaining AssertionError.

- :func:`assert_credit_kept`: along a journey, nothing validated is ever lost (blocks validated
  or credited, competence levels validated by a module);
- :func:`assert_replan_keeps_credit`: a re-planned route never validates again what the person
  already holds;
- :func:`assert_replan_sound`: a re-planned route is a route the person can follow from the
  journey's state (each step's prerequisites hold at its start, the target is reached…).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from itineraire.journeys import Journey, Replan, learner_at
from itineraire.journeys.state import JourneyState
from itineraire.testing.invariants import assert_route_sound, describe_route

__all__ = [
    "Replanner",
    "assert_credit_kept",
    "assert_replan_keeps_credit",
    "assert_replan_sound",
]

Replanner = Callable[[Journey], Replan]
"""What is tested: a function giving the re-planned rest of a journey's route."""


def _validated_levels(state: JourneyState) -> dict[str, int]:
    levels: dict[str, int] = {}
    for record in state.competences:
        if not record.measured:
            levels[record.competence] = max(record.rank, levels.get(record.competence, -1))
    return levels


def assert_credit_kept(journey: Journey) -> None:
    """Raise unless every block validated and every level validated along ``journey`` is still
    held after each later event."""
    states = journey.states()
    for index, (before, after) in enumerate(itertools.pairwise(states)):
        lost = sorted(before.validated_blocks() - after.validated_blocks())
        event = journey.events[index]
        if lost:
            raise AssertionError(
                f"event {index + 1} ({event.kind} on {event.date}) loses validated blocks:"
                f" {', '.join(lost)}"
            )
        now = _validated_levels(after)
        for competence, rank in _validated_levels(before).items():
            if now.get(competence, -1) < rank:
                raise AssertionError(
                    f"event {index + 1} ({event.kind} on {event.date}) lowers the validated level"
                    f" of {competence} (rank {rank} → {now.get(competence)})"
                )


def assert_replan_keeps_credit(journey: Journey, replanner: Replanner) -> None:
    """Raise if the re-planned route validates again a block the person already holds."""
    held = journey.state.held_blocks()
    replanned = replanner(journey)
    for step in replanned.route.steps:
        again = sorted(set(step.validates) & held)
        if again:
            raise AssertionError(
                f"the re-planned route validates again {', '.join(again)} at step"
                f" {step.number} ({step.action}), already held:"
                f" {describe_route(replanned.route)}"
            )


def assert_replan_sound(journey: Journey, replanner: Replanner) -> None:
    """Raise unless the re-planned route can be followed from the journey's state."""
    replanned = replanner(journey)
    assert_route_sound(journey.catalogue, learner_at(journey, replanned.date), replanned.route)
