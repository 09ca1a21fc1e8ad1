"""What a scenario file may name: files in its own folder or below it, and regular files only.

A scenario is a document people pass around; the files it names (its base catalogue, learner
files) are read on the reader's machine. So a name is a relative path, resolved from the
scenario's folder, that stays inside that folder once ``..`` and symbolic links are followed:
an absolute path (``/etc/passwd``) or a path that climbs out is refused before anything is
opened. What is named must then be a regular file: a device (``/dev/zero``), a pipe or a folder
is refused when it is opened, before a byte is read
(:func:`itineraire.files.limits.open_regular`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from itineraire.errors import Problem
from itineraire.files._reading import UnreadableError

__all__ = ["referenced_file"]


def referenced_file(folder: Path, name: str) -> Path:
    """The path of the file a scenario in ``folder`` names ``name``; raises
    :class:`UnreadableError` when the name leads outside the folder."""
    message = _refusal(folder, name)
    if message is not None:
        raise UnreadableError(Problem("file", "", message))
    return folder / name


_RULE = "a scenario names files relative to its own folder, in that folder or below it"


def _refusal(folder: Path, name: str) -> str | None:
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.drive or windows.root or name.startswith("~"):
        return f"is an absolute path; {_RULE}"
    if ".." in posix.parts or ".." in windows.parts:
        return f"climbs out of the scenario's folder ('..'); {_RULE}"
    try:
        inside = (folder / name).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of symbolic links
        return "cannot be resolved (a loop of symbolic links?)"
    if not inside:
        return f"leads out of the scenario's folder through a symbolic link; {_RULE}"
    return None
