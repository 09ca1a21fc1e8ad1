"""Replaying a journey with re-planning after each event: how the route changes as life goes on.

Each :class:`Frame` is one moment: the event (none for the starting point), what it changed in
what the person holds, and the rest of the route re-planned on that day, or why there is none.
"""

from __future__ import annotations

import attrs

from itineraire.journeys.describing import describe_event, state_changes
from itineraire.journeys.events import Event
from itineraire.journeys.journey import Journey
from itineraire.journeys.replanning import Replan, replan
from itineraire.model.money import euros
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Reason
from itineraire.planning.route import Route, StepKind

__all__ = ["Frame", "frames", "route_changes"]


@attrs.frozen
class Frame:
    """The journey after ``index`` events (0: the starting point) and the route from there."""

    index: int
    event: Event | None
    description: str
    changes: tuple[str, ...]
    replan: Replan | None
    no_route: str = ""
    route_changes: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    """Why there is no route, as data (``no_route`` is the message)."""


def frames(
    journey: Journey,
    objective: Objective = Objective.DURATION,
    *,
    planner: Planner | None = None,
) -> tuple[Frame, ...]:
    """The starting point, then one frame per event, each with its re-planned route."""
    planner = planner or Planner(journey.catalogue)
    result = [_frame(journey.prefix(0), 0, None, (), objective, planner, None)]
    for index, event in enumerate(journey.events, start=1):
        current = journey.prefix(index)
        changes = tuple(state_changes(journey.history[index - 1], current.state))
        previous = result[-1].replan.route if result[-1].replan else None
        result.append(_frame(current, index, event, changes, objective, planner, previous))
    return tuple(result)


def _frame(
    journey: Journey,
    index: int,
    event: Event | None,
    changes: tuple[str, ...],
    objective: Objective,
    planner: Planner,
    previous: Route | None,
) -> Frame:
    description = "starting point" if event is None else describe_event(event)
    try:
        replanned = replan(journey, objective, planner=planner)
    except (NoRouteError, PlanningLimitError) as error:
        return Frame(index, event, description, changes, None, str(error), reasons=error.reasons)
    differences = () if previous is None else route_changes(previous, replanned.route)
    return Frame(index, event, description, changes, replanned, "", differences)


def route_changes(before: Route, after: Route) -> tuple[str, ...]:
    """How a re-planned route differs from the one before: steps dropped and added, finish and
    cost (steps already done on the way are expected to drop out)."""
    kept = {StepKind.POSITIONING}
    old = [step.action for step in before.steps if step.kind not in kept]
    new = [step.action for step in after.steps if step.kind not in kept]
    changes = []
    dropped = [action for action in dict.fromkeys(old) if action not in new]
    added = [action for action in dict.fromkeys(new) if action not in old]
    if dropped:
        changes.append(f"no longer planned: {', '.join(dropped)}")
    if added:
        changes.append(f"newly planned: {', '.join(added)}")
    reached = after.target_reached_on
    if reached is not None:
        changes.append(f"target reached on {reached}")
    elif after.totals.finish != before.totals.finish:
        changes.append(f"finish {before.totals.finish} → {after.totals.finish}")
    if after.totals.cost != before.totals.cost:
        changes.append(f"cost of the rest {euros(before.totals.cost)} → {euros(after.totals.cost)}")
    return tuple(changes)
