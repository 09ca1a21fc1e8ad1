"""``itineraire schema``: the JSON Schema of each file format."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import BaseModel

from itineraire.cli.output import EXIT_OK, show_json
from itineraire.files.documents import CatalogueDoc, LearnerDoc
from itineraire.journeys.documents import JourneyDoc
from itineraire.journeys.portfolio import PortfolioDoc
from itineraire.planning.documents import RouteDoc
from itineraire.scenarios.documents import ScenarioDoc

# One entry per file format; a new format registers its document model here.
SCHEMAS: dict[str, type[BaseModel]] = {
    "catalogue": CatalogueDoc,
    "learner": LearnerDoc,
    "route": RouteDoc,
    "journey": JourneyDoc,
    "portfolio": PortfolioDoc,
    "scenario": ScenarioDoc,
}


def register(commands: Any) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument(
        "format", choices=sorted(SCHEMAS), help="the file format whose schema to print"
    )
    schema.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    show_json(SCHEMAS[arguments.format].model_json_schema(by_alias=True))
    return EXIT_OK
