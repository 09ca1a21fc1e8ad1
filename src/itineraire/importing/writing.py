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
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["stale_temporaries", "write_atomically"]


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
