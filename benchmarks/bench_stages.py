"""Where the planner's tail goes: each random re-plan timed as a whole and stage by stage.

    python benchmarks/bench_stages.py [--replans N] [--out STAGES.json] [--draw DRAW.pickle]
        [--work-limit N] [--distinct] [--collector-off]

Plans the random re-plans of ``bench_planner.py`` (a derandomised draw on the built-in
catalogue) one after the other and times, in CPU time, each plan and each stage it went
through: A* (``search``), the mixed-integer model (``_solver_candidate``), settling the ties
(``_settled_candidate``), the depth-first search (``dive``: each of its runs), the decomposition
(``_staged_candidate``) and the cheapest cost of a budget refusal (``_cheapest_cost``). Prints
the median, p99 and maximum, the plans over 250 ms, the unproven ones by objective and what
the depth-first search bought where it ran (a proof, a better route, or nothing); with
``--out``, every plan's record as JSON, to compare two versions plan by plan; with ``--draw``,
the re-plans are kept in that file (drawn the first time), so that two versions are timed on
the same learners (a derandomised draw also depends on the code's constants).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_planner import kept_replans

from itineraire import builtin_catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError
from itineraire.planning import planner as planner_module
from itineraire.planning.dive import Dive, DiveResult
from itineraire.planning.planner import DEFAULT_WORK_LIMIT

_STAGES = ("_solver_candidate", "_settled_candidate", "_staged_candidate", "_cheapest_cost")
_FUNCTIONS = ("search",)

Timings = dict[str, list[float]]


@dataclasses.dataclass(frozen=True)
class _Record:
    plan: int
    objective: str
    ms: float
    status: str
    stages: Timings
    dive: str | None
    """What the depth-first search bought (:data:`_DIVE_OUTCOMES`), None where it did not run."""


_DIVE_OUTCOMES = ("proved", "improved", "nothing")
"""What a plan's depth-first search bought: it finished (the route returned is proven), its
route is better than every other stage's (stopped), or neither."""


def _timed(function: Callable[..., Any], name: str, timings: Timings) -> Callable[..., Any]:
    def timed(*arguments: Any, **keywords: Any) -> Any:
        start = time.process_time()
        try:
            return function(*arguments, **keywords)
        finally:
            spent = (time.process_time() - start) * 1000
            timings.setdefault(name, []).append(round(spent, 1))

    return timed


def timed_plan(planner: Planner, learner: Learner, objective: Objective) -> tuple[str, float]:
    """How one plan ended (proven, unproven, no route, stopped) and its CPU time in ms."""
    start = time.process_time()
    try:
        status = "proven" if planner.plan(learner, objective).proven_optimal else "unproven"
    except NoRouteError:
        status = "no route"
    except PlanningLimitError:
        status = "stopped"
    return status, (time.process_time() - start) * 1000


def _instrument(timings: Timings, bought: list[str]) -> None:
    """Wrap the planner's stages so that each call adds its CPU time to ``timings``, and each
    run of the depth-first search what it bought to ``bought``."""
    for name in _FUNCTIONS:
        setattr(planner_module, name, _timed(getattr(planner_module, name), name, timings))
    for name in _STAGES:
        setattr(Planner, name, _timed(getattr(Planner, name), name, timings))
    Dive.run = _timed(_noting(Dive.run, bought), "dive", timings)  # type: ignore[method-assign]


def _noting(run: Callable[..., DiveResult], bought: list[str]) -> Callable[..., DiveResult]:
    """``Dive.run`` noting in ``bought`` what each run bought (:data:`_DIVE_OUTCOMES`): the
    plan's last run tells, since a later stage's route may beat what an earlier run found."""

    def noted(*arguments: Any, **keywords: Any) -> DiveResult:
        result = run(*arguments, **keywords)
        bought.append(
            "proved" if result.finished else "improved" if result.best is not None else "nothing"
        )
        return result

    return noted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replans", type=int, default=1000, help="random re-plans (1,000)")
    parser.add_argument("--out", type=Path, help="write every plan's record as JSON")
    parser.add_argument(
        "--draw", type=Path, help="keep the draw in this file (written once, then read)"
    )
    parser.add_argument(
        "--work-limit",
        type=int,
        default=DEFAULT_WORK_LIMIT,
        help="the planner's work limit (its default, 1,000,000): what it trades for proofs",
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="plan each (learner, objective) of the draw once: Hypothesis's draws repeat some",
    )
    parser.add_argument(
        "--collector-off",
        action="store_true",
        help="disable the garbage collector: its full collections (tens of ms) land on other"
        " plans in two versions, which blurs a plan-by-plan comparison",
    )
    arguments = parser.parse_args()
    if arguments.collector_off:
        gc.disable()
    catalogue = builtin_catalogue()
    drawn = kept_replans(catalogue, arguments.replans, arguments.draw)
    if arguments.distinct:
        drawn = list(dict.fromkeys(drawn))
    timings: Timings = {}
    bought: list[str] = []
    _instrument(timings, bought)
    planner = Planner(catalogue, work_limit=arguments.work_limit)
    records: list[_Record] = []
    for index, (learner, objective) in enumerate(drawn):
        timings.clear()
        bought.clear()
        status, spent = timed_plan(planner, learner, objective)
        stages = {name: list(values) for name, values in timings.items()}
        outcome = bought[-1] if bought else None
        records.append(_Record(index, objective.value, round(spent, 1), status, stages, outcome))
    times = sorted(record.ms for record in records)
    p99 = times[max(0, round(len(times) * 0.99) - 1)]
    print(
        f"{len(times)} re-plans: median {statistics.median(times):.1f} ms, p99 {p99:.1f} ms,"
        f" max {times[-1]:.1f} ms, {sum(t > 250 for t in times)} over 250 ms"
    )
    unproven = Counter(r.objective for r in records if r.status in ("unproven", "stopped"))
    print("unproven by objective:", dict(sorted(unproven.items())))
    slow = Counter(tuple(sorted(r.stages)) for r in records if r.ms > 250)
    for names, count in slow.most_common():
        print(f"  {count} over 250 ms went through {', '.join(names)}")
    _print_dive(records)
    if arguments.out is not None:
        document = [dataclasses.asdict(record) for record in records]
        arguments.out.write_text(json.dumps(document, indent=1), encoding="utf-8")


def _print_dive(records: list[_Record]) -> None:
    """What the depth-first search bought, with the CPU time of its runs, in the plans it ran."""
    spent: dict[str, float] = dict.fromkeys(_DIVE_OUTCOMES, 0.0)
    plans: Counter[str] = Counter()
    for record in records:
        if record.dive is not None:
            plans[record.dive] += 1
            spent[record.dive] += sum(record.stages.get("dive", ())) / 1000
    bought = ", ".join(
        f"{outcome} {plans[outcome]} ({spent[outcome]:.2f} s)" for outcome in _DIVE_OUTCOMES
    )
    print(f"the depth-first search ran in {plans.total()} plans: {bought}")


if __name__ == "__main__":
    main()
