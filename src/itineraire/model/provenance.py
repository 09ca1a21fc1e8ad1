"""Where a catalogue entry comes from, and whether it is real or illustrative."""

from __future__ import annotations

import attrs

__all__ = ["Provenance"]


@attrs.frozen
class Provenance:
    """The source of an entry.

    ``illustrative`` is true when a code, title or figure could not be confirmed from a source:
    such entries are shown as illustrative by the command line and never presented as real.
    ``estimate`` is true when a figure (hours, cost) is an estimate rather than a published value.
    """

    source: str = ""
    illustrative: bool = False
    estimate: bool = False
    note: str = ""
