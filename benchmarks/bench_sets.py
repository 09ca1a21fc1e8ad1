"""Each plan of a benchmark set timed, to compare two versions plan by plan.

    python benchmarks/bench_sets.py OUT.json [--set builtin|replans|generated] [--replans N]
        [--draw DRAW.pickle]

Plans the instances of ``dump_routes.py`` (the built-in catalogue's certifications × learner
profiles × objectives, the random re-plans, or the generated 5/20 and 10/60 catalogues), one
planner per catalogue as there, the garbage collector off (its full collections land on other
plans in two versions), and writes each plan's CPU time and outcome as JSON, in the form of
``bench_stages.py --out``. Run it a few times from a checkout of each version, in turn, and give
the files to ``least_of.py``.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

from dump_routes import builtin_plans, generated_plans, replan_plans

from itineraire.planning import NoRouteError, Planner, PlanningLimitError


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument(
        "--set", choices=("builtin", "replans", "generated"), default="builtin", dest="plans"
    )
    parser.add_argument("--replans", type=int, default=1000, help="random re-plans (1,000)")
    parser.add_argument(
        "--draw", type=Path, help="keep the re-plans' draw in this file (written once, then read)"
    )
    arguments = parser.parse_args()
    plans = {
        "builtin": builtin_plans,
        "replans": lambda: replan_plans(arguments.replans, arguments.draw),
        "generated": generated_plans,
    }[arguments.plans]()
    planners: dict[int, Planner] = {}
    records = []
    gc.disable()
    for number, (catalogue, learner, objective) in enumerate(plans):
        planner = planners.setdefault(id(catalogue), Planner(catalogue))
        start = time.process_time()
        try:
            status = "proven" if planner.plan(learner, objective).proven_optimal else "unproven"
        except NoRouteError:
            status = "no route"
        except PlanningLimitError:
            status = "stopped"
        spent = (time.process_time() - start) * 1000
        records.append(
            {"plan": number, "objective": objective.value, "ms": round(spent, 1), "status": status}
        )
    arguments.out.write_text(json.dumps(records, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
