"""The ``itineraire`` command line.

Exit codes: 0 success, 1 findings (``check``) or nothing found, 2 bad input or usage. Errors go to
stderr in one readable block, never as a traceback. ``--json`` gives machines the same content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console, RenderableType

from itineraire import __version__
from itineraire.catalogue import Catalogue
from itineraire.checks import check_catalogue
from itineraire.documents import CatalogueDoc, LearnerDoc
from itineraire.errors import InputError
from itineraire.exporting import block_document, certification_document, module_document
from itineraire.loading import BUILTIN_CATALOGUE, load_catalogue
from itineraire.modules import ProfessionalModule
from itineraire.rendering import (
    certification_view,
    certifications_table,
    findings_view,
    module_view,
    modules_table,
    summary_view,
)
from itineraire.sectors import Sector

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

_SCHEMAS: dict[str, Any] = {"catalogue": CatalogueDoc, "learner": LearnerDoc}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = arguments.command
    try:
        return command(arguments)
    except InputError as error:
        # Plain text: a problem line must never be wrapped in the middle.
        sys.stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itineraire",
        description="Individual training routes for job seekers (« itinéraire compétences »).",
    )
    parser.add_argument("--version", action="version", version=f"itineraire {__version__}")
    parser.set_defaults(command=lambda _arguments: _usage(parser))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="list the catalogue's consistency findings (exit 1 if any)"
    )
    _catalogue_option(check)
    check.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="also report registrations that ended before this date",
    )
    check.set_defaults(command=_check)

    catalogue = commands.add_parser(
        "catalogue", help="summarise, list and show certifications, blocks and modules"
    )
    _catalogue_option(catalogue)
    catalogue.set_defaults(command=_summary)
    views = catalogue.add_subparsers(title="views", metavar="VIEW")
    summary = views.add_parser("summary", help="counts and certifications (the default)")
    _catalogue_option(summary)
    summary.set_defaults(command=_summary)
    listing = views.add_parser("list", help="list certifications, blocks, modules or competences")
    listing.add_argument("what", choices=("certifications", "blocks", "modules", "competences"))
    listing.add_argument(
        "--sector",
        choices=[sector.value for sector in Sector],
        help="only the certifications of a sector, with their blocks and modules",
    )
    _catalogue_option(listing)
    listing.set_defaults(command=_list)
    show = views.add_parser("show", help="show one certification, block or module")
    show.add_argument("identifier", help="a certification code, block code or module id")
    _catalogue_option(show)
    show.set_defaults(command=_show)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("format", choices=sorted(_SCHEMAS))
    schema.set_defaults(command=_schema)
    return parser


def _catalogue_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogue",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="a catalogue file (JSON or TOML); the built-in catalogue by default",
    )
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON for machines"
    )


def _stdout() -> Console:
    # Created per call so that output follows sys.stdout as it is now (tests capture it).
    return Console(file=sys.stdout, width=120, highlight=False)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


def _print(renderable: RenderableType) -> None:
    _stdout().print(renderable)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _plain(document: BaseModel) -> dict[str, Any]:
    """A document as the JSON-like data a file would hold (aliases, no defaults)."""
    return document.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _wants_json(arguments: argparse.Namespace) -> bool:
    return bool(getattr(arguments, "json", False))


def _source(arguments: argparse.Namespace) -> str:
    return str(getattr(arguments, "catalogue", BUILTIN_CATALOGUE))


def _load(arguments: argparse.Namespace, *, strict: bool = True) -> Catalogue:
    path = getattr(arguments, "catalogue", None)
    return load_catalogue(path, strict=strict)


def _check(arguments: argparse.Namespace) -> int:
    catalogue = _load(arguments, strict=False)
    findings = check_catalogue(catalogue, as_of=arguments.as_of)
    if _wants_json(arguments):
        _print_json(
            {
                "catalogue": _source(arguments),
                "findings": [
                    {
                        "severity": f.severity.value,
                        "code": f.code,
                        "subject": f.subject,
                        "message": f.message,
                    }
                    for f in findings
                ],
            }
        )
    else:
        _print(findings_view(findings))
    return EXIT_FINDINGS if findings else EXIT_OK


def _summary(arguments: argparse.Namespace) -> int:
    catalogue = _load(arguments)
    if _wants_json(arguments):
        _print_json(
            {
                "catalogue": _source(arguments),
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
        _print(summary_view(catalogue, _source(arguments)))
    return EXIT_OK


def _list(arguments: argparse.Namespace) -> int:
    catalogue = _load(arguments)
    certifications = [
        c
        for c in catalogue.certifications.values()
        if arguments.sector is None or (c.sector is not None and c.sector.value == arguments.sector)
    ]
    codes = {c.code for c in certifications}
    what = arguments.what
    if what == "certifications":
        rows: list[dict[str, Any]] = [
            _plain(certification_document(catalogue, c)) for c in certifications
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
        rows = [_plain(module_document(m)) for m in modules]
        view = modules_table(modules)
    elif what == "blocks":
        rows = [
            {
                "certification": c.code,
                **_plain(block_document(catalogue.blocks[b], c)),
            }
            for c in certifications
            for b in c.blocks
        ]
        view = _simple_table("Blocks", rows, ("certification", "code", "title"))
    else:
        rows = [
            {"id": c.id, "title": c.title, "scale": c.scale, "framework": c.framework}
            for c in catalogue.competences.values()
        ]
        view = _simple_table("Competences", rows, ("id", "title", "scale", "framework"))
    if _wants_json(arguments):
        _print_json(rows)
    else:
        _print(view)
    return EXIT_OK


def _simple_table(title: str, rows: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row.get(column) or "") for column in columns))
    return table


def _show(arguments: argparse.Namespace) -> int:
    catalogue = _load(arguments)
    identifier = arguments.identifier
    if identifier in catalogue.certifications:
        certification = catalogue.certifications[identifier]
        data: dict[str, Any] = _plain(certification_document(catalogue, certification))
        view: RenderableType = certification_view(catalogue, certification)
    elif identifier in catalogue.blocks:
        block = catalogue.blocks[identifier]
        certification = catalogue.certifications[block.certification]
        data = {
            "certification": certification.code,
            **_plain(block_document(block, certification)),
            "validated_by": list(catalogue.ways_to_validate(identifier)),
        }
        shown = {**data, "validated_by": ", ".join(data["validated_by"])}
        view = _simple_table("Block", [shown], ("certification", "code", "title", "validated_by"))
    elif identifier in catalogue.modules:
        module = catalogue.modules[identifier]
        data = _plain(module_document(module))
        view = module_view(module)
    else:
        sys.stderr.write(
            f"error: {identifier!r} is not a certification, block or module of the catalogue\n"
        )
        return EXIT_BAD_INPUT
    if _wants_json(arguments):
        _print_json(data)
    else:
        _print(view)
    return EXIT_OK


def _schema(arguments: argparse.Namespace) -> int:
    _print_json(_SCHEMAS[arguments.format].model_json_schema(by_alias=True))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
