"""An exhaustive reference planner, written from ``docs/planner.md`` alone.

:class:`Reference` shares nothing with the planner's search, stepper or simulation: it enumerates
every ordered sequence of distinct actions (the modules the person may take, and ``vae:CODE`` for
each certification open to VAE when the person allows VAE), replays each one step by step
following the specification, and keeps the best objective vector among the sequences that reach
the target within the budget. It is exponential in the number of actions: use it on small
catalogues (the kit's :func:`~itineraire.testing.strategies.planning_cases` draw at most seven
modules). Periods of employment (``employment:ROME:HOURS``) are replayed, and enumerated only
for what the target itself asks for when asked (``target_work``, see
:meth:`~itineraire.testing.reference_rules.ReferenceRules.target_work`): the planner offers those
and more, so where the person allows periods of employment the reference's optimum is then a
route no better than the planner's, and without ``target_work`` the optimum without any period.

The rules it follows are :mod:`~itineraire.testing.reference_rules`'s (on the calendar of
:mod:`~itineraire.testing.reference_calendar`, with the values of
:mod:`~itineraire.testing.reference_state`); this module is the search over them.

Pruning is limited to cuts that cannot lose an optimum: a sequence stops once it reaches the
target or exceeds the budget (every objective only grows with more steps), a prefix already no
better than the best route found is dropped (same reason), and a step that gives nothing new is
skipped (it only delays the steps after it; a VAE can still wait for the same experience). The
last cut is made only when no module prerequisite mentions experience, where a delay could in
principle matter, and no module runs part time (one may give sooner what a step running beside
it gives later).

>>> from itineraire.testing.exhaustive import Reference
>>> best = Reference(catalogue, learner).best(Objective.COST)     # doctest: +SKIP
>>> best.vector, best.actions                                     # doctest: +SKIP
((2200, 203, 59), ('m1', 'vae:RNCP9001'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.requirements import HasExperience, Requirement
from itineraire.planning import NoRouteError, Objective, Route
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.testing.reference_rules import ReferenceRules
from itineraire.testing.reference_state import (
    Jury,
    OnDay,
    Outcome,
    ReplayError,
    State,
    Taken,
    Vector,
    describe,
    objective_vector,
    route_vector,
)

__all__ = [
    "Jury",
    "OnDay",
    "Outcome",
    "Reference",
    "ReferencePlanner",
    "ReplayError",
    "State",
    "Taken",
    "Vector",
    "describe",
    "objective_vector",
    "route_vector",
]


def _mentions_experience(rule: Requirement | None) -> bool:
    return rule is not None and any(isinstance(leaf, HasExperience) for leaf in rule.leaves())


class Reference(ReferenceRules):
    """The exhaustive planner for one catalogue and one person."""

    def __init__(
        self, catalogue: Catalogue, learner: Learner, *, target_work: bool = False
    ) -> None:
        super().__init__(catalogue, learner)
        self.target_work_offered = target_work and learner.constraints.employment_allowed
        self.skip_useless = not any(
            _mentions_experience(self.requirement(module)) or self.load(module) < self.weekly_hours
            for module in self.modules
        )

    @property
    def actions(self) -> int:
        """How many actions the enumeration chooses from (modules, then VAE)."""
        return len(self.modules) + len(self.vae)

    # -- the search -------------------------------------------------------------------------

    def best(self, objective: Objective) -> Outcome | None:
        """The best objective vector over every sequence that reaches the target, with the
        first sequence found that has it; None when no sequence does."""
        budget = self.learner.constraints.budget
        best: Outcome | None = None

        def visit(state: State) -> None:
            nonlocal best
            if budget is not None and state.cost > budget:
                return
            vector = self.vector(state, objective)
            if best is not None and vector >= best.vector:
                return  # an extension is no better in any objective, so no better overall
            day = self.reached_on(state)
            if day is not None:
                reached = self.vector(state, objective, day)
                if best is None or reached < best.vector:
                    best = Outcome(reached, state.steps)
                if day == state.end:
                    return
                # Reached once planned employment is over: a step may still bring the
                # experience sooner (a placement), so the sequence goes on.
            for after in self.next_states(state):
                if self.skip_useless and not self.gives_something(state, after):
                    continue
                visit(after)
            if self.target_work_offered:
                for after in self.target_work(state):
                    visit(after)

        visit(self.root())
        return best

    def replay(self, steps: Sequence[tuple[str, dt.date]]) -> State:
        """The state after taking each (action, first day) in order; raises :class:`ReplayError`
        when an action cannot be taken, or not on that day. Periods of employment
        (``employment:ROME:HOURS``) are replayed too."""
        state = self.root()
        for action, first in steps:
            state = self.step(state, action, first)
        return state

    def step(self, state: State, action: str, first: dt.date) -> State:
        """The state after taking ``action`` from ``state``, starting on ``first``; raises
        :class:`ReplayError` when it cannot be taken there, or would not start that day."""
        if action in state.taken:
            raise ReplayError(f"{action} is taken twice")
        if action.startswith("employment:"):
            options = [self._employment(state, action)]
        else:
            options = [
                after for after in self.next_states(state) if after.steps[-1].action == action
            ]
        if not options:
            raise ReplayError(f"{action} cannot be taken after {describe(state)}")
        on_day = [after for after in options if after.steps[-1].first == first]
        if not on_day:
            days = ", ".join(str(after.steps[-1].first) for after in options)
            raise ReplayError(
                f"{action} cannot start on {first} after {describe(state)} (it would on {days})"
            )
        return on_day[0]

    def _employment(self, state: State, action: str) -> State:
        # employment:ROME:HOURS, then :N for the N-th period of the same job and hours.
        parts = action.split(":")
        if len(parts) not in (3, 4) or not all(part.isdigit() for part in parts[2:]):
            raise ReplayError(f"{action}: not employment:ROME:HOURS[:N]")
        after = self.employment_step(state, parts[1], int(parts[2]))
        if after.steps[-1].action != action:
            raise ReplayError(f"{action}: the period is named {after.steps[-1].action} here")
        return after


class ReferencePlanner:
    """The exhaustive search as a planner: the first best sequence, replayed by ``simulate``.

    It follows :class:`~itineraire.testing.conformance.PlannerUnderTest`, so the conformance
    check can run on it (the kit tests itself this way). Raises
    :class:`~itineraire.planning.NoRouteError` when no sequence reaches the target.
    """

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        best = Reference(catalogue, learner).best(objective)
        if best is None:
            raise NoRouteError(learner.id, [Reason(code=ReasonCode.NO_SEQUENCE)])
        return simulate(catalogue, learner, best.sequence(), objective)
