"""Reading raw files: bytes → a JSON-like mapping, with clear errors for unreadable input.

Faults found here (missing file, empty file, wrong encoding, syntax errors, duplicate keys) stop
the load: nothing past them can be trusted.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itineraire.errors import Problem
from itineraire.files.limits import (
    DEPTH,
    DOCUMENT_BYTES,
    LIST_ITEMS,
    TEXT_CHARS,
    Limit,
    NotARegularFileError,
    TooLargeError,
    read_bounded,
)

__all__ = ["UnreadableError", "bounds_problem", "read_document", "read_mapping"]

_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
# tomllib's terse messages, with what they usually mean in a catalogue.
_TOML_HINTS = {"Cannot overwrite a value": "Cannot overwrite a value (a key is set twice)"}
_TOML_PLACE = re.compile(r"^(?P<message>.*) \(at (?P<place>line \d+, column \d+)\)$", re.DOTALL)


class UnreadableError(Exception):
    """Internal: the input could not be read into a mapping; carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_mapping(
    source: Path | str | bytes, where: str, limit: Limit = DOCUMENT_BYTES
) -> Mapping[str, Any]:
    """Read a JSON or TOML document into a mapping.

    ``source`` is a path, or the document's bytes; a ``str`` is taken as a path, which must name
    a regular file no larger than ``limit``. The syntax is chosen by suffix (``.toml`` or
    ``.json``), otherwise guessed from the first character: ``{`` is JSON, ``[`` is JSON when it
    parses as JSON (a TOML table header otherwise), the rest TOML. The document is then held to
    the limits of :mod:`itineraire.files.limits` (nesting, text length, list length) and to the
    text rule (no lone surrogate).
    """
    return read_document(source, where, limit)[0]


def read_document(
    source: Path | str | bytes, where: str, limit: Limit = DOCUMENT_BYTES
) -> tuple[Mapping[str, Any], str]:
    """As :func:`read_mapping`, with the document's text (read once: the file may change)."""
    data, suffix = _read_bytes(source, where, limit)
    text = _decode(data, where)
    if not text:
        raise UnreadableError(Problem(where, "", "is empty"))
    if not text.strip():
        raise UnreadableError(Problem(where, "", "is empty (it holds only whitespace)"))
    parsed = _parse(text, suffix, where)
    if not isinstance(parsed, dict):
        kind = _KINDS.get(type(parsed), "null" if parsed is None else type(parsed).__name__)
        raise UnreadableError(Problem(where, "", f"expected an object at the top, found {kind}"))
    problem = bounds_problem(parsed, where)
    if problem is not None:
        raise UnreadableError(problem)
    return parsed, text


def bounds_problem(data: Mapping[str, Any], where: str) -> Problem | None:
    """The first place where ``data`` breaks a document limit or the text rule, or None.

    One walk, without recursion (a deep document must not exhaust the stack): nesting depth,
    the length of each string and list, and the text rule shared by every text field: a string
    is UTF-8 text, so a lone surrogate (which JSON's ``\\ud800`` escape can write) is refused.
    """
    depth_limit, text_limit, items_limit = DEPTH.value, TEXT_CHARS.value, LIST_ITEMS.value
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        if isinstance(value, str):
            message = _text_problem(value, text_limit)
        elif isinstance(value, dict | list):
            message = _container_problem(value, path, depth_limit, items_limit)
            if message is None:
                items = value.items() if isinstance(value, dict) else enumerate(value)
                for key, item in reversed(list(items)):
                    if isinstance(key, str) and (key_problem := _text_problem(key, text_limit)):
                        return Problem(where, _dotted(path), f"a key {key_problem}")
                    if isinstance(item, str | dict | list):
                        pending.append((item, (*path, key)))
        else:
            message = None
        if message is not None:
            return Problem(where, _dotted(path), message)
    return None


def _text_problem(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"holds a text of {TEXT_CHARS.exceeded(len(text))}"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            return (
                f"holds a lone surrogate (U+{ord(text[error.start]):04X}) at character"
                f" {error.start + 1}, which is not text; write the character itself"
            )
    return None


def _container_problem(
    value: dict[str, Any] | list[Any], path: tuple[str | int, ...], depth: int, items: int
) -> str | None:
    if len(path) >= depth:
        return f"nests lists or objects {DEPTH.exceeded(len(path) + 1)}"
    if len(value) > items:
        return f"has {LIST_ITEMS.exceeded(len(value))}"
    return None


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _parse(text: str, suffix: str, where: str) -> Any:
    if suffix == ".toml":
        return _parse_toml(text, where)
    first = text.lstrip()[:1]
    if suffix == ".json" or first == "{":
        return _parse_json(text, where)
    if first == "[":
        try:
            return json.loads(text)
        except ValueError:
            pass  # not JSON: a TOML file that opens with a table header
    return _parse_toml(text, where)


def _read_bytes(source: Path | str | bytes, where: str, limit: Limit) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        if len(source) > limit.value:
            raise UnreadableError(Problem(where, "", f"is {limit.exceeded(len(source))}"))
        return source, ""
    path = Path(source)
    try:
        return read_bounded(path, limit), path.suffix.lower()
    except FileNotFoundError:
        raise UnreadableError(Problem(where, "", "no such file")) from None
    except IsADirectoryError:
        raise UnreadableError(Problem(where, "", "is a directory, not a file")) from None
    except (NotARegularFileError, TooLargeError) as error:
        raise UnreadableError(Problem(where, "", str(error))) from None
    except OSError as error:
        raise UnreadableError(Problem(where, "", f"cannot be read ({error.strerror})")) from None


def _decode(data: bytes, where: str) -> str:
    try:
        # utf-8-sig: a byte-order mark written by some editors is harmless, so accept it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableError(
            Problem(
                where,
                f"line {line}",
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
    except RecursionError:
        raise UnreadableError(Problem(where, "", _TOO_DEEP)) from None
    except ValueError as error:
        # Python refuses integers of more than 4,300 digits with a plain ValueError.
        raise UnreadableError(Problem(where, "", f"invalid JSON: {error}")) from None


_TOO_DEEP = "nesting is too deep for a catalogue or a learner (lists or objects inside each other)"


class _DuplicateKeyError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON allows a key twice and keeps the last value; in a catalogue that hides a mistake.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(
                f"invalid JSON: key {key!r} appears twice in {_object_name(pairs)}"
            )
        result[key] = value
    return result


def _object_name(pairs: list[tuple[str, Any]]) -> str:
    # The hook sees no position: name the object by its identifier so it can be found.
    for name in ("id", "code", "name", "block", "competence"):
        for key, value in pairs:
            if key == name and isinstance(value, str):
                return f"the object with {name} {value!r}"
    return "one object"


def _parse_toml(text: str, where: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_PLACE.match(str(error))
        place, message = (found["place"], found["message"]) if found else ("", str(error))
        message = _TOML_HINTS.get(message, message)
        raise UnreadableError(Problem(where, place, f"invalid TOML: {message}")) from None
    except RecursionError:
        raise UnreadableError(Problem(where, "", _TOO_DEEP)) from None
    except ValueError as error:
        raise UnreadableError(Problem(where, "", f"invalid TOML: {error}")) from None
