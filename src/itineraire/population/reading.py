"""Population files in: CSV, JSON Lines or Parquet, read row by row (never whole in memory).

The format is chosen by the file's suffix (``.csv``, ``.jsonl`` or ``.ndjson``, ``.parquet``).
Each row becomes a :class:`~itineraire.population.rows.Person`, or a :class:`RefusedRow` that
says, column by column, why it cannot be planned. A file whose header itself is wrong (an unknown
column, a required column missing) is refused as a whole with a :class:`PopulationError`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from itineraire.errors import InputError, Problem
from itineraire.model.catalogue import Catalogue
from itineraire.population._extras import require
from itineraire.population.rows import (
    COLUMNS,
    REQUIRED_COLUMNS,
    Person,
    Refusal,
    RowError,
    RowReader,
)

__all__ = [
    "FORMATS",
    "PopulationError",
    "RefusedRow",
    "count_rows",
    "file_format",
    "population_rows",
    "read_population",
]

FORMATS: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""File suffixes and the format each one means."""

_BATCH_ROWS: Final = 4096


class PopulationError(InputError):
    """A population file is refused: its header is wrong, or (in strict mode) rows are."""

    what = "population"


@attrs.frozen
class RefusedRow:
    """A row left out of planning, with every problem found in it."""

    row: int
    refusals: tuple[Refusal, ...]


def file_format(path: Path) -> str:
    """The format of ``path`` from its suffix; raises ``PopulationError`` for an unknown one."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(FORMATS))
        message = f"unknown suffix {path.suffix!r}: a population file ends in {known}"
        raise PopulationError(str(path), [Problem("file", "", message)])
    return found


def read_population(path: Path | str, catalogue: Catalogue) -> Iterator[Person | RefusedRow]:
    """Each row of the file as a person to plan, or as a refused row, in the file's order.

    A learner id seen on an earlier row refuses the later row (ids name people in the routes).
    """
    seen: dict[str, int] = {}
    reader = RowReader(catalogue)
    for row, cells in population_rows(path):
        try:
            person = reader.person(row, cells)
        except RowError as error:
            yield RefusedRow(row, error.refusals)
            continue
        first = seen.setdefault(person.learner.id, row)
        if first != row:
            message = f"learner {person.learner.id!r} is already at row {first}"
            yield RefusedRow(row, (Refusal(row, "id", message),))
            continue
        yield person


def population_rows(path: Path | str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The raw rows of a population file, numbered from 1, cells as the file gives them.

    A row that cannot even be read as cells (a JSON syntax error on its line) comes out as a
    mapping with the single key ``""`` holding the message."""
    path = Path(path)
    kind = file_format(path)
    if not path.is_file():
        raise PopulationError(str(path), [Problem("file", "", "not found")])
    if kind == "csv":
        return _csv_rows(path)
    if kind == "jsonl":
        return _jsonl_rows(path)
    return _parquet_rows(path)


def count_rows(path: Path | str) -> int | None:
    """About how many rows the file has (for a progress bar): lines for CSV and JSON Lines,
    the count in a Parquet file's metadata; None when the file cannot tell."""
    path = Path(path)
    try:
        kind = file_format(path)
        if kind == "parquet":
            parquet = require("pyarrow.parquet", "parquet")
            return int(parquet.ParquetFile(path).metadata.num_rows)
        with path.open("rb") as stream:
            lines = sum(1 for line in stream if line.strip())
    except (OSError, PopulationError):
        return None
    return max(lines - 1, 0) if kind == "csv" else lines


def _check_header(path: Path, names: list[str]) -> None:
    problems = []
    for name in names:
        if name not in COLUMNS:
            message = f"{name!r} is not a population column (see the population file format)"
            problems.append(Problem("header", name, message))
    for name in REQUIRED_COLUMNS:
        if name not in names:
            problems.append(Problem("header", name, "is missing"))
    if not any(name.startswith("target_") for name in names):
        message = "is missing (one of target_certification, target_blocks, target_job)"
        problems.append(Problem("header", "target", message))
    if problems:
        raise PopulationError(str(path), problems)


def _csv_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, None)
        if header is None:
            raise PopulationError(str(path), [Problem("file", "", "is empty")])
        names = [name.strip() for name in header]
        _check_header(path, names)
        for row, cells in enumerate(reader, start=1):
            if len(cells) != len(names):
                message = f"has {len(cells)} cells, the header has {len(names)}"
                yield row, {"": message}
            else:
                yield row, dict(zip(names, cells, strict=True))


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    with path.open(encoding="utf-8-sig") as stream:
        row = 0
        for line in stream:
            if not line.strip():
                continue
            row += 1
            try:
                cells = json.loads(line)
            except json.JSONDecodeError as error:
                yield row, {"": f"is not JSON: {error.msg} (column {error.colno})"}
                continue
            if not isinstance(cells, dict):
                yield row, {"": "is not a JSON object"}
                continue
            unknown = sorted(key for key in cells if key not in COLUMNS)
            if unknown:
                names = ", ".join(repr(key) for key in unknown)
                yield row, {"": f"has keys that are not population columns: {names}"}
                continue
            yield row, cells


def _parquet_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    parquet = require("pyarrow.parquet", "parquet")
    try:
        source = parquet.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for a file that is not Parquet
        raise PopulationError(
            str(path), [Problem("file", "", f"is not a Parquet file ({error})")]
        ) from None
    _check_header(path, list(source.schema_arrow.names))
    row = 0
    for batch in source.iter_batches(batch_size=_BATCH_ROWS):
        for cells in batch.to_pylist():
            row += 1
            yield row, cells
