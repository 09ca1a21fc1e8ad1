"""Lists that fit the width they are drawn at, identifiers whole.

A list of items (modules, certifications, compared routes) is a table with a column per field
when its columns fit; narrower, each item becomes one row of two columns: its identifier, then
its other fields one per line (``kind: professional``). Identifier and number columns are never
narrowed: rich would otherwise cut ``habilitation-electrique`` to ``habilitation-electr…``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from itineraire.display._plain import add_plain_row, plain

__all__ = ["Field", "FittedList"]


class Field(Enum):
    """What a column holds, which says how far it may narrow."""

    IDENTIFIER = "identifier"
    """Never narrowed nor wrapped."""
    NUMBER = "number"
    """Never narrowed; right-aligned."""
    TEXT = "text"
    """Wrapped as needed, down to a few words a line."""


_LONGEST_WORD = 16
"""A word longer than this (a URL) may be folded rather than widen its column."""


class FittedList:
    """Rows of cells under ``columns`` (header, kind), drawn as a table or compact. The first
    column names the item and stays first in the compact layout."""

    def __init__(
        self,
        title: str,
        columns: Sequence[tuple[str, Field]],
        rows: Sequence[Sequence[str | Text]],
    ) -> None:
        self.title = title
        self.columns = tuple(columns)
        self.rows = [tuple(plain(cell) for cell in row) for row in rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(options.max_width)
        yield self._compact() if widths is None else self._table(widths)

    def _widths(self, width: int) -> list[int] | None:
        """Each column's width at ``width``, or None when the columns cannot fit: identifiers and
        numbers whole; text as wide as its longest line when all fit, else the room shared in
        proportion to what each would take beyond its longest word."""
        natural = [self._longest(index) for index in range(len(self.columns))]
        text = [index for index, (_h, field) in enumerate(self.columns) if field is Field.TEXT]
        # A border left of each column and at the end, a space of padding either side of each.
        room = width - (3 * len(self.columns) + 1)
        room -= sum(w for index, w in enumerate(natural) if index not in text)
        if sum(natural[index] for index in text) <= room:
            return natural
        floors = {index: min(natural[index], self._longest_word(index)) for index in text}
        spare = room - sum(floors.values())
        if spare < 0:
            return None
        wanted = {index: natural[index] - floors[index] for index in text}
        total = sum(wanted.values())
        widths = list(natural)
        for index in text:
            widths[index] = floors[index] + spare * wanted[index] // total
        return widths

    def _longest(self, index: int) -> int:
        header = len(self.columns[index][0])
        cells = (len(line) for row in self.rows for line in row[index].plain.splitlines())
        return max(header, *cells, 0)

    def _longest_word(self, index: int) -> int:
        words = (len(word) for row in self.rows for word in row[index].plain.split())
        return min(max(len(self.columns[index][0]), *words, 0), _LONGEST_WORD)

    def _table(self, widths: list[int]) -> Table:
        table = Table(title=plain(self.title))
        for index, (header, field) in enumerate(self.columns):
            table.add_column(
                header,
                width=widths[index],
                justify="right" if field is Field.NUMBER else "left",
                overflow="fold",
                no_wrap=field is not Field.TEXT,
            )
        for row in self.rows:
            add_plain_row(table, *row)
        return table

    def _compact(self) -> Table:
        key = self.columns[0][0]
        table = Table(title=plain(self.title), show_lines=True)
        table.add_column(key, width=self._longest(0), no_wrap=True)
        table.add_column("details", overflow="fold")
        for row in self.rows:
            # A field of several lines (the blocks a module validates) becomes one, comma-separated.
            lines = [
                Text.assemble(f"{header}: ", Text(", ").join(cell.split("\n")))
                for (header, _field), cell in zip(self.columns[1:], row[1:], strict=True)
                if cell.plain
            ]
            add_plain_row(table, row[0], Text("\n").join(lines))
        return table
