"""A route as the testing kit reads it: the steps it takes, each action with its first and
last day in the order a sequence decides them (the order the exhaustive reference replays), and
the route on one line for messages.
"""

from __future__ import annotations

import datetime as dt

from itineraire.model.money import euros
from itineraire.planning import Route, Step, StepKind

__all__ = [
    "PLANNED",
    "VAE_KINDS",
    "action_steps",
    "describe_route",
    "failure",
    "sequence_of",
]

VAE_KINDS = (StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT, StepKind.VAE_JURY)
PLANNED = "planned"
"""The action of the steps that show the person's own planned periods."""


def failure(route: Route | None, message: str) -> AssertionError:
    """The error an invariant raises: ``message``, then the route on one line."""
    where = "" if route is None else f"\n  route: {describe_route(route)}"
    return AssertionError(f"{message}{where}")


def describe_route(route: Route | None) -> str:
    """A route on one line: each action with its first and last day, then the totals."""
    if route is None:
        return "no route"
    steps = ", ".join(f"{action} {first}..{last}" for action, first, last in sequence_of(route))
    totals = route.totals
    return (
        f"[{steps}] {totals.duration_days} days, {euros(totals.cost)}, {totals.training_hours} h"
        + ("" if route.proven_optimal else f" (not proven, bound {route.bound})")
    )


def action_steps(route: Route) -> list[Step]:
    """The steps the route takes (not the positioning, not the person's planned periods)."""
    return [
        step
        for step in route.steps
        if step.kind is not StepKind.POSITIONING and step.action != PLANNED
    ]


def sequence_of(route: Route) -> list[tuple[str, dt.date, dt.date]]:
    """Each action of the route with its first and last day (a VAE's three steps as one), in
    the order a sequence decides them: the person's track in time order, each VAE after the
    steps finished before its first day and before the others (``docs/planner.md``)."""
    track: list[tuple[str, dt.date, dt.date]] = []
    vae: dict[str, tuple[str, dt.date, dt.date]] = {}
    for step in action_steps(route):
        if step.kind is StepKind.VAE_UNDER_WAY:
            continue  # the learner's, replayed as the reference's starting state
        if step.kind not in VAE_KINDS:
            track.append((step.action, step.start, step.end))
        elif step.action in vae:
            vae[step.action] = (step.action, vae[step.action][1], step.end)
        else:
            vae[step.action] = (step.action, step.start, step.end)
    schedule: list[tuple[str, dt.date, dt.date]] = []
    files = sorted(vae.values(), key=lambda item: item[1])
    for item in track:
        while files and files[0][1] <= item[2]:
            schedule.append(files.pop(0))
        schedule.append(item)
    return schedule + files
