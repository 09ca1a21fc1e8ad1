"""The scheduler against a constraint-programming model (OR-Tools' CP-SAT) on the sets the ties
stage orders: evidence for choosing the next method of ordering a set, not part of the library.

    pip install ortools
    python benchmarks/bench_cp_ordering.py [PLAN ...] [--set replans|builtin|generated]
        [--draw DRAW.pickle] [--seconds S]

Plans the given plans of a set of ``dump_routes.py`` (by their numbers there; all when none is
given; the 1,000 random re-plans unless ``--set`` says otherwise), keeps each set the ties
stage orders (as ``bench_ordering.py`` does), and orders it twice: by the
scheduler with the work it had in the plan, then by CP-SAT (one worker, ``S`` seconds at most;
it finds the calendar's answers already asked by the scheduler, which its time then leaves
out, as the scheduler's leaves out making its estimate). The solver's order is replayed by the
stepper, whose end must be the model's. Prints each set where either stops, they disagree or
the replay does not end on the model's day, then how many sets each proved, how many agree, and
their times (the model's includes building it in Python).

The model. Time is counted in the open days of the steps' week (one week for all: sets mixing
weeks are left out), so that each step lasts its open days whatever holidays fall in it; each
step starts on one of the days the calendar allows it (its sessions, clear of unavailable
periods: the stepper's first start from every day a step may be free); no two steps overlap; a
step starts after the steps that give what its prerequisites ask (blocks, also through chains
of equivalences, and competences), the way each ``any of`` chooses left to the solver; the
objective is the last end. Meant so that every order the stepper can make is a solution, and
the solver's best solution, taken in the order of its starts, an order the stepper can make
that ends no later: the two optima would then agree. That is checked, not proven: on the sets
where both prove, and by the replay of each solver's order. Left out, as the model does not
hold them: a VAE (its own track and its experience rules), steps run part time, periods of
employment (allowed, or planned), juries under way, prerequisites asking for experience the
person does not hold yet.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from bisect import bisect_left
from typing import Any

from bench_ordering import ORDER_SET, Asked, keeping, ordered_alone
from dump_routes import add_set_arguments, chosen_plans

from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.planning import NoRouteError, Planner, PlanningLimitError
from itineraire.planning import settling as settling_module
from itineraire.planning.actions import Action
from itineraire.planning.estimate import OpenDays
from itineraire.planning.ordering import replay
from itineraire.planning.stepping import Node, Stepper
from itineraire.validation.equivalences import directions_by_block

_HORIZON = 1_400
"""Open days after the start that the model looks at (about five and a half years)."""

_Literal = Any
"""A literal of the model (a CP-SAT Boolean variable), or True / False when already decided."""


class _UnsupportedError(Exception):
    """The set has what the model does not hold."""


class _Model:
    """CP-SAT's model of ordering one set (see the module's documentation)."""

    def __init__(self, cp: Any, stepper: Stepper, root: Node, order: tuple[str, ...]) -> None:
        self.cp, self.stepper, self.root = cp, stepper, root
        chosen = frozenset(order) - root.taken
        if any(item.startswith(("vae:", "employment:")) for item in chosen):
            raise _UnsupportedError("a VAE or a period of employment")
        if root.pending or root.running or root.planned:
            raise _UnsupportedError("juries, part-time steps or planned employment under way")
        if stepper.problem.learner.constraints.employment_allowed:
            raise _UnsupportedError("periods of employment allowed")
        self.actions = {a.id: a for a in stepper.actions if a.id in chosen}
        if len(self.actions) != len(chosen):
            raise _UnsupportedError("an action the stepper does not know")
        weeks = {a.week for a in self.actions.values()}
        if len(weeks) != 1 or any(a.intensity for a in self.actions.values()):
            raise _UnsupportedError("several weeks, or a step run part time")
        self.open = OpenDays(stepper.calendar, next(iter(weeks)), root.day)
        self.open.extend(_HORIZON + 1)
        self.model = cp.CpModel()
        self.starts: dict[str, Any] = {}
        self.ends: dict[str, Any] = {}
        for action in self.actions.values():
            self._step(action)
        self.model.AddNoOverlap(
            [
                self.model.NewIntervalVar(self.starts[i], a.workdays, self.ends[i], i)
                for i, a in self.actions.items()
            ]
        )
        self._before: dict[tuple[str, str], Any] = {}
        self._granting = directions_by_block(stepper.problem.catalogue.equivalences)
        for identifier, action in self.actions.items():
            met = self._met(action.requires, identifier)
            if met is False:
                raise _UnsupportedError("a prerequisite no step of the set gives")
            if met is not True:
                self.model.Add(met == 1)
        self.last = self.model.NewIntVar(0, 2 * _HORIZON, "last")
        self.model.AddMaxEquality(self.last, list(self.ends.values()))
        self.model.Minimize(self.last)

    def _step(self, action: Action) -> None:
        """The step's start among the open days the calendar allows it, its end its open days
        later (checked against the calendar's own end). The stepper asks for a step's first start
        from a free day: the start of the route, or the day after a step's last open day, which
        may be closed (a session dated on it counts from it, not from the next open day)."""
        days, calendar = self.open.days, self.stepper.calendar
        allowed: list[int] = []
        place = 0
        while place < _HORIZON:
            free = self.root.day if place == 0 else days[place - 1] + 1
            start = self.stepper.earliest_start(free, action)
            if start is None:
                break
            place = bisect_left(days, start)
            if place + action.workdays >= _HORIZON:
                break
            if calendar.end(start, action) != days[place + action.workdays - 1] + 1:
                raise _UnsupportedError("a step whose end is not its open days later")
            allowed.append(place)
            place += 1
        if not allowed:
            raise _UnsupportedError("a step with no start within the horizon")
        domain = self.cp.Domain.FromValues(allowed)
        self.starts[action.id] = self.model.NewIntVarFromDomain(domain, f"s:{action.id}")
        self.ends[action.id] = self.model.NewIntVar(0, 2 * _HORIZON, f"e:{action.id}")

    def _met(self, requirement: Requirement, step: str) -> _Literal:
        """A literal true only when ``requirement`` holds on ``step``'s first day."""
        if isinstance(requirement, HasBlock):
            return self._block(requirement.block, step)
        if isinstance(requirement, HasCompetence):
            held = self.root.ranks.get(requirement.competence)
            if held is not None and held >= requirement.rank:
                return True
            return self._any_before(
                [
                    other
                    for other, action in self.actions.items()
                    if any(
                        competence == requirement.competence and rank >= requirement.rank
                        for competence, rank, _level in action.teaches
                    )
                ],
                step,
            )
        if isinstance(requirement, HasExperience):
            if requirement.is_met(self.root):
                return True
            raise _UnsupportedError("a prerequisite asking for experience")
        if isinstance(requirement, (AllOf, AnyOf, AtLeast)):
            items = [self._met(item, step) for item in requirement.items]
            needed = (
                len(items)
                if isinstance(requirement, AllOf)
                else 1
                if isinstance(requirement, AnyOf)
                else requirement.count
            )
            return self._at_least(items, needed)
        raise _UnsupportedError(f"a prerequisite of kind {type(requirement).__name__}")

    def _block(self, block: str, step: str, path: frozenset[str] = frozenset()) -> _Literal:
        """A literal true only when ``block`` is held on ``step``'s first day: held at the start,
        given by a step before, or granted by an equivalence whose blocks are (followed along
        chains; a block already on the way counts as not held, as for a least fixpoint)."""
        if block in self.root.blocks:
            return True
        if block in path:
            return False
        path = path | {block}
        ways = [self._any_before([o for o, a in self.actions.items() if block in a.blocks], step)]
        for _id, _index, needed, _granted in self._granting.get(block, ()):
            held = [self._block(b, step, path) for b in sorted(needed)]
            ways.append(self._at_least(held, len(held)))
        return self._at_least(ways, 1)

    def _any_before(self, givers: list[str], step: str) -> _Literal:
        return self._at_least(
            [self._before_of(giver, step) for giver in givers if giver != step], 1
        )

    def _before_of(self, giver: str, step: str) -> Any:
        key = (giver, step)
        if key not in self._before:
            literal = self.model.NewBoolVar(f"{giver}<{step}")
            self.model.Add(self.ends[giver] <= self.starts[step]).OnlyEnforceIf(literal)
            self._before[key] = literal
        return self._before[key]

    def _at_least(self, items: list[_Literal], needed: int) -> _Literal:
        decided = sum(1 for item in items if item is True)
        open_ = [item for item in items if item is not True and item is not False]
        if decided >= needed:
            return True
        if decided + len(open_) < needed:
            return False
        literal = self.model.NewBoolVar("")
        self.model.Add(sum(open_) >= needed - decided).OnlyEnforceIf(literal)
        return literal

    def solve(self, seconds: float) -> tuple[str, int | None, list[str]]:
        """The solver's status, the best order's end (days from the start, as the planner
        counts them) and the order of its starts, if it found one."""
        solver = self.cp.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 1
        status = solver.Solve(self.model)
        if status not in (self.cp.OPTIMAL, self.cp.FEASIBLE):
            return solver.StatusName(status), None, []
        last = int(solver.Value(self.last))
        order = sorted(self.starts, key=lambda item: (solver.Value(self.starts[item]), item))
        return solver.StatusName(status), self.open.days[last - 1] + 1 - self.root.day, order


def _compared(cp: Any, asked: Asked, seconds: float) -> dict[str, Any]:
    """One set ordered by the scheduler (its work in the plan) and by the model."""
    stepper, root, order, _limit, _work_limit = asked
    record: dict[str, Any] = {"actions": len(order)}
    status, end, spent, _work, _at_start = ordered_alone(asked)
    scheduled = (status, end, spent)
    start = time.process_time()
    try:
        status, end, solved = _Model(cp, stepper, root, order).solve(seconds)
    except _UnsupportedError as reason:
        record["left out"] = str(reason)
        return record
    record["model"] = (status, end, (time.process_time() - start) * 1000)
    record["scheduler"] = scheduled
    replayed = replay(stepper, root, solved) if solved else None
    record["replay"] = None if replayed is None else replayed.finish - root.day
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("numbers", type=int, nargs="*", help="plans by number (all if none)")
    add_set_arguments(parser)
    parser.set_defaults(plans="replans")
    parser.add_argument("--seconds", type=float, default=2.0, help="the model's time per set")
    arguments = parser.parse_args()
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        sys.exit("bench_cp_ordering.py needs OR-Tools: pip install ortools")
    asked: list[Asked] = []
    setattr(settling_module, ORDER_SET, keeping(asked))
    planners: dict[int, Planner] = {}
    records = []
    wanted = set(arguments.numbers)
    for number, (catalogue, learner, objective) in enumerate(chosen_plans(arguments)):
        if wanted and number not in wanted:
            continue
        asked.clear()
        planner = planners.setdefault(id(catalogue), Planner(catalogue))
        with contextlib.suppress(NoRouteError, PlanningLimitError):
            planner.plan(learner, objective)
        for one in asked:
            record = _compared(cp_model, one, arguments.seconds)
            record["plan"] = number
            records.append(record)
            _report(record)
    _summary(records)


def _report(record: dict[str, Any]) -> None:
    """The set's line when the two differ, or either stops."""
    if "model" not in record:
        return
    model, scheduler = record["model"], record["scheduler"]
    agreed = model[0] == "OPTIMAL" and scheduler[0] == "proven" and model[1] == scheduler[1]
    if agreed and record["replay"] == model[1]:
        return
    print(
        f"plan {record['plan']}, {record['actions']} actions: scheduler {scheduler[0]}"
        f" {scheduler[1]} days in {scheduler[2]:.1f} ms; model {model[0]} {model[1]} days"
        f" in {model[2]:.1f} ms, its order replayed {record['replay']} days"
    )


def _summary(records: list[dict[str, Any]]) -> None:
    compared = [r for r in records if "model" in r]
    both = [r for r in compared if r["model"][0] == "OPTIMAL" and r["scheduler"][0] == "proven"]
    agree = sum(1 for r in both if r["model"][1] == r["scheduler"][1])
    replays = sum(1 for r in compared if r["model"][1] is not None and r["replay"] == r["model"][1])
    print(
        f"{len(records)} sets, {len(compared)} within the model ({len(records) - len(compared)}"
        f" left out); the scheduler proves {sum(r['scheduler'][0] == 'proven' for r in compared)},"
        f" the model {sum(r['model'][0] == 'OPTIMAL' for r in compared)}; both: {len(both)},"
        f" {agree} agree; the solver's order replayed to the model's end on {replays}"
    )
    if compared:
        for name in ("scheduler", "model"):
            times = [r[name][2] for r in compared]
            print(
                f"{name}: median {statistics.median(times):.1f} ms, max {max(times):.1f},"
                f" total {sum(times):.0f}"
            )


if __name__ == "__main__":
    main()
