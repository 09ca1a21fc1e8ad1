"""How wide the command line's tables are drawn.

On a terminal, as wide as the terminal; ``COLUMNS`` overrides it, on a terminal or not (a
program that captures the output can ask for the width it shows). Output that goes to a file or a
pipe without ``COLUMNS`` is drawn :data:`DEFAULT_WIDTH` columns wide, whatever the terminal the
command was started from, so that the same command writes the same bytes (the example scenarios'
expected outputs are written that way).
"""

from __future__ import annotations

import os
from typing import TextIO

__all__ = ["DEFAULT_WIDTH", "NARROWEST", "output_width"]

DEFAULT_WIDTH = 120
NARROWEST = 40
"""Below this a table cannot show an identifier and its why side by side: narrower widths asked
for are raised to it."""


def output_width(stream: TextIO) -> int:
    """The width to draw for ``stream`` (see the module's docstring)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), NARROWEST)
    if _is_terminal(stream):
        try:
            return max(os.get_terminal_size(stream.fileno()).columns, NARROWEST)
        except (OSError, ValueError):
            return DEFAULT_WIDTH
    return DEFAULT_WIDTH


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: not a terminal
        return False
