"""``itineraire graph``: the catalogue, a sector of it, or a route, as DOT, Mermaid or GraphML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itineraire.analysis.drawing import GraphFormat, draw, neighbourhood
from itineraire.analysis.graph import NodeKind, catalogue_graph, node_id
from itineraire.cli.output import EXIT_FINDINGS, EXIT_OK, fail, wants_json
from itineraire.cli.routes import (
    PLANNING_FAILURES,
    UsageError,
    catalogue_of,
    plan_for,
    route_options,
    subjects,
)
from itineraire.model.catalogue import Catalogue
from itineraire.model.sectors import Sector
from itineraire.planning.explaining import route_graph


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "graph", help="the catalogue (or a route with --route) as DOT, Mermaid or GraphML"
    )
    parser.add_argument(
        "--format",
        choices=[form.value for form in GraphFormat],
        default=GraphFormat.DOT.value,
        help="the text to write (default: dot; --json is the same as --format json)",
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
    form = GraphFormat.JSON if wants_json(arguments) else GraphFormat(arguments.format)
    if not arguments.route:
        given = _learner_options(arguments)
        if given:
            verb = "describes" if len(given) == 1 else "describe"
            return fail(f"{', '.join(given)} {verb} a learner: add --route to draw their route")
        try:
            catalogue = catalogue_of(arguments)
        except UsageError as error:
            return fail(str(error))
        sys.stdout.write(draw(_catalogue_graph(catalogue, arguments.sector), form))
        return EXIT_OK
    if arguments.sector is not None:
        return fail("--sector draws a catalogue, not a route")
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    if len(chosen.learners) > 1:
        names = ", ".join(learner.id for learner in chosen.learners)
        return fail(f"the scenario has several learners ({names}): choose one with --learner-id")
    result = plan_for(chosen, chosen.learners[0], chosen.objectives[0])
    if isinstance(result, PLANNING_FAILURES):
        sys.stderr.write(f"{result}\n")
        return EXIT_FINDINGS
    sys.stdout.write(draw(route_graph(result[0]), form))
    return EXIT_OK


def _learner_options(arguments: argparse.Namespace) -> list[str]:
    names = ("learner", "certification", "blocks", "job", "start", "learner_id")
    return ["--" + name.replace("_", "-") for name in names if getattr(arguments, name, None)]


def _catalogue_graph(catalogue: Catalogue, sector: str | None) -> Any:
    """The catalogue's graph, or the part of it one edge around a sector's certifications and
    blocks."""
    graph = catalogue_graph(catalogue)
    if sector is None:
        return graph
    chosen = [
        c for c in catalogue.certifications.values() if c.sector is not None and c.sector == sector
    ]
    nodes = [node_id(NodeKind.CERTIFICATION, c.code) for c in chosen]
    nodes += [node_id(NodeKind.BLOCK, block) for c in chosen for block in c.blocks]
    return neighbourhood(graph, nodes)
