"""The limits every reader of the library enforces, and how a user raises them.

A limit protects a reader from an input that would take without bound: a device named as a
file, a document of millions of items, a text of megabytes where a title belongs, a zip member
that inflates a thousandfold. Each limit has a default large enough for every real input met so
far (the national RNCP export, a catalogue imported from it) and is raised with an environment
variable, ``ITINERAIRE_LIMIT_<NAME>`` (``ITINERAIRE_LIMIT_DOCUMENT_BYTES=200000000``); the
error that reports a limit names it and its variable. See ``docs/file-formats.md`` for the list.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import attrs

__all__ = [
    "CATALOGUE_BYTES",
    "DEPTH",
    "DOCUMENT_BYTES",
    "LIST_ITEMS",
    "PROBLEMS_SHOWN",
    "RECORD_BYTES",
    "ROWS",
    "TEXT_CHARS",
    "UNAVAILABLE_PERIODS",
    "ZIP_MEMBER_BYTES",
    "ZIP_RATIO",
    "Limit",
    "NotARegularFileError",
    "TooLargeError",
    "open_regular",
    "read_bounded",
]


@attrs.frozen
class Limit:
    """One limit: its name (the environment variable's suffix), default and what it counts."""

    name: str
    default: int
    unit: str

    @property
    def variable(self) -> str:
        return f"ITINERAIRE_LIMIT_{self.name}"

    @property
    def value(self) -> int:
        """The limit in force: the environment's value when it is a positive integer."""
        raw = os.environ.get(self.variable, "").strip().replace("_", "")
        return int(raw) if raw.isdigit() and int(raw) > 0 else self.default

    def exceeded(self, found: int | None = None) -> str:
        """The end of a message that reports this limit: what it is and how to raise it."""
        what = "" if found is None else f"{found:,} {self.unit}, "
        return (
            f"{what}more than the limit of {self.value:,} {self.unit}"
            f" (raise it with the environment variable {self.variable})"
        )


CATALOGUE_BYTES = Limit("CATALOGUE_BYTES", 1024 * 2**20, "bytes")
"""A catalogue file: 1 GiB, three times a catalogue imported from the whole national export."""
DOCUMENT_BYTES = Limit("DOCUMENT_BYTES", 64 * 2**20, "bytes")
"""A learner, scenario or journey file: 64 MiB, thousands of times the largest example."""
DEPTH = Limit("DEPTH", 64, "levels")
"""Lists and objects inside each other in a document (requirements nest a few levels)."""
TEXT_CHARS = Limit("TEXT_CHARS", 100_000, "characters")
"""One string of a document (the longest real competence text is a few thousand)."""
LIST_ITEMS = Limit("LIST_ITEMS", 2_000_000, "items")
"""One list of a document (a national catalogue has about 200,000 blocks)."""
PROBLEMS_SHOWN = Limit("PROBLEMS_SHOWN", 100, "problems")
"""The problems an error message lists; the error keeps all of them as data."""
UNAVAILABLE_PERIODS = Limit("UNAVAILABLE_PERIODS", 50_000, "periods")
"""A learner's unavailable periods as written (merged when overlapping or adjacent)."""
RECORD_BYTES = Limit("RECORD_BYTES", 64 * 2**20, "bytes")
"""One record of an XML export (an RNCP ``FICHE``, an LHEO ``formation``); real ones are a few
hundred kB at most."""
ROWS = Limit("ROWS", 5_000_000, "rows")
"""The rows of one CSV table (a ROME table, a table of the RNCP CSV export)."""
ZIP_MEMBER_BYTES = Limit("ZIP_MEMBER_BYTES", 4 * 2**30, "bytes")
"""A table of a zipped export once inflated (the national CSV tables are a few hundred MB)."""
ZIP_RATIO = Limit("ZIP_RATIO", 200, "times its compressed size")
"""How much a zip member may inflate (real CSV tables compress about 10 times)."""


class NotARegularFileError(OSError):
    """The path names a directory, a device, a pipe or a socket, not a regular file."""


class TooLargeError(ValueError):
    """A file is larger than its limit; the message says by how much and how to raise it."""


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading in binary if it is a regular file (after symbolic links).

    Opened without blocking first, so that a named pipe cannot hang the reader, then checked
    on the open descriptor, so that the file checked is the file read.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise NotARegularFileError("is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise NotARegularFileError(
                "is not a regular file (a device, a pipe or a socket); give a file"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bounded(path: Path, limit: Limit) -> bytes:
    """The bytes of a regular file no larger than ``limit``; raises :class:`TooLargeError`,
    :class:`NotARegularFileError` or the :class:`OSError` of the system."""
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit.value:
            raise TooLargeError(f"is {limit.exceeded(size)}")
        # The file may grow while it is read: never read more than the limit allows.
        data = stream.read(limit.value + 1)
    if len(data) > limit.value:
        raise TooLargeError(f"is {limit.exceeded()}")
    return data
