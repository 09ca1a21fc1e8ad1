"""``itineraire schema``: the JSON Schema of each file format."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import BaseModel

from itineraire.cli.output import EXIT_OK, show_json
from itineraire.files.documents import CatalogueDoc, LearnerDoc
from itineraire.journeys.documents import JourneyDoc
from itineraire.journeys.portfolio import PortfolioDoc
from itineraire.planning.documents import PlanDoc, RouteDoc
from itineraire.scenarios.documents import ScenarioDoc

# One entry per file format; a new format registers its document model here.
SCHEMAS: dict[str, type[BaseModel]] = {
    "catalogue": CatalogueDoc,
    "learner": LearnerDoc,
    "route": RouteDoc,
    "plan": PlanDoc,
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


def schema_document(name: str) -> dict[str, Any]:
    """The JSON Schema of format ``name``, stating its dialect (``$schema``) and its identity
    (``$id``, a URN naming the format and its version, so that it never points at a site)."""
    model = SCHEMAS[name]
    version = str(model.model_fields["format"].default).rpartition("/")[2]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:itineraire:schema:{name}:{version}",
        **model.model_json_schema(by_alias=True),
    }


def run(arguments: argparse.Namespace) -> int:
    show_json(schema_document(arguments.format))
    return EXIT_OK
