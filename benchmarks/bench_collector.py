"""What Python's garbage collector costs the planner: collections, their time, peak memory.

    python benchmarks/bench_collector.py [--replans N] [--draw DRAW.pickle] [--peaks K]
        [--peak-plans I,J,...]

Plans the random re-plans of ``bench_planner.py`` one after the other, as ``bench_stages.py``
does, and prints the CPU time (total, median and p99 per plan), the collections of each
generation made meanwhile and the CPU time they took (read through ``gc.callbacks``, which only
observe: the collector's settings are left as they are), then the peak memory (``tracemalloc``)
of the ``K`` plans that took the most time, planned again one by one (their numbers are
printed: give them to the other version with ``--peak-plans``, so that both measure the same
plans). Give two versions the same ``--draw`` file to compare them on the same learners.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench_planner import kept_replans

from itineraire import builtin_catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError

Replan = tuple[Learner, Objective]


class _Watch:
    """The collections made and the CPU time they took, per generation."""

    def __init__(self) -> None:
        self.count: Counter[int] = Counter()
        self.spent: defaultdict[int, float] = defaultdict(float)
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.process_time()
            return
        generation = info["generation"]
        self.count[generation] += 1
        self.spent[generation] += time.process_time() - self._start


def _plan(planner: Planner, replan: Replan) -> None:
    with contextlib.suppress(NoRouteError, PlanningLimitError):  # timed as a route is
        planner.plan(*replan)


def _timed(planner: Planner, drawn: list[Replan]) -> list[float]:
    """Each plan's CPU time, in ms."""
    times = []
    for replan in drawn:
        start = time.process_time()
        _plan(planner, replan)
        times.append((time.process_time() - start) * 1000)
    return times


def _peak(planner: Planner, replan: Replan) -> float:
    """The most memory the plan held at once beyond what was there before it, in KiB."""
    tracemalloc.start()
    try:
        _plan(planner, replan)
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="What the garbage collector costs the planner.")
    parser.add_argument("--replans", type=int, default=1000)
    parser.add_argument("--draw", type=Path, default=None)
    parser.add_argument("--peaks", type=int, default=20)
    parser.add_argument("--peak-plans", default=None, help="plan numbers, comma-separated")
    arguments = parser.parse_args()
    catalogue = builtin_catalogue()
    drawn = kept_replans(catalogue, arguments.replans, arguments.draw)
    planner = Planner(catalogue)
    watch = _Watch()
    gc.callbacks.append(watch)
    try:
        times = _timed(planner, drawn)
    finally:
        gc.callbacks.remove(watch)
    total = sum(times) / 1000
    ordered = sorted(times)
    collected = sum(watch.spent.values())
    print(
        f"{len(times)} re-plans: total {total:.2f} s, median {statistics.median(ordered):.2f} ms,"
        f" p99 {ordered[int(len(ordered) * 0.99)]:.1f} ms"
    )
    print(
        f"collector: {collected:.2f} s ({100 * collected / total:.1f} % of the CPU time); "
        + "; ".join(
            f"generation {generation}: {watch.count[generation]} in {watch.spent[generation]:.2f} s"
            for generation in range(3)
        )
    )
    if arguments.peak_plans:
        chosen = [int(number) for number in arguments.peak_plans.split(",")]
    else:
        chosen = sorted(range(len(times)), key=lambda index: -times[index])[: arguments.peaks]
    peaks = sorted(_peak(planner, drawn[index]) for index in chosen)
    if peaks:
        print(
            f"peak memory of plans {','.join(map(str, chosen))}: total {sum(peaks):,.0f} KiB,"
            f" median {statistics.median(peaks):,.0f} KiB, max {peaks[-1]:,.0f} KiB"
        )


if __name__ == "__main__":
    main()
