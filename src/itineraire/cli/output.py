"""What every command shares: exit codes, printing (rich or JSON) and the catalogue option."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console, RenderableType

from itineraire.display._fitting import Field, FittedList
from itineraire.display.width import output_width
from itineraire.files.loading import BUILTIN_CATALOGUE, load_catalogue
from itineraire.model.catalogue import Catalogue

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def catalogue_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--catalogue FILE`` and ``--json`` (kept by the innermost parser that sees them)."""
    parser.add_argument(
        "--catalogue",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="a catalogue file (JSON or TOML); the built-in catalogue by default",
    )
    json_option(parser)


def json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON for machines"
    )


def stdout() -> Console:
    # Created per call so that output follows sys.stdout as it is now (tests capture it).
    # markup=False: strings printed are data (titles from files), never rich markup.
    # The width follows the terminal (or COLUMNS); see itineraire.display.width.
    return Console(file=sys.stdout, width=output_width(sys.stdout), highlight=False, markup=False)


def show(renderable: RenderableType) -> None:
    stdout().print(renderable)


def show_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(message: str) -> int:
    """Report bad input or usage on stderr; returns the exit code for it."""
    sys.stderr.write(f"error: {message}\n")
    return EXIT_BAD_INPUT


def plain(document: BaseModel) -> dict[str, Any]:
    """A document as the JSON-like data a file would hold (aliases, no defaults)."""
    return document.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def wants_json(arguments: argparse.Namespace) -> bool:
    return bool(getattr(arguments, "json", False))


def source(arguments: argparse.Namespace) -> str:
    return str(getattr(arguments, "catalogue", BUILTIN_CATALOGUE))


def load(arguments: argparse.Namespace, *, strict: bool = True) -> Catalogue:
    path = getattr(arguments, "catalogue", None)
    return load_catalogue(path, strict=strict)


def simple_table(title: str, rows: list[dict[str, Any]], columns: Sequence[str]) -> RenderableType:
    """A list of items that fits the width: titles wrap, other columns (identifiers) stay whole."""
    fields = [(c, Field.TEXT if c == "title" else Field.IDENTIFIER) for c in columns]
    cells = [[str(row.get(column) or "") for column in columns] for row in rows]
    return FittedList(title, fields, cells)
