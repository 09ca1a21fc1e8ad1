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
from pathlib import Path

from bench_stages import timed_plan
from dump_routes import add_set_arguments, chosen_plans

from itineraire.planning import Planner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSON file to write")
    add_set_arguments(parser)
    arguments = parser.parse_args()
    planners: dict[int, Planner] = {}
    records = []
    gc.disable()
    for number, (catalogue, learner, objective) in enumerate(chosen_plans(arguments)):
        planner = planners.setdefault(id(catalogue), Planner(catalogue))
        status, spent = timed_plan(planner, learner, objective)
        records.append(
            {"plan": number, "objective": objective.value, "ms": round(spent, 1), "status": status}
        )
    arguments.out.write_text(json.dumps(records, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
