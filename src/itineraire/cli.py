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
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Console, RenderableType

from itineraire import __version__
from itineraire.catalogue import Catalogue
from itineraire.checks import check_catalogue
from itineraire.documents import CatalogueDoc, LearnerDoc
from itineraire.errors import InputError, LearnerError
from itineraire.exporting import block_document, certification_document, module_document
from itineraire.loading import BUILTIN_CATALOGUE, learner_from_data, load_catalogue
from itineraire.modules import ProfessionalModule
from itineraire.planning import NoRouteError, Objective, Planner, Route
from itineraire.planning.documents import RouteDoc, route_document
from itineraire.planning.rendering import route_view
from itineraire.reading import UnreadableError, read_mapping
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

_SCHEMAS: dict[str, Any] = {"catalogue": CatalogueDoc, "learner": LearnerDoc, "route": RouteDoc}

DEMO_LEARNER = "demonstration learner"


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

    plan = commands.add_parser(
        "plan",
        help="plan the best route for a learner (a demonstration learner when none is given)",
    )
    _catalogue_option(plan)
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
    plan.set_defaults(command=_plan)

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


def _plan(arguments: argparse.Namespace) -> int:
    catalogue = _load(arguments)
    learner = learner_from_data(
        _learner_data(arguments), catalogue, source=arguments.learner or DEMO_LEARNER
    )
    if arguments.alternatives < 1:
        sys.stderr.write("error: --alternatives must be at least 1\n")
        return EXIT_BAD_INPUT
    planner = Planner(catalogue)
    try:
        routes = planner.alternatives(
            learner, arguments.alternatives, Objective(arguments.objective)
        )
    except NoRouteError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_FINDINGS
    if _wants_json(arguments):
        documents = [_plain_route(route) for route in routes]
        _print_json(documents[0] if arguments.alternatives == 1 else documents)
    else:
        for route in routes:
            _print(route_view(route))
    return EXIT_OK


def _plain_route(route: Route) -> dict[str, Any]:
    return route_document(route).model_dump(mode="json", exclude_defaults=False)


def _learner_data(arguments: argparse.Namespace) -> dict[str, Any]:
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


def _schema(arguments: argparse.Namespace) -> int:
    _print_json(_SCHEMAS[arguments.format].model_json_schema(by_alias=True))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
