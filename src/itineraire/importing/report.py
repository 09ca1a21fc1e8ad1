"""What an import read, kept and skipped, and the error raised when a source cannot be imported.

An import never stops at the first fault of a source: it reads on, collects every problem, and
raises them together in one :class:`SourceError` before anything is written. What is not a fault
(an inactive fiche filtered out, a reference to a fiche absent from the file) is not an error but
a line of the :class:`ImportReport`, so nothing is dropped without saying so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from itineraire.errors import InputError, Problem
from itineraire.files.limits import PROBLEMS_SHOWN

__all__ = ["ImportReport", "SourceError", "UnreadableSourceError"]


class SourceError(InputError):
    """A source file (RNCP export, LHEO offer, ROME table) has problems; nothing was written."""

    def __init__(self, what: str, source: str, problems: Iterable[Problem]) -> None:
        # ``what`` names the kind of source in the message: "RNCP export x.xml has 2 problems".
        self.what = what
        super().__init__(source, problems)


class UnreadableSourceError(Exception):
    """Internal: a whole source file cannot be read on (not a zip, a table missing its
    columns); carries its problems. Fatal even when refused fiches are only reported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(map(str, self.problems)))


@attrs.define
class ImportReport:
    """Counts of what was read, kept and skipped (with the reason), and notes worth reading.

    Notes are kept in a set and listed sorted, so that a report is the same whatever the order in
    which things were found.
    """

    read: Counter[str] = attrs.field(factory=Counter)
    kept: Counter[str] = attrs.field(factory=Counter)
    skipped: Counter[str] = attrs.field(factory=Counter)
    _notes: set[str] = attrs.field(factory=set, alias="notes")
    refused: list[str] = attrs.field(factory=list)
    """Fiches refused by an import that keeps going, each with its number and reason."""

    def count_read(self, kind: str, count: int = 1) -> None:
        self.read[kind] += count

    def keep(self, kind: str, count: int = 1) -> None:
        self.kept[kind] += count

    def skip(self, reason: str, count: int = 1) -> None:
        """Something read was left out; ``reason`` says what and why ("fiche: inactive")."""
        self.skipped[reason] += count

    def refuse(self, problem: Problem) -> None:
        """A fiche was refused (an import that keeps going): where it is, and why."""
        self.refused.append(str(problem))

    def note(self, text: str) -> None:
        """A fact the user should know: a dangling reference kept, a block matched by label…"""
        self._notes.add(text)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(sorted(self._notes))

    def extend(self, other: ImportReport) -> None:
        """Add the counts and notes of another report (one per source file) to this one."""
        self.read.update(other.read)
        self.kept.update(other.kept)
        self.skipped.update(other.skipped)
        self._notes.update(other._notes)
        self.refused.extend(other.refused)

    def lines(self) -> list[str]:
        """The report as plain lines, in a fixed order."""
        lines = [f"read: {_counts(self.read)}", f"kept: {_counts(self.kept)}"]
        if self.skipped:
            lines.append("skipped:")
            lines.extend(f"  {count} × {reason}" for reason, count in sorted(self.skipped.items()))
        if self.refused:
            shown = PROBLEMS_SHOWN.value
            lines.append(
                f"refused ({len(self.refused):,} problems; those fiches left out, the rest"
                " imported):"
            )
            lines.extend(f"  {line}" for line in self.refused[:shown])
            if len(self.refused) > shown:
                lines.append(
                    f"  … and {len(self.refused) - shown:,} more (raise the number listed with"
                    f" the environment variable {PROBLEMS_SHOWN.variable})"
                )
        if self._notes:
            lines.append("notes:")
            lines.extend(f"  {note}" for note in self.notes)
        return lines

    def as_data(self) -> dict[str, Any]:
        """The report as JSON-like data, keys sorted."""
        return {
            "read": dict(sorted(self.read.items())),
            "kept": dict(sorted(self.kept.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "notes": list(self.notes),
            "refused": list(self.refused),
        }


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counter.items())) or "nothing"
