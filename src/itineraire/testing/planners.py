"""What the invariants test: a planner, seen through one method.

An application's own planner (a wrapper that adds its rules, a different search) is tested by the
kit when it offers ``plan(catalogue, learner, objective) -> Route`` and raises
:class:`~itineraire.planning.NoRouteError` when there is no route.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route

__all__ = ["LibraryPlanner", "PlannerUnderTest", "plan_or_none"]


@runtime_checkable
class PlannerUnderTest(Protocol):
    """A planner the kit can test.

    ``plan`` returns the route for ``learner`` on ``catalogue`` under ``objective``, or raises
    :class:`~itineraire.planning.NoRouteError` when none exists. A route the planner could not
    prove optimal says so (``Route.proven_optimal`` false, with its lower ``bound``).
    """

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        """The route for ``learner``; raises ``NoRouteError`` when there is none."""
        ...


class LibraryPlanner:
    """The library's :class:`~itineraire.planning.Planner` as a :class:`PlannerUnderTest`.

    Each call builds a new ``Planner`` (with ``work_limit`` when given), so no state is carried
    from one call to the next.
    """

    def __init__(self, *, work_limit: int | None = None) -> None:
        self.work_limit = work_limit

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        planner = (
            Planner(catalogue)
            if self.work_limit is None
            else Planner(catalogue, work_limit=self.work_limit)
        )
        return planner.plan(learner, objective)

    def __repr__(self) -> str:
        limit = "" if self.work_limit is None else f"work_limit={self.work_limit}"
        return f"LibraryPlanner({limit})"


def plan_or_none(
    planner: PlannerUnderTest, catalogue: Catalogue, learner: Learner, objective: Objective
) -> Route | None:
    """The planner's route, or None when it raises :class:`~itineraire.planning.NoRouteError`."""
    try:
        return planner.plan(catalogue, learner, objective)
    except NoRouteError:
        return None
