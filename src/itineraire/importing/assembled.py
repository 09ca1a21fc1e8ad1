"""What an RNCP import's assembly leaves on disk: the tables of its :class:`~.store.Store`
(:data:`SCHEMA`) and :class:`Assembled`, the documents read back from them (see
:mod:`.assembling` for how fiches become those documents).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from itineraire.files.documents import CertificationDoc, EquivalenceDoc
from itineraire.importing.spool import BlockTexts
from itineraire.importing.store import Store

__all__ = ["SCHEMA", "Assembled"]

# What the assembly files on disk (see :mod:`.store`); "position" keeps the order of the
# export where it matters (a fiche's blocks, a reference's blocks, a fiche's notes).
SCHEMA = """
CREATE TABLE fiches (code TEXT PRIMARY KEY, fiche BLOB NOT NULL);
CREATE TABLE blocks (code TEXT PRIMARY KEY, fiche TEXT NOT NULL, position INTEGER NOT NULL);
CREATE INDEX blocks_of_fiche ON blocks (fiche, position);
CREATE TABLE stubs (code TEXT PRIMARY KEY, level INTEGER);
CREATE TABLE stub_blocks (
    stub TEXT NOT NULL, position INTEGER NOT NULL, block TEXT NOT NULL, PRIMARY KEY (stub, block)
);
CREATE INDEX stub_blocks_in_order ON stub_blocks (stub, position);
CREATE TABLE referrers (stub TEXT NOT NULL, fiche TEXT NOT NULL, PRIMARY KEY (stub, fiche));
CREATE TABLE notes (position INTEGER PRIMARY KEY, fiche TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX notes_of_fiche ON notes (fiche, position);
CREATE TABLE whole (code TEXT PRIMARY KEY);
CREATE TABLE pairs (pair TEXT PRIMARY KEY);
CREATE TABLE equivalences (position INTEGER PRIMARY KEY, id TEXT NOT NULL, document TEXT NOT NULL);
CREATE TABLE equivalence_blocks (block TEXT NOT NULL, equivalence INTEGER NOT NULL);
CREATE INDEX equivalences_of_block ON equivalence_blocks (block, equivalence);
CREATE TABLE links (old TEXT NOT NULL, new TEXT NOT NULL, PRIMARY KEY (old, new));
CREATE INDEX links_to ON links (new, old);
CREATE TABLE certifications (code TEXT PRIMARY KEY, document TEXT NOT NULL)
"""


class Assembled:
    """The documents an RNCP import adds to a catalogue, on disk (:class:`~.store.Store`).

    :meth:`certification_data` and :meth:`equivalence_data` give them one at a time as JSON
    data (certifications by code, equivalences in the order they were made);
    :attr:`certifications` and :attr:`equivalences` build them all in memory, for a merge.
    """

    def __init__(self, store: Store, texts: BlockTexts | None) -> None:
        self.store = store
        self.texts = texts
        """Where the blocks' competences and evaluation modes were put aside, when they were."""

    def certification_data(self) -> Iterator[dict[str, Any]]:
        for (document,) in self.store.walk("SELECT document FROM certifications ORDER BY code"):
            yield json.loads(document)

    def equivalence_data(self) -> Iterator[dict[str, Any]]:
        for (document,) in self.store.walk("SELECT document FROM equivalences ORDER BY position"):
            yield json.loads(document)

    @property
    def certifications(self) -> tuple[CertificationDoc, ...]:
        return tuple(CertificationDoc.model_validate(data) for data in self.certification_data())

    @property
    def equivalences(self) -> tuple[EquivalenceDoc, ...]:
        return tuple(EquivalenceDoc.model_validate(data) for data in self.equivalence_data())

    def close(self) -> None:
        """Drop the store and the blocks' texts."""
        self.store.close()
        if self.texts is not None:
            self.texts.close()
