"""The planner on the larger generated catalogues, plan by plan, in CPU time.

    python benchmarks/bench_large.py [--out LARGE.json]

For each generated catalogue of ``bench_planner.py`` from 20 blocks / 150 modules up, in both
shapes (the harder one: layered any-of prerequisites, a VAE on a subset of the blocks,
alternatives per block), plans the bench's learners for two targets under every objective with
one planner, and prints per catalogue and objective the median and the maximum CPU time, the
plans over 2 s and the plans left unproven. With ``--out``, every plan's time as JSON, to
compare two versions plan by plan (run it from a checkout of each).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench_planner import SIZES, planner_catalogue, profiles, spread

from itineraire import catalogue_from_data
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError

_TARGETS = 2
"""Learners are drawn for this many targets (the bench's spread)."""


def _timed(
    planner: Planner, learners: list[Learner], objective: Objective
) -> tuple[list[float], int]:
    """Each learner's plan time (CPU, ms) under ``objective`` and how many were left unproven."""
    times: list[float] = []
    unproven = 0
    for learner in learners:
        start = time.process_time()
        try:
            route = planner.plan(learner, objective)
            unproven += not route.proven_optimal
        except NoRouteError:
            pass
        except PlanningLimitError:
            unproven += 1
        times.append((time.process_time() - start) * 1000)
    return times, unproven


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write every plan's time as JSON")
    arguments = parser.parse_args()
    document: dict[str, list[float]] = {}
    for hard in (False, True):
        for blocks, modules in SIZES[2:]:
            catalogue = catalogue_from_data(planner_catalogue(blocks, modules, hard=hard))
            learners = spread(list(profiles(catalogue)), catalogue, _TARGETS)
            planner = Planner(catalogue)
            for objective in Objective:
                times, unproven = _timed(planner, learners, objective)
                shape = "harder" if hard else "generated"
                name = f"{shape} {blocks}/{modules} {objective.value}"
                document[name] = times
                print(
                    f"{name}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms,"
                    f" over 2 s {sum(t > 2000 for t in times)},"
                    f" unproven {unproven} of {len(times)}",
                    flush=True,
                )
    if arguments.out is not None:
        arguments.out.write_text(json.dumps(document, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
