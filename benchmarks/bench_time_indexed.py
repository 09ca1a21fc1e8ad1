"""A measured prototype: a time-indexed mixed-integer model of ``duration``, as a lower bound.

    python benchmarks/bench_time_indexed.py [PLAN ...] [--draw DRAW.pickle] [--period DAYS]
        [--time-limit SECONDS] [--no-prefixes] [--held-by] [--horizon DAYS]

Plans each re-plan of ``bench_planner.py``'s draw (``--draw``: kept in that file, as
``bench_stages.py`` does) with the planner, then builds and solves the model below with the
planner's route as its horizon, and prints a table: the planner's route, bound and CPU time;
the model's size, build and solve times (CPU), its proven lower bound, the route of the set it
chose (that set ordered by the planner's own scheduler) and whether the bound reaches the
shorter route (a proof). The default plans are the slowest ``duration`` re-plans: nine the
planner stops on and 22 it proves late. Nothing here is used by the planner: see
``docs/performance.md``, "A time-indexed model for duration", for what was measured and why it
was not kept.

The model is the planner's model (:class:`~itineraire.planning.encoding.Encoder`: targets,
n-of-m rules, prerequisites, equivalences, VAE, placements, budget) with the calendar side
replaced by periods of ``--period`` days from the route's start:

- a binary per (module, start option): one per session for a module with sessions (its exact
  start and end), one per period otherwise (a start anywhere in it, clear of unavailable
  periods); options ending after the horizon are left out;
- a VAE has a start day and ends its policy's weeks later, on its own track;
- each "held before" of the rules: the latest start of the consumer's option is no earlier
  than the earliest end of the supporter's (a fact's day between them);
- the person's track, in open days (those of any step's week, holidays and unavailable periods
  excepted): in each period, the open days the chosen options surely occupy (from their latest
  start to their earliest end) fit in the period; with prefixes, for each period, the open days
  the options have before its end, counted from their latest start, fit in the open days
  before it; both only while the route still runs (a binary per period, monotone);
- the makespan is no earlier than the earliest end of each chosen option or VAE, than the
  periods the route still runs in, nor than the fewest days of the steps of the person's track
  added up; the objective is the makespan;
- with ``--held-by``, rows meant to stay strong in the linear relaxation (:class:`TimedRules`):
  a fact that only modules provide is held at a consumer option's latest start only if one of
  their options ends by then (a cumulative column per fact and day), a fact of the target only
  from such an end on; at most one direction of a mutual equivalence.

It is a relaxation: a route ending by the horizon gives each module the option of its session
or of the period it starts in, and each VAE its start. An option's earliest end is no later
than the step's end and its latest start no earlier than its start (earliest starts and ends
are monotone); steps of the person's track follow one another, so each open day belongs to one
step at most and a step's first open days from a later start come no earlier. The model's
optimum is thus at most every route's duration: its dual bound is a proven lower bound.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import attrs
import numpy as np
from bench_planner import kept_replans

from itineraire import builtin_catalogue
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Planner
from itineraire.planning.actions import Action, ActionKind, module_actions
from itineraire.planning.calendar import Calendar
from itineraire.planning.choice import Choice
from itineraire.planning.coverage import Coverage
from itineraire.planning.encoding import Encoder
from itineraire.planning.highs import refuse_unmodelled
from itineraire.planning.milp import Milp
from itineraire.planning.objectives import Objective
from itineraire.planning.ordering import replay, schedule
from itineraire.planning.planner import root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.program import Actor, Program
from itineraire.planning.rules import Rules
from itineraire.planning.stepping import Node, Stepper
from itineraire.planning.timing import Timing

SLOWEST = (
    # Stopped at the work limit (the tail of the 1,000 re-plans).
    *(120, 212, 213, 383, 628, 791, 882, 940, 941),
    # Proven late (by the depth-first search or near the limit).
    *(108, 109, 322, 323, 324, 325, 326, 327, 328, 399, 400, 401, 402),
    *(434, 435, 436, 437, 607, 624, 784, 811, 812),
)

_ORDER_WORK = 100_000
"""Units of the stepper's work for ordering the model's set (the decomposition's share)."""

_Terms = list[tuple[int, float]]


@attrs.frozen
class Option:
    """A start option of a module: its binary, its first and last start days and the day
    after its earliest end (days from the route's start)."""

    x: int
    first: int
    last: int
    end: int


@attrs.frozen
class _Timed:
    """An actor's latest start and earliest end as terms of the model's columns (plus
    ``length`` for a VAE, whose end is its start plus its calendar length)."""

    latest: _Terms
    ends: _Terms
    length: int


class Indexed(Timing):
    """The time side of the model (see the module's documentation), in place of
    :class:`Timing`'s relaxation."""

    def __init__(
        self, program: Program, calendar: Calendar, horizon: int, period: int, prefixes: bool
    ) -> None:
        self.program = program
        self.calendar = calendar
        self.sessions = []
        self.horizon = float(horizon)
        self.late = float(2 * horizon + 1)
        self.timed = True
        self.period = period
        self.prefixes = prefixes
        self.days = horizon
        self.origin = program.root.day
        self.count = -(-horizon // period)
        self.options: dict[str, list[Option]] = {}
        self._timed: dict[int, _Timed] = {}
        milp = program.milp
        self.makespan = milp.column(0.0, float(horizon))
        self.alive = [milp.binary() for _ in range(self.count)]
        """alive[p]: the route's last day is in period p or later."""
        for actor in program.actors:
            self._time(actor)

    def day(self) -> int | None:
        return self.program.milp.column(0.0, self.horizon)

    def _time(self, actor: Actor) -> None:
        milp = self.program.milp
        action = actor.action
        assert action is not None
        start = milp.column(0.0, self.horizon)
        actor.start = start
        if action.kind is ActionKind.VAE:
            self._timed[start] = _Timed([(start, 1.0)], [(start, 1.0)], action.days)
            return
        options = self._options(action)
        self.options[action.id] = options
        if action.sessions:
            self.sessions.append(action.id)
        if not options:
            milp.upper[actor.x] = 0.0
        milp.row([*((o.x, 1.0) for o in options), (actor.x, -1.0)], 0.0, 0.0)
        milp.row([(start, 1.0), *((o.x, -float(o.first)) for o in options)], 0.0, 0.0)
        latest = [(o.x, float(o.last)) for o in options]
        self._timed[start] = _Timed(latest, [(o.x, float(o.end)) for o in options], 0)

    def _options(self, action: Action) -> list[Option]:
        """The start options of ``action`` (a module) that end by the horizon."""
        calendar, origin, milp = self.calendar, self.origin, self.program.milp
        found: list[Option] = []
        if action.sessions:
            seen: set[int] = set()
            for session in action.sessions:
                first = calendar.earliest_start(session, action) if session >= origin else None
                if first is None or first in seen:
                    continue
                seen.add(first)
                end = calendar.end(first, action) - origin
                if end <= self.days:
                    found.append(Option(milp.binary(), first - origin, first - origin, end))
            return found
        for begin in range(origin, origin + self.days, self.period):
            first = calendar.earliest_start(begin, action)
            if first is None or first >= begin + self.period:
                continue
            end = calendar.end(first, action) - origin
            if end > self.days:
                break
            days = range(first, begin + self.period)
            last = max(day for day in days if calendar.is_open(day, action.week))
            found.append(Option(milp.binary(), first - origin, last - origin, end))
        return found

    def later(self, later: int | None, earlier: int | None, gap: float, active: int | None) -> None:
        """The rules' "held before": ``later`` (a start or a fact's day) no earlier than
        ``earlier`` (a fact's day, or a start plus its step's length: its earliest end)."""
        if later is None or earlier is None:
            return
        timed_later = self._timed.get(later)
        terms: _Terms = [(later, 1.0)] if timed_later is None else list(timed_later.latest)
        timed_earlier = self._timed.get(earlier)
        constant = gap
        if timed_earlier is None:
            terms.append((earlier, -1.0))
        else:
            terms += [(column, -value) for column, value in timed_earlier.ends]
            constant = float(timed_earlier.length)
        milp = self.program.milp
        if active is None:
            milp.row(terms, constant, float("inf"))
        else:
            milp.row([*terms, (active, -self.late)], constant - self.late, float("inf"))

    def one_at_a_time(self) -> None:
        """The person's track (by period, and by prefix when asked) and the makespan."""
        week = self._week()
        self._occupation(week)
        if self.prefixes:
            self._prefixes(week)
        milp, alive = self.program.milp, self.alive
        for index in range(1, self.count):
            milp.row([(alive[index - 1], 1.0), (alive[index], -1.0)], 0.0, float("inf"))
        periods = [(alive[index], -float(self.period)) for index in range(1, self.count)]
        milp.row([(self.makespan, 1.0), *periods], 0.0, float("inf"))
        # The steps of the person's track follow one another: their fewest days add up.
        track = [
            (a.x, -float(a.action.days))
            for a in self.program.actors
            if a.action is not None and a.action.kind is not ActionKind.VAE
        ]
        milp.row([(self.makespan, 1.0), *track], 0.0, float("inf"))
        for options in self.options.values():
            for option in options:
                index = min((option.end - 1) // self.period, self.count - 1)
                milp.row([(alive[index], 1.0), (option.x, -1.0)], 0.0, float("inf"))
        for actor in self.program.actors:
            assert actor.action is not None
            assert actor.start is not None
            timed = self._timed[actor.start]
            if actor.action.kind is ActionKind.VAE:
                milp.row(
                    [(self.makespan, 1.0), (actor.start, -1.0), (actor.x, -self.late)],
                    float(timed.length) - self.late,
                    float("inf"),
                )
            elif timed.ends:
                ends = [(column, -value) for column, value in timed.ends]
                milp.row([(self.makespan, 1.0), *ends], 0.0, float("inf"))

    def _week(self) -> frozenset[int]:
        """The days of the week some step of the person's track runs on."""
        days: set[int] = set()
        for actor in self.program.actors:
            if actor.action is not None and actor.action.kind is not ActionKind.VAE:
                days |= actor.action.week
        return frozenset(days)

    def _open(self, index: int, week: frozenset[int]) -> int:
        """The open days of ``week`` in period ``index``, outside unavailable periods."""
        first = self.origin + index * self.period
        return sum(
            1
            for day in range(first, first + self.period)
            if self.calendar.is_open(day, week) and not self._unavailable(day)
        )

    def _unavailable(self, day: int) -> bool:
        return any(first <= day <= last for first, last in self.calendar.unavailable)

    def _occupation(self, week: frozenset[int]) -> None:
        rows: list[_Terms] = [[] for _ in range(self.count)]
        for actor in self.program.actors:
            assert actor.action is not None
            action = actor.action
            for option in self.options.get(action.id, []):
                for day in range(option.last, option.end):
                    if self.calendar.is_open(self.origin + day, action.week):
                        rows[min(day // self.period, self.count - 1)].append((option.x, 1.0))
        for index, terms in enumerate(rows):
            if terms:
                capacity = float(self._open(index, week))
                self.program.milp.row([*terms, (self.alive[index], -capacity)], -float("inf"), 0.0)

    def _prefixes(self, week: frozenset[int]) -> None:
        milp = self.program.milp
        rows: list[_Terms] = [[] for _ in range(self.count)]
        for actor in self.program.actors:
            assert actor.action is not None
            action = actor.action
            for option in self.options.get(action.id, []):
                start = self.origin + option.last
                counts: dict[int, int] = {}
                for day in range(start, self.calendar.end(start, action)):
                    if self.calendar.is_open(day, action.week):
                        index = min((day - self.origin) // self.period, self.count - 1)
                        counts[index] = counts.get(index, 0) + 1
                for index, amount in counts.items():
                    rows[index].append((option.x, float(amount)))
        used: list[int] = []
        free: _Terms = []
        for index, terms in enumerate(rows):
            column = milp.column(0.0, float("inf"))
            milp.row([(column, 1.0), *((c, -v) for c, v in terms)], 0.0, 0.0)
            used.append(column)
            free.append((self.alive[index], -float(self._open(index, week))))
            milp.row([*((u, 1.0) for u in used), *free], -float("inf"), 0.0)


class TimedRules(Rules):
    """The rules, with "held by" rows that stay strong in the linear relaxation: a fact that
    only modules provide is held at a consumer's latest start only if one of their options
    ends by then; a fact of the target, only from such an end on."""

    def strengthen(self, indexed: Indexed) -> None:
        milp = self.milp
        # A route needs at most one direction of a mutual equivalence: the other would give
        # back what the first one needed.
        pairs: dict[str, list[int]] = {}
        for (identifier, _index), direction in self._directions.items():
            pairs.setdefault(identifier, []).append(direction.x)
        for columns in pairs.values():
            if len(columns) == 2:
                milp.row([(column, 1.0) for column in columns], -float("inf"), 1.0)
        for fact, consumer, active in self._uses:
            ends = self._ends(fact, indexed)
            if ends is None:
                continue
            if consumer is None:
                days = range(indexed.period, indexed.days, indexed.period)
                held = self._held_by(ends, list(days))
                for day, column in held.items():
                    # The target holds the fact from its first end on: the route ends after
                    # ``day`` unless an option ends by then.
                    terms = [(indexed.makespan, 1.0), (column, float(day + 1))]
                    milp.row(terms, float(day + 1), float("inf"))
                continue
            options = indexed.options.get(consumer.id)
            if not options:
                continue
            held = self._held_by(ends, sorted({option.last for option in options}))
            for option in options:
                terms = [(option.x, 1.0), (held[option.last], -1.0)]
                if active is not None and active != consumer.x:
                    terms += [(active, 1.0), (consumer.x, -1.0)]
                milp.row(terms, -float("inf"), 0.0)

    def _ends(self, fact: tuple[str, str, int], indexed: Indexed) -> list[tuple[int, int]] | None:
        """The (earliest end, binary) of every option of the fact's providers, sorted; None
        when a VAE or an equivalence may provide it (they have no options)."""
        ends: list[tuple[int, int]] = []
        for actor in self._providers(fact):
            action = actor.action
            if action is None or action.kind is ActionKind.VAE:
                return None
            ends += [(option.end, option.x) for option in indexed.options.get(action.id, [])]
        return sorted(ends)

    def _held_by(self, ends: list[tuple[int, int]], days: list[int]) -> dict[int, int]:
        """A column per day of ``days`` (sorted): how many of the options end by then."""
        held: dict[int, int] = {}
        previous: int | None = None
        index = 0
        for day in days:
            column = self.milp.column(0.0, float("inf"))
            terms = [(column, 1.0)] + ([] if previous is None else [(previous, -1.0)])
            while index < len(ends) and ends[index][0] <= day:
                terms.append((ends[index][1], -1.0))
                index += 1
            self.milp.row(terms, 0.0, 0.0)
            held[day] = previous = column
        return held


class IndexedEncoder(Encoder):
    """The planner's model with :class:`Indexed` as its calendar side; the objective is the
    makespan."""

    def __init__(
        self,
        problem: PlanningProblem,
        root: Node,
        stepper: Stepper,
        horizon: int,
        *,
        period: int,
        prefixes: bool,
        strong: bool,
    ) -> None:
        self.program = Program(problem, root, stepper)
        self.indexed = Indexed(self.program, stepper.calendar, horizon, period, prefixes)
        self.timing = self.indexed
        self.coverage = Coverage(self.program)
        self.timed_rules = TimedRules(self.program, self.timing, self.coverage)
        self.rules = self.timed_rules
        self.choice = Choice(self.program)
        self.strong = strong
        milp = self.program.milp
        milp.cost[:] = [0.0] * len(milp.cost)
        milp.cost[self.indexed.makespan] = 1.0

    def encode(self) -> Encoder:
        super().encode()
        if self.strong:
            self.timed_rules.strengthen(self.indexed)
        return self

    def in_time(self, chosen: frozenset[str], values: list[float]) -> list[str]:
        """The chosen actions by their start in the solution."""
        starts = {a.id: values[a.start] for a in self.program.actors if a.start is not None}
        return sorted(chosen, key=lambda item: (starts[item], item))


@attrs.frozen
class Solved:
    status: str
    cpu_ms: float
    bound: float
    values: list[float] | None
    nodes: int
    nonzeros: int


def solve(milp: Milp, time_limit: float) -> Solved:
    """HiGHS on ``milp`` (one thread, presolve off: on these models it took most of the time),
    with its dual bound even when it stops without a solution."""
    import highspy

    # The bare class, as the planner's model uses it (the wrapper prints a banner).
    solver = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()
    for name, value in (("output_flag", False), ("threads", 1), ("presolve", "off")):
        solver.setOptionValue(name, value)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("mip_abs_gap", 0.999)  # the makespan is whole
    solver.setOptionValue("time_limit", time_limit)
    count = len(milp.lower)
    solver.addVars(count, np.array(milp.lower), np.array(milp.upper))
    indices = np.arange(count, dtype=np.int32)
    solver.changeColsCost(count, indices, np.array(milp.cost))
    solver.changeColsIntegrality(count, indices, np.array(milp.integer, dtype=np.uint8))
    starts: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for _, _, terms in milp.rows:
        starts.append(len(columns))
        columns += [column for column, _ in terms]
        values += [value for _, value in terms]
    solver.addRows(
        len(milp.rows),
        np.array([row[0] for row in milp.rows]),
        np.array([row[1] for row in milp.rows]),
        len(columns),
        np.array(starts, dtype=np.int32),
        np.array(columns, dtype=np.int32),
        np.array(values),
    )
    began = time.process_time()
    solver.run()
    spent = (time.process_time() - began) * 1000
    info = solver.getInfo()
    found = info.primal_solution_status == 2
    return Solved(
        status=solver.modelStatusToString(solver.getModelStatus()),
        cpu_ms=spent,
        bound=float(info.mip_dual_bound),
        values=list(solver.getSolution().col_value) if found else None,
        nodes=int(info.mip_node_count),
        nonzeros=len(columns),
    )


def measure(
    catalogue: Catalogue,
    planner: Planner,
    learner: Learner,
    arguments: argparse.Namespace,
) -> list[str] | None:
    """One row of the table, or None where the model stands aside (as the decomposition
    does: modules run part time, employment as steps)."""
    began = time.process_time()
    route = planner.plan(learner, Objective.DURATION)
    planned = (time.process_time() - began) * 1000
    horizon = arguments.horizon or route.totals.duration_days
    began = time.process_time()
    modules = module_actions(catalogue, learner)
    problem = PlanningProblem.build(
        catalogue, learner, Objective.DURATION, modules, every_placement=True
    )
    root = root_node(catalogue, learner)
    stepper = Stepper(problem, modules)
    try:
        refuse_unmodelled(problem)
    except ValueError:
        return None
    model = IndexedEncoder(
        problem,
        root,
        stepper,
        horizon,
        period=arguments.period,
        prefixes=arguments.prefixes,
        strong=arguments.strong,
    )
    model.encode()
    built = (time.process_time() - began) * 1000
    solved = solve(model.milp, arguments.time_limit)
    # No route ends before the juries of its VAE under way either.
    floor = root.finish - root.day
    infeasible = solved.status == "Infeasible"
    bound = horizon if infeasible else max(math.ceil(solved.bound - 1e-6), floor)
    found = None
    if solved.values is not None:
        order = model.in_time(model.chosen(solved.values), solved.values)
        end = replay(stepper, root, order)
        if end is None:
            try:
                end = schedule(stepper, root, order, work_limit=_ORDER_WORK)
            except ValueError:
                end = None
        found = None if end is None else stepper.settle(end).finish - root.day
    best = min(x for x in (route.totals.duration_days, found) if x is not None)
    known = route.bound if route.bound is not None else route.totals.duration_days
    return [
        f"{route.totals.duration_days}",
        f"{known:g}",
        f"{planned:.0f}",
        f"{len(model.milp.lower)} / {len(model.milp.rows)} / {solved.nonzeros}",
        f"{built:.0f}",
        f"{solved.cpu_ms:.0f}",
        solved.status if solved.status != "Optimal" else "optimal",
        f"{bound}" if math.isfinite(solved.bound) or infeasible else "none",
        "none" if found is None else f"{found}",
        "yes" if math.isfinite(solved.bound) and bound >= best else "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plans", nargs="*", type=int, default=list(SLOWEST))
    parser.add_argument("--draw", type=Path, help="the re-plans, kept in this file")
    parser.add_argument("--period", type=int, default=7, help="days per period (default 7)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--no-prefixes", dest="prefixes", action="store_false")
    parser.add_argument("--held-by", dest="strong", action="store_true")
    parser.add_argument("--horizon", type=int, help="days (default: the planner's route)")
    arguments = parser.parse_args()
    catalogue = builtin_catalogue()
    drawn = kept_replans(catalogue, max(arguments.plans) + 1, arguments.draw)
    planner = Planner(catalogue)
    print(
        "| re-plan | route | bound | planner ms | columns / rows / nonzeros | build ms |"
        " solve ms | status | model's bound | model's route | proof |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for plan in arguments.plans:
        learner, objective = drawn[plan]
        if objective is not Objective.DURATION:
            print(f"| {plan} | not a duration plan ({objective.value}) |")
            continue
        row = measure(catalogue, planner, learner, arguments)
        cells = ["the model stands aside"] if row is None else row
        print(f"| {plan} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
