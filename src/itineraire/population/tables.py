"""Tables in and out as CSV, JSON Lines or Parquet, streamed, with typed columns.

A table is a list of :class:`Column`; a row is a dict of plain values (text, whole numbers,
flags, lists of text, lists of steps). Each format writes them its own way: CSV joins codes
with ``;``, writes free sentences and steps as JSON text and flags as ``true``/``false``; JSON
Lines and Parquet keep the types. A table is written to a temporary file next to its target
and renamed when complete, so that a failed run never leaves half a file; the same rows always
give the same bytes.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

import attrs

from itineraire.errors import Problem
from itineraire.population._extras import require
from itineraire.population.reading import PopulationError, file_format

__all__ = ["Column", "Kind", "TableWriter", "read_table"]

_ROWS_PER_GROUP: Final = 8192
"""Rows per Parquet row group (a fixed count, so the bytes never depend on how rows arrive)."""


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    FLAG = "flag"
    TEXTS = "texts"
    """Codes: joined with ``;`` in CSV."""
    SENTENCES = "sentences"
    """Free text that may hold a ``;`` (the planner's reasons): a JSON array in CSV."""
    STEPS = "steps"


@attrs.frozen
class Column:
    name: str
    kind: Kind


_STEP_FIELDS: Final = (
    ("number", Kind.INTEGER),
    ("kind", Kind.TEXT),
    ("action", Kind.TEXT),
    ("start", Kind.TEXT),
    ("end", Kind.TEXT),
    ("hours", Kind.INTEGER),
    ("cost", Kind.INTEGER),
    ("validates", Kind.TEXTS),
    ("credited", Kind.TEXTS),
)


class TableWriter:
    """Writes rows to ``path`` in the format its suffix names; use it as a context manager.

    ``metadata`` goes into a Parquet file's key-value metadata (other formats have none)."""

    def __init__(
        self, path: Path | str, columns: Sequence[Column], metadata: Mapping[str, str] = {}
    ) -> None:
        self.path = Path(path)
        self.kind = file_format(self.path)
        self.columns = tuple(columns)
        self.metadata = dict(metadata)
        if not self.path.parent.is_dir():
            problem = Problem("file", "", f"its folder {self.path.parent} does not exist")
            raise PopulationError(str(self.path), [problem])
        descriptor, name = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent or "."
        )
        os.close(descriptor)
        self._temporary = Path(name)
        self._pending: dict[str, list[Any]] = {column.name: [] for column in self.columns}
        self._count = 0
        self._stream: IO[str] | None = None
        self._csv: Any = None
        self._parquet: Any = None
        self._open()

    def _open(self) -> None:
        if self.kind == "parquet":
            pyarrow = require("pyarrow", "parquet")
            parquet = require("pyarrow.parquet", "parquet")
            schema = pyarrow.schema(
                [pyarrow.field(c.name, _arrow_type(pyarrow, c.kind)) for c in self.columns],
                metadata=self.metadata or None,
            )
            self._schema = schema
            self._parquet = parquet.ParquetWriter(self._temporary, schema)
            return
        self._stream = self._temporary.open("w", encoding="utf-8", newline="")
        if self.kind == "csv":
            self._csv = csv.writer(self._stream, lineterminator="\n")
            self._csv.writerow([column.name for column in self.columns])

    def write(self, row: Mapping[str, Any]) -> None:
        if self.kind == "jsonl":
            assert self._stream is not None
            values = {column.name: row.get(column.name) for column in self.columns}
            self._stream.write(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
            self._stream.write("\n")
        elif self.kind == "csv":
            self._csv.writerow([_csv_cell(row.get(c.name), c.kind) for c in self.columns])
        else:
            # Column by column: pyarrow builds its arrays from lists faster than from rows.
            for name, column in self._pending.items():
                column.append(row.get(name))
            self._count += 1
            if self._count == _ROWS_PER_GROUP:
                self._flush()

    def _flush(self) -> None:
        if self._count:
            pyarrow = require("pyarrow", "parquet")
            table = pyarrow.Table.from_pydict(self._pending, schema=self._schema)
            self._parquet.write_table(table)
            self._pending = {name: [] for name in self._pending}
            self._count = 0

    def close(self) -> None:
        """Finish the file and put it in place."""
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
        if self._stream is not None:
            self._stream.close()
        self._temporary.replace(self.path)

    def discard(self) -> None:
        """Drop what was written: the target is left as it was."""
        if self._parquet is not None:
            self._parquet.close()
        if self._stream is not None:
            self._stream.close()
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


def _arrow_type(pyarrow: Any, kind: Kind) -> Any:
    if kind is Kind.STEPS:
        fields = [pyarrow.field(name, _arrow_type(pyarrow, sub)) for name, sub in _STEP_FIELDS]
        return pyarrow.list_(pyarrow.struct(fields))
    return {
        Kind.TEXT: pyarrow.string(),
        Kind.INTEGER: pyarrow.int64(),
        Kind.NUMBER: pyarrow.float64(),
        Kind.FLAG: pyarrow.bool_(),
        Kind.TEXTS: pyarrow.list_(pyarrow.string()),
        Kind.SENTENCES: pyarrow.list_(pyarrow.string()),
    }[kind]


def _csv_cell(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind is Kind.FLAG:
        return "true" if value else "false"
    if kind is Kind.TEXTS:
        return ";".join(value)
    if kind is Kind.STEPS or kind is Kind.SENTENCES:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def read_table(path: Path | str, columns: Sequence[Column]) -> Iterator[dict[str, Any]]:
    """The rows of a table written by :class:`TableWriter`, values typed again."""
    path = Path(path)
    kind = file_format(path)
    if not path.is_file():
        raise PopulationError(str(path), [Problem("file", "", "not found")])
    if kind == "parquet":
        parquet = require("pyarrow.parquet", "parquet")
        source = parquet.ParquetFile(path)
        for batch in source.iter_batches(batch_size=_ROWS_PER_GROUP):
            yield from batch.to_pylist()
    elif kind == "jsonl":
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)
    else:
        typed = {column.name: column.kind for column in columns}
        with path.open(encoding="utf-8", newline="") as stream:
            for cells in csv.DictReader(stream):
                yield {
                    name: _from_csv(text, typed.get(name, Kind.TEXT))
                    for name, text in cells.items()
                }


def _from_csv(text: str, kind: Kind) -> Any:
    if kind is Kind.TEXTS:
        return [item for item in text.split(";") if item]
    if kind is Kind.STEPS or kind is Kind.SENTENCES:
        return json.loads(text) if text else []
    if not text:
        return None
    if kind is Kind.INTEGER:
        return int(text)
    if kind is Kind.NUMBER:
        return float(text)
    if kind is Kind.FLAG:
        return text == "true"
    return text
