"""Re-planning a set of journeys: the rest of each person's route, as population planning does.

Each journey's state becomes a learner positioned on the re-planning day
(:func:`~itineraire.journeys.learner_at`); those learners are planned like a population (each
distinct problem once, streamed, on the same backends), then each route is read against its
journey for the returns it makes, exactly as :func:`~itineraire.journeys.replan` does for one.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator

import attrs

from itineraire.journeys import Journey, Replan, learner_at, replan
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Objective, Planner, Route
from itineraire.population.backends import Backend
from itineraire.population.outcomes import NoRoute, Status
from itineraire.population.planning import plan_population
from itineraire.population.reporting import Reporter

__all__ = ["Replanned", "replan_population"]


@attrs.frozen
class Replanned:
    """A journey and the rest of its route (with its returns), or why there is none."""

    journey: Journey
    outcome: Replan | NoRoute

    @property
    def status(self) -> Status:
        return Status.ROUTE if isinstance(self.outcome, Replan) else self.outcome.status


def replan_population(
    catalogue: Catalogue,
    journeys: Iterable[Journey],
    objective: Objective = Objective.DURATION,
    *,
    date: dt.date | None = None,
    jobs: int = 1,
    backend: Backend | None = None,
    reporter: Reporter | None = None,
) -> Iterator[Replanned]:
    """Each journey's re-planning on ``date`` (each journey's last event day by default), in
    the journeys' order. Every journey must be on ``catalogue``."""
    waiting: deque[Journey] = deque()

    def learners() -> Iterator[Learner]:
        for journey in journeys:
            if journey.catalogue is not catalogue and journey.catalogue != catalogue:
                raise ValueError(f"journey of {journey.learner.id!r} is on another catalogue")
            waiting.append(journey)
            yield learner_at(journey, date)

    planned = plan_population(
        catalogue, learners(), objective, jobs=jobs, backend=backend, reporter=reporter
    )
    for outcome in planned:
        journey = waiting.popleft()
        route = outcome.route
        if route is None:
            assert isinstance(outcome.outcome, NoRoute)
            yield Replanned(journey, outcome.outcome)
        else:
            found = replan(journey, objective, date=date, planner=_Given(catalogue, route))
            yield Replanned(journey, found)


class _Given(Planner):
    """A planner that answers with a route already planned (the population's)."""

    def __init__(self, catalogue: Catalogue, route: Route) -> None:
        super().__init__(catalogue)
        self._route = route

    def plan(self, learner: Learner, objective: Objective = Objective.DURATION) -> Route:
        return self._route
