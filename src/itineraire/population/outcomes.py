"""What planning a person gives: a route, or why there is none; and planning one problem.

:func:`plan_problem` is what every backend runs, in the process or on a worker: the planner's
errors become a :class:`NoRoute` with a status, so that one person without a route never stops
the planning of a population.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from itineraire.errors import ItineraireError
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Route
from itineraire.planning.reasons import Reason
from itineraire.population.rows import Person

__all__ = ["NoRoute", "Outcome", "Planned", "Status", "plan_problem"]


class Status(StrEnum):
    """How planning a person ended."""

    ROUTE = "route"
    """A route was found."""
    NO_ROUTE = "no_route"
    """The planner proved that no route reaches the target; the reasons say what blocks it."""
    STOPPED = "stopped"
    """The planner stopped at its limits before finding a route (none is proven impossible)."""
    ERROR = "error"
    """The planner refused the problem for another reason (its message is the reason)."""


@attrs.frozen
class NoRoute:
    """Why a person has no route: the status and the planner's reasons (as data; an error the
    planner raised for another reason is its message)."""

    status: Status
    reasons: tuple[Reason, ...] = ()
    message: str = ""

    def texts(self) -> tuple[str, ...]:
        """The reasons in words (or the error's message)."""
        return tuple(str(reason) for reason in self.reasons) or (
            (self.message,) if self.message else ()
        )


Outcome = Route | NoRoute
"""The result of one planning problem."""


@attrs.frozen
class Planned:
    """A person's outcome for one objective: their route (naming them), or why there is none.

    ``planned`` is the outcome as planned, perhaps for another person with the same problem;
    ``outcome`` and ``route`` name this person (made when first asked for: most callers of a
    large population only count or write outcomes, and need no copy of each route)."""

    person: Person
    objective: Objective
    planned: Outcome

    @property
    def outcome(self) -> Outcome:
        route = self.planned
        if isinstance(route, Route) and route.learner != self.person.learner.id:
            return attrs.evolve(route, learner=self.person.learner.id)
        return route

    @property
    def status(self) -> Status:
        return Status.ROUTE if isinstance(self.planned, Route) else self.planned.status

    @property
    def route(self) -> Route | None:
        outcome = self.outcome
        return outcome if isinstance(outcome, Route) else None


def plan_problem(planner: Planner, learner: Learner, objective: Objective) -> Outcome:
    """The route of ``learner``, or why there is none (never raises the planner's errors)."""
    try:
        return planner.plan(learner, objective)
    except NoRouteError as error:
        return NoRoute(Status.NO_ROUTE, error.reasons)
    except PlanningLimitError as error:
        # Stopped by the work limit before finding a route: not a proof that none exists.
        return NoRoute(Status.STOPPED, error.reasons, str(error))
    except ItineraireError as error:
        return NoRoute(Status.ERROR, message=str(error))
