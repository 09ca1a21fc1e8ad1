"""What an import read, kept and skipped, and the error raised when a source cannot be imported.

An import never stops at the first fault of a source: it reads on, collects every problem, and
raises them together in one :class:`SourceError` before anything is written. What is not a fault
(an inactive fiche filtered out, a reference to a fiche absent from the file) is not an error but
a line of the :class:`ImportReport`, so nothing is dropped without saying so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from itineraire.errors import InputError, Problem
from itineraire.files.limits import PROBLEMS_SHOWN
from itineraire.importing.store import Store
from itineraire.importing.writing import Streamed

__all__ = ["ImportReport", "SourceError", "StoredNotes", "UnreadableSourceError"]


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


class StoredNotes:
    """A set of notes kept on disk (:class:`~.store.Store`): a national import makes hundreds
    of thousands of them, and they are only ever listed, sorted, at the end."""

    def __init__(self) -> None:
        # Kept as UTF-8 bytes, lone surrogates passed through: any Python string goes in and
        # comes back, and the bytes sort as the characters do.
        self._store = Store("CREATE TABLE notes (text BLOB PRIMARY KEY) WITHOUT ROWID")

    def add(self, text: str) -> None:
        self._store.run("INSERT OR IGNORE INTO notes VALUES (?)", (_encoded(text),))

    def update(self, texts: Iterable[str]) -> None:
        self._store.many("INSERT OR IGNORE INTO notes VALUES (?)", ((_encoded(t),) for t in texts))

    def __len__(self) -> int:
        count: int = self._store.one("SELECT count(*) FROM notes")
        return count

    def __iter__(self) -> Iterator[str]:
        """The notes in the order of :func:`sorted` (SQLite compares UTF-8 text byte by byte,
        which is the order of the characters' code points)."""
        for (text,) in self._store.walk("SELECT text FROM notes ORDER BY text"):
            yield bytes(text).decode("utf-8", "surrogatepass")


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@attrs.define
class ImportReport:
    """Counts of what was read, kept and skipped (with the reason), and notes worth reading.

    Notes are kept in a set and listed sorted, so that a report is the same whatever the order in
    which things were found; :class:`StoredNotes` keeps them on disk.
    """

    read: Counter[str] = attrs.field(factory=Counter)
    kept: Counter[str] = attrs.field(factory=Counter)
    skipped: Counter[str] = attrs.field(factory=Counter)
    _notes: set[str] | StoredNotes = attrs.field(factory=set, alias="notes")
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
        return tuple(self._sorted_notes())

    def _sorted_notes(self) -> Iterator[str]:
        if isinstance(self._notes, StoredNotes):
            return iter(self._notes)
        return iter(sorted(self._notes))

    def extend(self, other: ImportReport) -> None:
        """Add the counts and notes of another report (one per source file) to this one."""
        self.read.update(other.read)
        self.kept.update(other.kept)
        self.skipped.update(other.skipped)
        self._notes.update(other._notes)
        self.refused.extend(other.refused)

    def lines(self) -> list[str]:
        """The report as plain lines, in a fixed order."""
        return list(self.each_line())

    def each_line(self) -> Iterator[str]:
        """The lines of :meth:`lines`, one at a time (the notes of a national import are read
        back from disk as they are written out)."""
        yield f"read: {_counts(self.read)}"
        yield f"kept: {_counts(self.kept)}"
        if self.skipped:
            yield "skipped:"
            yield from (f"  {count} × {reason}" for reason, count in sorted(self.skipped.items()))
        if self.refused:
            shown = PROBLEMS_SHOWN.value
            yield (
                f"refused ({len(self.refused):,} problems; those fiches left out, the rest"
                " imported):"
            )
            yield from (f"  {line}" for line in self.refused[:shown])
            if len(self.refused) > shown:
                yield (
                    f"  … and {len(self.refused) - shown:,} more (raise the number listed with"
                    f" the environment variable {PROBLEMS_SHOWN.variable})"
                )
        if self._notes:
            yield "notes:"
            yield from (f"  {note}" for note in self._sorted_notes())

    def as_data(self, *, streamed: bool = False) -> dict[str, Any]:
        """The report as JSON-like data, keys sorted; with ``streamed``, the notes are a
        :class:`~.writing.Streamed` list, read as an indented JSON encoder writes them."""
        notes = Streamed(len(self._notes), self._sorted_notes) if streamed else list(self.notes)
        return {
            "read": dict(sorted(self.read.items())),
            "kept": dict(sorted(self.kept.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "notes": notes,
            "refused": list(self.refused),
        }


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counter.items())) or "nothing"
