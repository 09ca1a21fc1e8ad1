"""Benchmark of steps side by side: the planner on generated catalogues with and without
modules run part time.

Run from the repository root: ``.venv/bin/python benchmarks/bench_part_time.py`` (``--help`` for
the knobs). One process pinned to one core. It takes the generated catalogues of
``bench_planner.py`` (both shapes, the sizes given) and plans the same learners (profiles for the
first and the last certification) for every objective twice: on the catalogue as generated, and
on the same catalogue where every transversal module runs at 6 h a week and every second
professional module at 29 h a week (so that steps can run side by side within 35 h). It prints,
per catalogue and objective, the median and maximum wall time of a plan, the plans not proven
optimal within the default work limit, and the routes with two steps on the same days. The
numbers are recorded in ``docs/performance.md``; the machine may be shared: read medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from bench_planner import _one_core, planner_catalogue, profiles, spread

from itineraire import catalogue_from_data
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Route


def part_time(document: dict[str, Any]) -> dict[str, Any]:
    """The catalogue with transversal modules at 6 h a week and every second professional module
    at 29 h a week."""
    modules = []
    for index, module in enumerate(document["modules"]):
        module = dict(module)
        if module["kind"] == "transversal":
            module["weekly_hours"] = 6
        elif module["kind"] == "professional" and index % 2:
            module["weekly_hours"] = 29
        modules.append(module)
    return {**document, "modules": modules}


def _side_by_side(route: Route) -> bool:
    track = [
        step
        for step in route.steps[1:]
        if not step.action.startswith("vae:") and step.action != "planned"
    ]
    return any(
        other.start <= step.end and step.start <= other.end
        for index, step in enumerate(track)
        for other in track[index + 1 :]
    )


def bench(label: str, document: dict[str, Any]) -> None:
    catalogue = catalogue_from_data(document)
    planner = Planner(catalogue)
    learners = spread(list(profiles(catalogue)), catalogue, 2)
    for objective in Objective:
        times: list[float] = []
        unproven = side = 0
        for learner in learners:
            start = time.perf_counter()
            try:
                route = planner.plan(learner, objective)
            except NoRouteError:
                pass
            except PlanningLimitError:
                unproven += 1
            else:
                unproven += not route.proven_optimal
                side += _side_by_side(route)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"| {label} | {objective.value} | {len(times)} | {statistics.median(times):.0f}"
            f" | {max(times):.0f} | {unproven} | {side} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="5x20,10x60",
        help="blocks x modules of the generated catalogues (5x20,10x60)",
    )
    arguments = parser.parse_args()
    _one_core()
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("| catalogue | objective | plans | median ms | max ms | not proven | side by side |")
    print("|---|---|---|---|---|---|---|")
    for size in arguments.sizes.split(","):
        blocks, modules = (int(part) for part in size.split("x"))
        for hard in (False, True):
            document = planner_catalogue(blocks, modules, hard=hard)
            shape = "harder" if hard else "generated"
            bench(f"{shape} {size}", document)
            bench(f"{shape} {size}, part time", part_time(document))


if __name__ == "__main__":
    main()
