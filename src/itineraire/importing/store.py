"""The on-disk store of an import: what a national RNCP export assembles to, kept out of memory.

A national export gives some 80,000 certifications, 200,000 blocks and 100,000 equivalences,
and a catalogue held in memory grows with them. An import instead files the fiches, their blocks,
the references, version links and equivalences in a temporary SQLite database, indexed, and
builds, checks and writes one certification at a time from there: its memory no longer grows with
the size of the export.

The database is SQLite's private temporary database: its file is removed as soon as it is
opened, so nothing is left behind whatever ends the import (an error, Ctrl-C, ``kill -9``). It is
never committed: everything happens in one transaction, and closing the store drops it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

__all__ = ["Store", "StoredMapping"]

# Pages kept in memory by the store (a negative cache size is in kibibytes): enough for the
# indexes in use, far less than the catalogue.
_CACHE_KIB = 4 * 1024
# Rows fetched at a time while walking a table.
_BATCH = 500


class Store:
    """A temporary SQLite database, removed when closed (or when the process ends)."""

    def __init__(self, schema: str) -> None:
        # The empty name is SQLite's private temporary database, on disk, unlinked at once.
        self.connection = sqlite3.connect("", isolation_level=None)
        self.connection.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        self.connection.execute("PRAGMA journal_mode = OFF")
        self.connection.execute("PRAGMA synchronous = OFF")
        self.connection.execute("BEGIN")
        # One statement at a time: executescript would commit the transaction first.
        for statement in schema.split(";"):
            if statement.strip():
                self.connection.execute(statement)

    def run(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        return self.connection.execute(sql, tuple(parameters)).rowcount

    def many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        self.connection.executemany(sql, (tuple(row) for row in rows))

    def one(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = self.connection.execute(sql, tuple(parameters)).fetchone()
        return None if row is None else row[0]

    def rows(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        """Every row (for queries whose answer is small: one fiche's blocks…)."""
        return self.connection.execute(sql, tuple(parameters)).fetchall()

    def walk(self, sql: str, parameters: Iterable[Any] = ()) -> Iterator[Any]:
        """The rows of a query, a batch at a time (for queries over a whole table)."""
        cursor = self.connection.execute(sql, tuple(parameters))
        while batch := cursor.fetchmany(_BATCH):
            yield from batch

    def close(self) -> None:
        """Drop the database (its file goes with the connection)."""
        self.connection.close()

    def __del__(self) -> None:
        connection = getattr(self, "connection", None)  # absent when opening it failed
        if connection is not None:
            connection.close()


class StoredMapping(MutableMapping[str, str]):
    """A mapping of texts to texts kept in a :class:`Store` of its own (the fiche numbers an
    import has read, and where: one entry a fiche, hundreds of thousands in a big export)."""

    def __init__(self) -> None:
        self._store = Store("CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def __getitem__(self, key: str) -> str:
        value = self._store.one("SELECT value FROM entries WHERE key = ?", (key,))
        if value is None:
            raise KeyError(key)
        return str(value)

    def __setitem__(self, key: str, value: str) -> None:
        self._store.run("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, value))

    def __delitem__(self, key: str) -> None:
        if not self._store.run("DELETE FROM entries WHERE key = ?", (key,)):
            raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        found = self._store.one("SELECT 1 FROM entries WHERE key = ?", (key,))
        return found is not None

    def __iter__(self) -> Iterator[str]:
        for (key,) in self._store.walk("SELECT key FROM entries ORDER BY key"):
            yield str(key)

    def __len__(self) -> int:
        count: int = self._store.one("SELECT count(*) FROM entries")
        return count
