"""Reading raw files: bytes → a JSON-like mapping, with clear errors for unreadable input.

Faults found here (missing file, empty file, wrong encoding, syntax errors, duplicate keys) stop
the load: nothing past them can be trusted.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itineraire.errors import Problem

__all__ = ["UnreadableError", "read_mapping"]


class UnreadableError(Exception):
    """Internal: the input could not be read into a mapping; carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_mapping(source: Path | str | bytes, where: str) -> Mapping[str, Any]:
    """Read a JSON or TOML document into a mapping.

    ``source`` is a path, or the document's bytes; a ``str`` is taken as a path. The syntax is
    chosen by suffix (``.toml`` or ``.json``), otherwise guessed from the first character.
    """
    data, suffix = _read_bytes(source, where)
    text = _decode(data, where)
    if not text.strip():
        raise UnreadableError(Problem(where, "", "the file is empty"))
    is_toml = suffix == ".toml" or (suffix != ".json" and not text.lstrip().startswith("{"))
    parsed = _parse_toml(text, where) if is_toml else _parse_json(text, where)
    if not isinstance(parsed, dict):
        kind = type(parsed).__name__
        raise UnreadableError(Problem(where, "", f"expected an object at the top, found {kind}"))
    return parsed


def _read_bytes(source: Path | str | bytes, where: str) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, ""
    path = Path(source)
    try:
        return path.read_bytes(), path.suffix.lower()
    except FileNotFoundError:
        raise UnreadableError(Problem(where, "", "no such file")) from None
    except IsADirectoryError:
        raise UnreadableError(Problem(where, "", "is a directory, not a file")) from None
    except OSError as error:
        raise UnreadableError(Problem(where, "", f"cannot be read ({error.strerror})")) from None


def _decode(data: bytes, where: str) -> str:
    try:
        # utf-8-sig: a byte-order mark written by some editors is harmless, so accept it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise UnreadableError(
            Problem(
                where,
                "",
                f"is not UTF-8 text (byte 0x{byte:02x} at offset {error.start}); save it as UTF-8",
            )
        ) from None


def _parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as error:
        raise UnreadableError(
            Problem(
                where,
                f"line {error.lineno}, column {error.colno}",
                f"invalid JSON: {error.msg}",
            )
        ) from None
    except _DuplicateKeyError as error:
        raise UnreadableError(Problem(where, "", str(error))) from None


class _DuplicateKeyError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON allows a key twice and keeps the last value; in a catalogue that hides a mistake.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(f"invalid JSON: key {key!r} appears twice in one object")
        result[key] = value
    return result


def _parse_toml(text: str, where: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableError(Problem(where, "", f"invalid TOML: {error}")) from None
