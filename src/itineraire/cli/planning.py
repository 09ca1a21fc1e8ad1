"""``itineraire plan``: the best route (or the best per mix of modalities) for a learner."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from itineraire.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    catalogue_option,
    fail,
    load,
    show,
    show_json,
    wants_json,
)
from itineraire.errors import LearnerError
from itineraire.loading import learner_from_data
from itineraire.planning import NoRouteError, Objective, Planner, Route
from itineraire.planning.documents import route_document
from itineraire.planning.rendering import route_view
from itineraire.reading import UnreadableError, read_mapping

DEMO_LEARNER = "demonstration learner"


def register(commands: Any) -> None:
    plan = commands.add_parser(
        "plan",
        help="plan the best route for a learner (a demonstration learner when none is given)",
    )
    catalogue_option(plan)
    plan.add_argument("--learner", metavar="FILE", help="a learner file (JSON or TOML)")
    target = plan.add_mutually_exclusive_group()
    target.add_argument("--certification", metavar="CODE", help="target a full certification")
    target.add_argument("--blocks", metavar="CODE,CODE", help="target a set of blocks")
    target.add_argument("--job", metavar="ROME", help="target a ROME job")
    plan.add_argument("--start", metavar="YYYY-MM-DD", help="the route's start date")
    plan.add_argument("--weekly-hours", type=int, metavar="H", help="training hours a week")
    plan.add_argument("--budget", type=int, metavar="EUROS", help="the most the route may cost")
    plan.add_argument(
        "--exclude", action="append", default=[], metavar="MODULE", help="a module not to use"
    )
    plan.add_argument("--no-vae", action="store_true", help="do not use VAE")
    plan.add_argument(
        "--allow-employment",
        action="store_true",
        help="allow periods of employment as steps (work, then VAE)",
    )
    plan.add_argument(
        "--placement-required", action="store_true", help="the route must include a placement"
    )
    plan.add_argument(
        "--objective",
        choices=[objective.value for objective in Objective],
        default=Objective.DURATION.value,
        help="what to minimise first (default: duration)",
    )
    plan.add_argument(
        "--alternatives",
        type=int,
        default=1,
        metavar="K",
        help="show the K best routes with different mixes of modalities",
    )
    plan.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments)
    learner = learner_from_data(
        learner_data(arguments), catalogue, source=arguments.learner or DEMO_LEARNER
    )
    if arguments.alternatives < 1:
        return fail("--alternatives must be at least 1")
    planner = Planner(catalogue)
    try:
        routes = planner.alternatives(
            learner, arguments.alternatives, Objective(arguments.objective)
        )
    except NoRouteError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_FINDINGS
    if wants_json(arguments):
        documents = [plain_route(route) for route in routes]
        show_json(documents[0] if arguments.alternatives == 1 else documents)
    else:
        for route in routes:
            show(route_view(route))
    return EXIT_OK


def plain_route(route: Route) -> dict[str, Any]:
    return route_document(route).model_dump(mode="json", exclude_defaults=False)


def learner_data(arguments: argparse.Namespace) -> dict[str, Any]:
    """The learner as data: the file (or the demonstration learner), then the options on top."""
    if arguments.learner:
        try:
            data = dict(read_mapping(Path(arguments.learner), "file"))
        except UnreadableError as error:
            raise LearnerError(arguments.learner, [error.problem]) from None
    elif arguments.certification or arguments.blocks or arguments.job:
        data = {
            "id": "cli",
            "positioning": {"date": arguments.start or dt.date.today().isoformat()},
        }
    else:
        demo = resources.files("itineraire.data").joinpath("demo_learner.json").read_bytes()
        data = dict(read_mapping(demo, DEMO_LEARNER))
    if arguments.certification:
        data["target"] = {"certification": arguments.certification}
    elif arguments.blocks:
        data["target"] = {"blocks": [code.strip() for code in arguments.blocks.split(",")]}
    elif arguments.job:
        data["target"] = {"job": arguments.job}
    constraints = dict(data.get("constraints") or {})
    overrides = {
        "start": arguments.start,
        "weekly_hours": arguments.weekly_hours,
        "budget": arguments.budget,
        "vae_allowed": False if arguments.no_vae else None,
        "employment_allowed": True if arguments.allow_employment else None,
        "placement_required": True if arguments.placement_required else None,
    }
    constraints.update({key: value for key, value in overrides.items() if value is not None})
    if arguments.exclude:
        constraints["excluded_modules"] = [
            *constraints.get("excluded_modules", []),
            *arguments.exclude,
        ]
    data["constraints"] = constraints
    return data
