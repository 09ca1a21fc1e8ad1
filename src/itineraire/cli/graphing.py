"""``itineraire graph``: the catalogue, a sector of it, or a route, as DOT, Mermaid or GraphML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itineraire.analysis.drawing import GraphFormat, draw, neighbourhood
from itineraire.analysis.graph import NodeKind, catalogue_graph, node_id
from itineraire.cli.output import EXIT_OK, fail, wants_json
from itineraire.cli.subjects import UsageError, catalogue_of, one_route, route_options
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
    # The same option as plan's, read two ways: what a route is for, or what part to draw.
    parser._option_string_actions["--certification"].help = (
        "with --route, the learner's target; without, only this certification, its blocks, the"
        " modules that validate them and what those require"
    )
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
        certification = arguments.certification
        if certification is not None and certification not in catalogue.certifications:
            return fail(f"unknown certification {certification!r}: see itineraire catalogue")
        graph = _catalogue_graph(catalogue, arguments.sector, certification)
        sys.stdout.write(draw(graph, form))
        return EXIT_OK
    if arguments.sector is not None:
        return fail("--sector draws a catalogue, not a route")
    route = one_route(arguments)
    if isinstance(route, int):
        return route
    sys.stdout.write(draw(route_graph(route), form))
    return EXIT_OK


def _learner_options(arguments: argparse.Namespace) -> list[str]:
    # Without --route, --certification chooses the part of the catalogue to draw.
    names = ("learner", "blocks", "job", "start", "learner_id")
    return ["--" + name.replace("_", "-") for name in names if getattr(arguments, name, None)]


def _catalogue_graph(catalogue: Catalogue, sector: str | None, certification: str | None) -> Any:
    """The catalogue's graph; or the part of it around a sector's certifications, or around one
    certification: their blocks, what is one edge from them (the modules that validate them,
    equivalent blocks, versions) and what those modules require."""
    graph = catalogue_graph(catalogue)
    chosen = [
        c
        for c in catalogue.certifications.values()
        if (sector is None or c.sector == sector)
        and (certification is None or c.code == certification)
    ]
    if sector is None and certification is None:
        return graph
    nodes = [node_id(NodeKind.CERTIFICATION, c.code) for c in chosen]
    nodes += [node_id(NodeKind.BLOCK, block) for c in chosen for block in c.blocks]
    part = neighbourhood(graph, nodes)
    if certification is None:
        return part
    # One certification is small enough to show what its modules need, too.
    needed = [
        target
        for source, target, relation in graph.edges(data="relation")
        if source in part and relation == "requires"
    ]
    return neighbourhood(graph, [*part.nodes, *needed], depth=0)
