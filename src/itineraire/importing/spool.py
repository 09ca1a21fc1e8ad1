"""The long texts of imported blocks, kept on disk while an import runs.

A national RNCP export holds hundreds of megabytes of competence lists and evaluation modes:
the catalogue needs them in the file it writes, never to assemble or check it. So each block's
texts are written, once checked, to a temporary database (:class:`~.store.Store`: its file is
removed as soon as it is created, so nothing is left behind, even when the import is killed),
and the block is assembled without them; the writer reads them back one block at a time. Their
index is on disk too: the memory of an import does not grow with the number of blocks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from itineraire.importing.store import Store

__all__ = ["BlockTexts"]


class BlockTexts:
    """Competences and evaluation modes by block code, on disk."""

    def __init__(self) -> None:
        self._store = Store("CREATE TABLE texts (code TEXT PRIMARY KEY, texts TEXT NOT NULL)")

    def put(self, code: str, competences: Sequence[str], evaluation_modes: Sequence[str]) -> None:
        """Keep the texts of block ``code`` (nothing is kept when both are empty)."""
        if not competences and not evaluation_modes:
            return
        data = json.dumps([list(competences), list(evaluation_modes)], ensure_ascii=False)
        self._store.run("INSERT OR REPLACE INTO texts VALUES (?, ?)", (code, data))

    def __contains__(self, code: object) -> bool:
        return self._store.one("SELECT 1 FROM texts WHERE code = ?", (code,)) is not None

    def get(self, code: str) -> tuple[list[str], list[str]]:
        """The competences and evaluation modes of block ``code`` (empty when none were kept)."""
        data = self._store.one("SELECT texts FROM texts WHERE code = ?", (code,))
        if data is None:
            return [], []
        competences, modes = json.loads(data)
        return list(competences), list(modes)

    def close(self) -> None:
        """Remove the file (done too when the spool is collected)."""
        self._store.close()
