"""``itineraire import rncp|lheo|rome FILE… --output catalogue.json``: real data into a catalogue.

The summary (what was read, kept, skipped and why) goes to stdout; the progress bar, shown only
on a terminal, to stderr. Exit 0 when the catalogue was written, 1 when it was written but its
checks found errors (a block nothing can validate…), 2 for bad input (nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from itineraire.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    fail,
    json_option,
    wants_json,
)
from itineraire.errors import CatalogueError
from itineraire.files._locating import problems_from_validation
from itineraire.files._reading import UnreadableError, read_mapping
from itineraire.files.documents import CatalogueDoc
from itineraire.files.limits import CATALOGUE_BYTES
from itineraire.files.loading import BUILTIN_CATALOGUE
from itineraire.importing.fiches import FicheFilter
from itineraire.importing.running import ImportResult, SourceKind, builtin_base, run_import
from itineraire.importing.writing import Streamed

__all__ = ["register"]

_TRANSVERSAL = f"{BUILTIN_CATALOGUE}-transversal"
# Below this size a progress bar would only flicker.
_PROGRESS_BYTES = 5_000_000


def register(commands: Any) -> None:
    command = commands.add_parser(
        "import", help="import RNCP, LHEO or ROME files into a catalogue file"
    )
    command.add_argument(
        "kind",
        choices=[kind.value for kind in SourceKind],
        help="what the files hold: rncp (fiches: XML flux or zipped CSV export), lheo (training"
        " offers, XML) or rome (ROME 4.0 tables, CSV)",
    )
    command.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="the export files to read, in order"
    )
    command.add_argument(
        "--output", "-o", type=Path, required=True, metavar="FILE", help="catalogue file to write"
    )
    command.add_argument(
        "--merge",
        metavar="FILE",
        help=f"a catalogue file to merge into; '{BUILTIN_CATALOGUE}' for the built-in catalogue,"
        f" '{_TRANSVERSAL}' for its transversal modules only",
    )
    fiches = command.add_argument_group("RNCP filters")
    fiches.add_argument("--active-only", action="store_true", help="only active fiches")
    fiches.add_argument(
        "--level",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="only fiches of this level (repeatable)",
    )
    fiches.add_argument(
        "--rome",
        action="append",
        default=[],
        metavar="CODE",
        help="only fiches citing this ROME code (repeatable)",
    )
    fiches.add_argument(
        "--code",
        action="append",
        default=[],
        metavar="FICHE",
        help="only this fiche, e.g. RNCP37715 (repeatable)",
    )
    fiches.add_argument(
        "--keep-going",
        action="store_true",
        help="leave out each fiche with problems, report it (number and reason) and import the"
        " rest; without it, any bad fiche stops the import and nothing is written",
    )
    json_option(command)
    command.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    misplaced = _rncp_filters(arguments)
    if misplaced and arguments.kind != SourceKind.RNCP.value:
        return fail(
            f"{', '.join(misplaced)}: RNCP options, they choose fiches and do not apply to"
            f" 'import {arguments.kind}'; nothing was written"
        )
    merge = arguments.merge
    if merge is not None and Path(merge) == arguments.output and not arguments.output.exists():
        # "--merge" onto the output itself: the first import of a series starts empty.
        merge = None
    base = _base(merge)
    fiche_filter = FicheFilter(
        active_only=arguments.active_only,
        levels=frozenset(arguments.level),
        rome=frozenset(arguments.rome),
        codes=frozenset(arguments.code),
    )
    kind = SourceKind(arguments.kind)
    with _progress(arguments.files) as advance:
        result = run_import(
            kind,
            arguments.files,
            base,
            fiche_filter=fiche_filter,
            progress=advance,
            keep_going=arguments.keep_going,
        )
    try:
        try:
            result.write(arguments.output)
        except OSError as error:
            return fail(f"cannot write {arguments.output} ({error.strerror}); nothing was written")
        _summary(arguments, result)
        return EXIT_FINDINGS if result.has_errors else EXIT_OK
    finally:
        result.close()


def _rncp_filters(arguments: argparse.Namespace) -> list[str]:
    given = {
        "--keep-going": arguments.keep_going,
        "--active-only": arguments.active_only,
        "--level": arguments.level,
        "--rome": arguments.rome,
        "--code": arguments.code,
    }
    return [option for option, value in given.items() if value]


def _base(merge: str | None) -> CatalogueDoc | None:
    if merge is None:
        return None
    if merge in (BUILTIN_CATALOGUE, _TRANSVERSAL):
        return builtin_base(transversal_only=merge == _TRANSVERSAL)
    try:
        data = read_mapping(Path(merge), "file", CATALOGUE_BYTES)
    except UnreadableError as error:
        raise CatalogueError(merge, [error.problem]) from None
    try:
        return CatalogueDoc.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(merge, problems_from_validation(error, data, "top level")) from None


@contextmanager
def _progress(files: list[Path]) -> Iterator[Any]:
    console = Console(file=sys.stderr)
    total = sum(path.stat().st_size for path in files if path.is_file())
    if not console.is_terminal or total < _PROGRESS_BYTES:
        yield None
        return
    columns = (TextColumn("reading"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("import", total=total)
        yield lambda count: progress.advance(task, count)


def _summary(arguments: argparse.Namespace, result: ImportResult) -> None:
    counts = result.summary()
    if wants_json(arguments):
        # What show_json writes, in pieces: the notes and findings are read as they are written.
        findings = result.findings
        data = {
            "output": str(arguments.output),
            "report": result.report.as_data(streamed=True),
            "catalogue": counts,
            "findings": Streamed(len(findings), lambda: (str(f) for f in findings)),
        }
        for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
            sys.stdout.write(piece)
        sys.stdout.write("\n")
        return
    # Line by line: a national import has hundreds of thousands of notes, read from disk.
    write = sys.stdout.write
    write(f"wrote {arguments.output}: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + "\n")
    for line in result.report.each_line():
        write(line + "\n")
    if result.findings:
        write("findings of the catalogue checks:\n")
        for finding in result.findings:
            write(f"  {finding}\n")
