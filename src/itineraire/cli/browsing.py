"""``itineraire catalogue``: summarise, list and show what a catalogue holds."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import RenderableType

from itineraire.cli.output import (
    EXIT_OK,
    catalogue_option,
    fail,
    load,
    plain,
    show,
    show_json,
    simple_table,
    source,
    wants_json,
)
from itineraire.display.catalogue import (
    certification_view,
    certifications_table,
    module_view,
    modules_table,
    summary_view,
)
from itineraire.files.export import block_document, certification_document, module_document
from itineraire.model.sectors import Sector
from itineraire.modules import ProfessionalModule


def register(commands: Any) -> None:
    catalogue = commands.add_parser(
        "catalogue", help="summarise, list and show certifications, blocks and modules"
    )
    catalogue_option(catalogue)
    catalogue.set_defaults(command=summary)
    views = catalogue.add_subparsers(title="views", metavar="VIEW")
    summary_parser = views.add_parser("summary", help="counts and certifications (the default)")
    catalogue_option(summary_parser)
    summary_parser.set_defaults(command=summary)
    listing = views.add_parser("list", help="list certifications, blocks, modules or competences")
    listing.add_argument(
        "what",
        choices=("certifications", "blocks", "modules", "competences"),
        help="the kind of item to list",
    )
    listing.add_argument(
        "--sector",
        choices=[sector.value for sector in Sector],
        help="only the certifications of a sector, with their blocks and modules",
    )
    catalogue_option(listing)
    listing.set_defaults(command=list_items)
    show_parser = views.add_parser("show", help="show one certification, block or module")
    show_parser.add_argument("identifier", help="a certification code, block code or module id")
    catalogue_option(show_parser)
    show_parser.set_defaults(command=show_item)


def summary(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments)
    if wants_json(arguments):
        show_json(
            {
                "catalogue": source(arguments),
                "name": catalogue.name,
                "version": catalogue.version,
                "counts": catalogue.summary(),
                "certifications": [
                    {
                        "code": c.code,
                        "title": c.title,
                        "level": c.level,
                        "sector": c.sector.value if c.sector else None,
                        "illustrative": c.provenance.illustrative,
                    }
                    for c in catalogue.certifications.values()
                ],
            }
        )
    else:
        show(summary_view(catalogue, source(arguments)))
    return EXIT_OK


def list_items(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments)
    certifications = [
        c
        for c in catalogue.certifications.values()
        if arguments.sector is None or (c.sector is not None and c.sector.value == arguments.sector)
    ]
    codes = {c.code for c in certifications}
    what = arguments.what
    if what == "certifications":
        rows: list[dict[str, Any]] = [
            plain(certification_document(catalogue, c)) for c in certifications
        ]
        view: RenderableType = certifications_table(certifications)
    elif what == "modules":
        modules = [
            m
            for m in catalogue.modules.values()
            if arguments.sector is None
            or (isinstance(m, ProfessionalModule) and m.certification in codes)
            or any(catalogue.blocks[b].certification in codes for b in m.validates)
        ]
        rows = [plain(module_document(m)) for m in modules]
        view = modules_table(modules)
    elif what == "blocks":
        rows = [
            {
                "certification": c.code,
                **plain(block_document(catalogue.blocks[b], c)),
            }
            for c in certifications
            for b in c.blocks
        ]
        view = simple_table("Blocks", rows, ("certification", "code", "title"))
    else:
        rows = [
            {"id": c.id, "title": c.title, "scale": c.scale, "framework": c.framework}
            for c in catalogue.competences.values()
        ]
        view = simple_table("Competences", rows, ("id", "title", "scale", "framework"))
    if wants_json(arguments):
        show_json(rows)
    else:
        show(view)
    return EXIT_OK


def show_item(arguments: argparse.Namespace) -> int:
    catalogue = load(arguments)
    identifier = arguments.identifier
    if identifier in catalogue.certifications:
        certification = catalogue.certifications[identifier]
        data: dict[str, Any] = plain(certification_document(catalogue, certification))
        view: RenderableType = certification_view(catalogue, certification)
    elif identifier in catalogue.blocks:
        block = catalogue.blocks[identifier]
        certification = catalogue.certifications[block.certification]
        data = {
            "certification": certification.code,
            **plain(block_document(block, certification)),
            "validated_by": list(catalogue.ways_to_validate(identifier)),
        }
        shown = {**data, "validated_by": "\n".join(data["validated_by"])}
        view = simple_table("Block", [shown], ("certification", "code", "title", "validated_by"))
    elif identifier in catalogue.modules:
        module = catalogue.modules[identifier]
        data = plain(module_document(module))
        view = module_view(module)
    else:
        return fail(f"{identifier!r} is not a certification, block or module of the catalogue")
    if wants_json(arguments):
        show_json(data)
    else:
        show(view)
    return EXIT_OK
