"""The long texts of imported blocks, kept on disk while an import runs.

A national RNCP export holds hundreds of megabytes of competence lists and evaluation modes:
the catalogue needs them in the file it writes, never to assemble or check it. So each block's
texts are written, once checked, to a temporary file removed as soon as it is created (it has no
name: nothing is left behind, even when the import is killed), and the block is assembled
without them; the writer reads them back one block at a time. The memory of an import then
grows with the number of fiches and blocks, not with the length of their texts.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["BlockTexts"]


class BlockTexts:
    """Competences and evaluation modes by block code, on disk."""

    def __init__(self) -> None:
        self._descriptor, name = tempfile.mkstemp(prefix="itineraire-import-", suffix=".texts")
        self._name: str | None = name
        with contextlib.suppress(OSError):
            # Where an open file can be unlinked (POSIX), it goes now; elsewhere, on close.
            Path(name).unlink()
            self._name = None
        self._places: dict[str, tuple[int, int]] = {}
        self._end = 0

    def put(self, code: str, competences: Sequence[str], evaluation_modes: Sequence[str]) -> None:
        """Keep the texts of block ``code`` (nothing is kept when both are empty)."""
        if not competences and not evaluation_modes:
            return
        data = json.dumps([list(competences), list(evaluation_modes)], ensure_ascii=False)
        encoded = data.encode("utf-8")
        os.lseek(self._descriptor, self._end, os.SEEK_SET)
        written = 0
        while written < len(encoded):
            written += os.write(self._descriptor, encoded[written:])
        self._places[code] = (self._end, len(encoded))
        self._end += len(encoded)

    def __contains__(self, code: object) -> bool:
        return code in self._places

    def get(self, code: str) -> tuple[list[str], list[str]]:
        """The competences and evaluation modes of block ``code`` (empty when none were kept)."""
        place = self._places.get(code)
        if place is None:
            return [], []
        os.lseek(self._descriptor, place[0], os.SEEK_SET)
        chunks: list[bytes] = []
        left = place[1]
        while left:
            chunk = os.read(self._descriptor, left)
            if not chunk:
                raise OSError("the temporary file of block texts was cut short")
            chunks.append(chunk)
            left -= len(chunk)
        competences, modes = json.loads(b"".join(chunks).decode("utf-8"))
        return list(competences), list(modes)

    def close(self) -> None:
        """Remove the file (done too when the spool is collected)."""
        if self._descriptor >= 0:
            os.close(self._descriptor)
            self._descriptor = -1
        if self._name is not None:
            with contextlib.suppress(OSError):
                Path(self._name).unlink()
            self._name = None

    def __del__(self) -> None:
        self.close()
