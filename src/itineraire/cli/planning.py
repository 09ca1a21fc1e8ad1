"""``itineraire plan``: the best route (or the best per mix of modalities) for a learner, or for
each learner of a scenario."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itineraire.cli.output import EXIT_FINDINGS, EXIT_OK, fail, show, show_json, wants_json
from itineraire.cli.subjects import (
    DEMO_LEARNER,
    PLANNING_FAILURES,
    UsageError,
    learner_data,
    plain_route,
    plan_for,
    route_options,
    subjects,
)
from itineraire.display.route import route_view
from itineraire.planning import Route
from itineraire.planning.documents import plan_document

__all__ = ["DEMO_LEARNER", "learner_data", "plain_route", "register", "run"]


def register(commands: Any) -> None:
    plan = commands.add_parser(
        "plan",
        help="plan the best route for a learner (a demonstration learner when none is given)",
    )
    route_options(plan)
    plan.add_argument(
        "--alternatives",
        type=int,
        metavar="K",
        help="show the K best routes with different mixes of modalities",
    )
    plan.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    if arguments.alternatives is not None and not 1 <= arguments.alternatives <= 10:
        # As in scenario files: each alternative is a search of its own.
        return fail("--alternatives must be from 1 to 10")
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    count = arguments.alternatives or chosen.alternatives
    objective = chosen.objectives[0]
    results = [
        (learner, plan_for(chosen, learner, objective, count)) for learner in chosen.learners
    ]
    if wants_json(arguments):
        # One envelope whatever was asked (one learner or a scenario's, alternatives or not),
        # the answers without a route included, each with its status.
        document = plan_document(
            results,
            catalogue=chosen.catalogue_source,
            objective=objective.value,
            scenario=chosen.scenario,
        )
        show_json(document.model_dump(mode="json", exclude_none=True))
    else:
        for _learner, result in results:
            if isinstance(result, PLANNING_FAILURES):
                sys.stderr.write(f"{result}\n")
            else:
                _show_routes(result)
    failed = any(isinstance(result, PLANNING_FAILURES) for _learner, result in results)
    return EXIT_FINDINGS if failed else EXIT_OK


def _show_routes(routes: tuple[Route, ...]) -> None:
    """One route, or alternatives each labelled with its number and its mix of modalities."""
    for number, route in enumerate(routes, start=1):
        alternative = (number, len(routes)) if len(routes) > 1 else None
        show(route_view(route, alternative=alternative))
