"""A mixed-integer linear program in row form, solved by HiGHS.

The planner's model (:mod:`itineraire.planning.encoding`) writes its columns and rows here; this
module alone talks to HiGHS: options, limits, and reading the answer back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["Milp", "Solution", "SolverStoppedError", "solve_work"]

_WORK_PER_SOLVE = 8_000
"""The least work a solve of the model counts (see :func:`solve_work`)."""

_ENTRIES_PER_UNIT = 8
"""A solve counts the square of the model's columns and rows over this many (see
:func:`solve_work`)."""


class SolverStoppedError(RuntimeError):
    """HiGHS reached a limit before it found any solution."""


@attrs.frozen
class Solution:
    values: tuple[float, ...]
    objective: float
    proven: bool
    bound: float

    @property
    def least(self) -> int:
        """The least whole value of the objective over the sets the model still allows: its
        optimum, or the solver's bound where it stopped first, without the tie-break on the
        number of actions (below 1/2 in all)."""
        value = self.objective if self.proven else self.bound
        return math.ceil(value - 0.5 - 1e-9)


@attrs.define
class Milp:
    """A MILP in row form: columns with bounds, costs and integrality; rows with bounds."""

    lower: list[float] = attrs.field(factory=list)
    upper: list[float] = attrs.field(factory=list)
    cost: list[float] = attrs.field(factory=list)
    integer: list[bool] = attrs.field(factory=list)
    rows: list[tuple[float, float, tuple[tuple[int, float], ...]]] = attrs.field(factory=list)

    def column(
        self, lower: float, upper: float, *, integer: bool = False, cost: float = 0.0
    ) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        self.integer.append(integer)
        return len(self.lower) - 1

    def binary(self, cost: float = 0.0) -> int:
        return self.column(0.0, 1.0, integer=True, cost=cost)

    def row(self, terms: Iterable[tuple[int, float]], lower: float, upper: float) -> int:
        """Add a row; its index."""
        merged: dict[int, float] = {}
        for column, value in terms:
            merged[column] = merged.get(column, 0.0) + value
        self.rows.append((lower, upper, tuple((c, v) for c, v in merged.items() if v != 0.0)))
        return len(self.rows) - 1

    def bound_row(self, index: int, lower: float, upper: float) -> None:
        """Bound row ``index`` anew, between ``lower`` and ``upper``."""
        self.rows[index] = (lower, upper, self.rows[index][2])

    def solve(self, time_limit: float | None, node_limit: int | None = None) -> Solution | None:
        """The optimum, or None when the model is infeasible."""
        if not self.lower:
            # Nothing to choose (a VAE under way grants the whole target, say): HiGHS calls an
            # empty model neither optimal nor feasible.
            if all(lower <= 0.0 <= upper for lower, upper, _ in self.rows):
                return Solution(values=(), objective=0.0, proven=True, bound=0.0)
            return None
        # Imported on first use: a route that A* proves never loads the solver.
        import highspy
        import numpy as np

        # The bare solver class: highspy's wrapper prints a banner on standard output when the
        # first one is made, before any option can silence it (the command line's output
        # would carry it). Falls back to the wrapper if a release renames it.
        bare = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)
        solver = bare()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("mip_rel_gap", 0.0)
        # The objective is whole plus a tie-break below 1/2: a gap of 1/4 proves it optimal.
        solver.setOptionValue("mip_abs_gap", 0.25)
        # One thread: the models are small, and a second one only waits for work. Measured on
        # the planner's models of 1,000 random re-plans: the same solutions in half the time
        # (CPU and wall clock, two cores).
        solver.setOptionValue("threads", 1)
        # No feasibility jump: on the planner's small models this primal heuristic at the root
        # cost more than it saved (measured on the 325 solves of 1,000 random re-plans: 3.2 s
        # of HiGHS with it, 1.9 s without; the same optimum values, some other set of the
        # same value chosen).
        solver.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        if time_limit is not None:
            solver.setOptionValue("time_limit", float(time_limit))
        if node_limit is not None:
            # Branch-and-bound nodes: a limit on work that does not depend on the machine.
            solver.setOptionValue("mip_max_nodes", int(node_limit))
        count = len(self.lower)
        solver.addVars(count, np.array(self.lower), np.array(self.upper))
        indices = np.arange(count, dtype=np.int32)
        solver.changeColsCost(count, indices, np.array(self.cost))
        solver.changeColsIntegrality(
            count, indices, np.array([1 if i else 0 for i in self.integer], dtype=np.uint8)
        )
        starts: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for _, _, terms in self.rows:
            starts.append(len(columns))
            for column, value in terms:
                columns.append(column)
                values.append(value)
        solver.addRows(
            len(self.rows),
            np.array([r[0] for r in self.rows], dtype=np.float64),
            np.array([r[1] for r in self.rows], dtype=np.float64),
            len(columns),
            np.array(starts, dtype=np.int32),
            np.array(columns, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
        if solver.run() == highspy.HighsStatus.kError:
            # HiGHS's threads are shared by the whole process: a solver made elsewhere in it
            # may have started them with another count first, and then one thread cannot be
            # asked for. Its own count does (0: whatever was started).
            solver.setOptionValue("threads", 0)
            solver.run()
        status = solver.getModelStatus()
        statuses = highspy.HighsModelStatus
        faults = (statuses.kSolveError, statuses.kPresolveError, statuses.kPostsolveError)
        if status in faults:
            # HiGHS's presolve sometimes reduces an infeasible model to nothing and then reports
            # a solve error for the point it is left with (1.16: the ties stage of re-plan 395,
            # its track limited to days no set fits in). Without presolve the same model is
            # solved, and proven infeasible.
            status = _again_without_presolve(solver, time_limit)
        elif status == statuses.kInfeasible:
            # HiGHS's presolve has called feasible models infeasible (1.16: the ties stage of a
            # generated plan, its sets capped at the fewest hours with one set cut off, where a
            # set of those hours was left: the stage then proved a route 20 days longer than
            # the optimum). "Infeasible" proves that no route or no set is left, so it is
            # confirmed without presolve, with as many nodes again.
            status = _again_without_presolve(solver, time_limit)
        if status == statuses.kInfeasible:
            return None
        info = solver.getInfo()
        if status != statuses.kOptimal and info.primal_solution_status != 2:  # 2: feasible
            raise SolverStoppedError(
                f"HiGHS stopped without a route: {solver.modelStatusToString(status)}"
            )
        return Solution(
            values=tuple(float(v) for v in solver.getSolution().col_value),
            objective=float(info.objective_function_value),
            proven=status == statuses.kOptimal,
            bound=float(info.mip_dual_bound),
        )


def _again_without_presolve(solver: Any, time_limit: float | None) -> Any:
    """Solve the model ``solver`` holds again without presolve, within what is left of
    ``time_limit`` (the time asked for the whole solve, not as much again); its status."""
    solver.setOptionValue("presolve", "off")
    if time_limit is not None:
        left = max(0.0, float(time_limit) - solver.getRunTime())
        solver.setOptionValue("time_limit", left)
    solver.run()
    return solver.getModelStatus()


def solve_work(milp: Milp) -> int:
    """The work one solve of ``milp`` counts, in the planner's units (about a fifth of a
    microsecond each in A* on the benchmarks' machine: a solve counts fewer units than it
    takes): at least 8,000, and the square of its columns and rows over 8. Measured, a solve
    took about 0.2 microseconds per square of its columns and rows (HiGHS's set-up, presolve
    and root node more than its simplex iterations): 11 to 30 ms for the built-in
    catalogue's models of 150 to 400, about 100 ms for 700 (generated 10/60). The 40/400
    ones, 0.6 to 2.8 s then, take 9 to 660 ms (median 98) with the model's rows of today:
    this count is high for them, and low for the small ones. The stages that solve it again
    and again (settling the ties, the decomposition's next sets) start no solve that would
    take them beyond their share, so a large model bounds them too."""
    entries = len(milp.lower) + len(milp.rows)
    return max(_WORK_PER_SOLVE, entries * entries // _ENTRIES_PER_UNIT)
