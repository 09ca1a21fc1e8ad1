"""Data shown by rich as it is: names and titles come from files, and a ``[`` in them must not be
read as rich markup (``[/bold]`` in a module title would otherwise fail or vanish)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

__all__ = ["add_plain_row", "plain"]


def plain(value: object) -> Text:
    """``value`` as text rich will not interpret; rich ``Text`` is kept as it is.

    A word too long for its cell (an identifier, an address) is folded onto the next line rather
    than cut with "…": a reader copies identifiers from tables."""
    return value if isinstance(value, Text) else Text(str(value), overflow="fold")


def add_plain_row(table: Table, *cells: object) -> None:
    """Add a row whose cells are shown literally."""
    table.add_row(*(plain(cell) for cell in cells))
