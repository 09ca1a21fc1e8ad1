"""Writing the catalogue file atomically: a complete new file, or the previous one untouched.

The document is written to a temporary file in the same directory, flushed to disk, then moved
over the target with :func:`os.replace`, which is atomic on one file system. A write that fails
or is interrupted removes its temporary file; one killed outright (``kill -9``, a power cut)
cannot, so the temporary file's name holds the writer's process id, and the next write of the
same output removes the temporary files of writers that no longer run. A temporary file of a
process still running (another import of the same output, in progress) is never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from itineraire.files.documents import BlockDoc, CatalogueDoc
from itineraire.importing.spool import BlockTexts

__all__ = ["Streamed", "catalogue_json", "stale_temporaries", "with_texts", "write_atomically"]


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (UTF-8; a string, or its pieces in order) to ``path`` so that readers see
    the old file or the new one."""
    directory = path.parent if str(path.parent) else Path()
    for stale in stale_temporaries(path):
        with contextlib.suppress(OSError):
            stale.unlink()
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=directory
    )
    try:
        # mkstemp creates the file readable by its owner only; give it the usual mode instead.
        Path(temporary).chmod(_mode(path))
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            for piece in [text] if isinstance(text, str) else text:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)  # os.replace: atomic on one file system
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def stale_temporaries(path: Path) -> list[Path]:
    """The temporary files left beside ``path`` by writers of it that no longer run."""
    directory = path.parent if str(path.parent) else Path()
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(?P<pid>[0-9]+)\.[^.]+\.tmp$")
    try:
        names = [entry.name for entry in os.scandir(directory) if entry.is_file()]
    except OSError:
        return []
    found = []
    for name in sorted(names):
        matched = pattern.match(name)
        if matched and not _running(int(matched["pid"])):
            found.append(directory / name)
    return found


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":
        # Windows has no signal 0 to ask with (os.kill would end the process): keep the file.
        return True  # another write of this process (a thread) may be under way
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # it exists (another user's) or cannot be asked: leave its file alone
    return True


def _mode(path: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Streamed(list[Any]):
    """A list the JSON encoder walks without holding it: its length is known, its items are
    made by ``items`` each time it is walked. Only for the pure-Python encoder (``indent``
    given): the C one would read the list's own, empty, storage."""

    def __init__(self, length: int, items: Callable[[], Iterator[Any]]) -> None:
        super().__init__()
        self.length = length
        self.items = items

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Any]:
        return self.items()


def catalogue_json(data: dict[str, Any], texts: BlockTexts | None) -> Iterator[str]:
    """The catalogue file of ``data`` (a catalogue document dumped as JSON data, its format
    first) in pieces, the blocks' texts put back from ``texts``.

    The same text, byte for byte, as :func:`itineraire.files.export.to_json` gives for the
    whole document, but made one certification at a time: the pure-Python encoder that
    ``json.dumps`` uses for indented output yields its pieces as it goes, and the list of
    certifications hands it each one, texts included, only when it is reached.
    """
    if texts is not None and "certifications" in data:
        data = dict(data)
        data["certifications"] = _WithTexts(data["certifications"], texts)
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    pending: list[str] = []
    size = 0
    for piece in encoder.iterencode(data):
        pending.append(piece)
        size += len(piece)
        if size >= _BATCH:
            yield "".join(pending)
            pending, size = [], 0
    pending.append("\n")
    yield "".join(pending)


_BATCH = 1 << 20  # characters handed to the file at a time


class _WithTexts(list[Any]):
    """The certifications of a dumped document; each one comes out of iteration with its
    blocks' texts put back (the encoder only iterates, so one is whole at a time). The
    certifications themselves may be made as they are walked (an import's store)."""

    def __init__(self, certifications: list[dict[str, Any]], texts: BlockTexts) -> None:
        super().__init__()
        self.certifications = certifications
        self.texts = texts

    def __len__(self) -> int:
        return len(self.certifications)

    def __iter__(self) -> Iterator[Any]:
        for certification in self.certifications:
            blocks = certification.get("blocks")
            if not blocks or not any(block["code"] in self.texts for block in blocks):
                yield certification
                continue
            yield {**certification, "blocks": [_block(block, self.texts) for block in blocks]}


_BLOCK_KEYS = [field.alias or name for name, field in BlockDoc.model_fields.items()]


def _block(block: dict[str, Any], texts: BlockTexts) -> dict[str, Any]:
    if block["code"] not in texts:
        return block
    competences, modes = texts.get(block["code"])
    filled = {**block, "competences": competences, "evaluation_modes": modes}
    # The keys in the order of the document's fields, empty lists left out as the dump does.
    return {key: filled[key] for key in _BLOCK_KEYS if key in filled and filled[key] != []}


def with_texts(document: CatalogueDoc, texts: BlockTexts | None) -> CatalogueDoc:
    """``document`` with the blocks' texts put back from ``texts`` (the whole document)."""
    if texts is None:
        return document
    certifications = []
    for certification in document.certifications:
        if not any(block.code in texts for block in certification.blocks):
            certifications.append(certification)
            continue
        blocks = []
        for block in certification.blocks:
            if block.code in texts:
                competences, modes = texts.get(block.code)
                update = {"competences": competences, "evaluation_modes": modes}
                block = block.model_copy(update=update)
            blocks.append(block)
        certifications.append(certification.model_copy(update={"blocks": blocks}))
    return document.model_copy(update={"certifications": certifications})
