"""``itineraire graph``: the catalogue, a sector of it, or a route, as DOT, Mermaid or GraphML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itineraire.cli.output import EXIT_FINDINGS, EXIT_OK, fail
from itineraire.cli.routes import UsageError, plan_for, route_options, subjects
from itineraire.drawing import GraphFormat, draw, neighbourhood
from itineraire.graph import NodeKind, catalogue_graph, node_id
from itineraire.planning import NoRouteError
from itineraire.planning.explaining import route_graph
from itineraire.sectors import Sector


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "graph", help="the catalogue (or a route with --route) as DOT, Mermaid or GraphML"
    )
    parser.add_argument(
        "--format",
        choices=[form.value for form in GraphFormat],
        default=GraphFormat.DOT.value,
        help="the text to write (default: dot)",
    )
    parser.add_argument(
        "--route", action="store_true", help="draw the planned route instead of the catalogue"
    )
    parser.add_argument(
        "--sector",
        choices=[sector.value for sector in Sector],
        help="only a sector's certifications, their blocks and what touches them",
    )
    route_options(parser)
    parser.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    form = GraphFormat(arguments.format)
    if not arguments.route:
        graph = catalogue_graph(chosen.catalogue)
        if arguments.sector is not None:
            codes = [
                c.code
                for c in chosen.catalogue.certifications.values()
                if c.sector is not None and c.sector.value == arguments.sector
            ]
            blocks = [
                node_id(NodeKind.BLOCK, b)
                for c in codes
                for b in chosen.catalogue.certifications[c].blocks
            ]
            certifications = [node_id(NodeKind.CERTIFICATION, c) for c in codes]
            graph = neighbourhood(graph, [*certifications, *blocks])
        sys.stdout.write(draw(graph, form))
        return EXIT_OK
    if arguments.sector is not None:
        return fail("--sector draws a catalogue, not a route")
    if len(chosen.learners) > 1:
        names = ", ".join(learner.id for learner in chosen.learners)
        return fail(f"the scenario has several learners ({names}): choose one with --learner-id")
    result = plan_for(chosen.catalogue, chosen.learners[0], chosen.objectives[0])
    if isinstance(result, NoRouteError):
        sys.stderr.write(f"{result}\n")
        return EXIT_FINDINGS
    sys.stdout.write(draw(route_graph(result[0]), form))
    return EXIT_OK
