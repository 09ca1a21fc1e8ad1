"""The planner's mixed-integer model of one problem: what it chooses, the rules its choice must
meet, a relaxation of the calendar, and the cuts that exclude a set no order can follow (see
:mod:`itineraire.planning.highs` for the model in words).

The model is written by small parts that share one :class:`~itineraire.planning.program.Program`:
the calendar side (:mod:`~itineraire.planning.timing`), the requirement rules
(:mod:`~itineraire.planning.rules`), VAE coverage (:mod:`~itineraire.planning.coverage`), and
reading a solution and its cuts (:mod:`~itineraire.planning.choice`). The :class:`Encoder` puts
them together in the order the rows are written.
"""

from __future__ import annotations

from collections.abc import Sequence

from itineraire.planning.actions import ActionKind
from itineraire.planning.choice import Choice
from itineraire.planning.coverage import Coverage
from itineraire.planning.milp import Milp
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.program import Actor, Program, Support
from itineraire.planning.rules import Rules
from itineraire.planning.stepping import Node, Stepper
from itineraire.planning.timing import Timing

__all__ = ["Actor", "Encoder", "Support"]


class Encoder:
    """Builds the MILP of one problem (see the module's documentation)."""

    def __init__(
        self, problem: PlanningProblem, root: Node, stepper: Stepper, *, calendar: bool = True
    ) -> None:
        """``calendar``: model the relaxation of the calendar when modules have sessions (false:
        leave it to the cuts; a smaller model whose root node is much cheaper)."""
        self.program = Program(problem, root, stepper)
        self.timing = Timing(self.program, stepper.calendar, modelled=calendar)
        self.coverage = Coverage(self.program)
        self.rules = Rules(self.program, self.timing, self.coverage)
        self.choice = Choice(self.program)

    @property
    def milp(self) -> Milp:
        return self.program.milp

    @property
    def weights(self) -> dict[str, int]:
        """Each action's weight in the objective, by id."""
        return self.program.weights

    @property
    def sessions(self) -> list[str]:
        """The modules with sessions."""
        return self.timing.sessions

    @property
    def infeasible(self) -> bool:
        """Whether some rule of the goal or of the constraints can never hold."""
        return self.program.infeasible

    def encode(self) -> Encoder:
        """Every constraint: the goal, each action's rule, budget, placement, VAE coverage."""
        program = self.program
        for actor in list(program.actors):
            assert actor.action is not None
            self.rules.require(actor.action.requires, actor, actor.x)
        self.rules.require(program.problem.goal, None, None)
        self._constraints()
        self.rules.settle_uses()
        program.write_orderings()
        self.rules.cut_two_cycles()
        if self.timing.timed:
            self.timing.one_at_a_time()
        self.coverage.require_a_block()
        return self

    def _constraints(self) -> None:
        """The person's budget caps the total cost; a required placement asks for one."""
        program = self.program
        constraints = program.problem.learner.constraints
        if constraints.budget is not None:
            terms = [(a.x, float(a.action.cost)) for a in program.actors if a.action is not None]
            program.milp.row(terms, -float("inf"), float(constraints.budget))
        if constraints.placement_required:
            placements = [
                (a.x, 1.0)
                for a in program.actors
                if a.action is not None and a.action.kind is ActionKind.PLACEMENT
            ]
            if not placements:
                program.infeasible = True
            program.milp.row(placements, 1.0, float("inf"))

    # --- Reading a solution ---

    def chosen(self, values: Sequence[float]) -> frozenset[str]:
        return self.choice.chosen(values)

    def order(self, chosen: frozenset[str], values: Sequence[float]) -> list[str]:
        """The chosen actions by their supports: an order in which each one's support comes
        first (see :meth:`Choice.order`)."""
        return self.choice.order(chosen, values)

    def exclude_exactly(self, chosen: frozenset[str]) -> None:
        """Forbid this set of actions only (see :meth:`Choice.exclude_exactly`)."""
        self.choice.exclude_exactly(chosen)

    def exclude(self, chosen: frozenset[str]) -> None:
        """Forbid this set of actions, which no calendar order can follow, and every larger set
        whose other actions give nothing its rules use (see :meth:`Choice.exclude`). Where
        the person may work for experience, this set only: the periods of employment a route
        is offered depend on the actions it may still take (a module's prerequisite), so a
        larger set's route without its other actions may not be one."""
        if self.program.employment:
            self.choice.exclude_exactly(chosen)
        else:
            self.choice.exclude(chosen)

    def sessions_text(self) -> str:
        return ", ".join(self.sessions) or "none"
