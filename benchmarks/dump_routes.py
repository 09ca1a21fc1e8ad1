"""Write the route of every benchmark plan as JSON lines, to compare two versions byte for byte.

    python benchmarks/dump_routes.py OUT.jsonl [--set builtin|replans|generated] [--replans N]
        [--draw DRAW.pickle] [--employment-allowed]

One line per plan, in a fixed order: its number, the objective, whether the route is proven
optimal, and the route document (or the error's class and message). The instances are those of
``bench_planner.py``: the built-in catalogue's certifications × learner profiles × objectives,
random re-plans of the built-in catalogue (a derandomised draw), and the generated 5/20 and
10/60 catalogues in both shapes. Run it with each version (for example from a checkout of each)
and compare the files: ``cmp`` says whether any route changed, ``diff`` which. Give both runs
the same ``--draw`` file: the re-plans are then drawn once and read back, the same learners
for each version (a derandomised draw also depends on the code's constants). With
``--employment-allowed``, every person of the set allows periods of employment as steps (none
does in the sets as drawn): what a change to the periods offered does to routes.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
from bench_planner import SIZES, kept_replans, planner_catalogue, profiles, spread

from itineraire import builtin_catalogue, catalogue_from_data
from itineraire.files.export import to_json
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError
from itineraire.planning.documents import route_document

Instance = tuple[Catalogue, Learner, Objective]


def builtin_plans() -> Iterator[Instance]:
    catalogue = builtin_catalogue()
    for learner in profiles(catalogue):
        for objective in Objective:
            yield catalogue, learner, objective


def replan_plans(count: int, draw: Path | None = None) -> Iterator[Instance]:
    catalogue = builtin_catalogue()
    for learner, objective in kept_replans(catalogue, count, draw):
        yield catalogue, learner, objective


def generated_plans() -> Iterator[Instance]:
    for hard in (False, True):
        for blocks, modules in SIZES[:2]:
            catalogue = catalogue_from_data(planner_catalogue(blocks, modules, hard=hard))
            for learner in spread(list(profiles(catalogue)), catalogue, 2):
                for objective in Objective:
                    yield catalogue, learner, objective


def outcome(planner: Planner, learner: Learner, objective: Objective) -> tuple[bool, str]:
    """Whether the plan is proven (a route proven optimal, or no route proven), and its text."""
    try:
        route = planner.plan(learner, objective)
    except NoRouteError as error:
        return True, f"NoRouteError: {error}"
    except (PlanningLimitError, ValueError) as error:
        return False, f"{type(error).__name__}: {error}"
    return route.proven_optimal, to_json(route_document(route))


def add_set_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that choose a set of plans (``--set``, ``--replans``, ``--draw``)."""
    parser.add_argument(
        "--set", choices=("builtin", "replans", "generated"), default="builtin", dest="plans"
    )
    parser.add_argument("--replans", type=int, default=1000, help="random re-plans (1,000)")
    parser.add_argument(
        "--draw", type=Path, help="keep the re-plans' draw in this file (written once, then read)"
    )
    parser.add_argument(
        "--employment-allowed",
        action="store_true",
        help="every person allows periods of employment as steps",
    )


def chosen_plans(arguments: argparse.Namespace) -> Iterator[Instance]:
    """The instances of the set the options of :func:`add_set_arguments` chose."""
    if arguments.plans == "replans":
        plans = replan_plans(arguments.replans, arguments.draw)
    else:
        plans = builtin_plans() if arguments.plans == "builtin" else generated_plans()
    return _employed(plans) if arguments.employment_allowed else plans


def _employed(plans: Iterator[Instance]) -> Iterator[Instance]:
    """The same plans, each person allowing periods of employment as steps."""
    for catalogue, learner, objective in plans:
        constraints = attrs.evolve(learner.constraints, employment_allowed=True)
        yield catalogue, attrs.evolve(learner, constraints=constraints), objective


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the JSON-lines file to write")
    add_set_arguments(parser)
    arguments = parser.parse_args()
    plans = chosen_plans(arguments)
    planners: dict[int, Planner] = {}
    with Path(arguments.out).open("w", encoding="utf-8") as out:
        for number, (catalogue, learner, objective) in enumerate(plans):
            planner = planners.setdefault(id(catalogue), Planner(catalogue))
            proven, text = outcome(planner, learner, objective)
            line = {"plan": number, "objective": objective.value, "proven": proven, "route": text}
            out.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
